import Contracts
import Foundation
import RBNTestSupport
import Testing

/// Issue 17, finding 11: `rbnctl agent` makes an agent in one step (their scope in the support
/// desk, their broker user with exactly the desk's rights and limits, a 0600 desk config), and
/// removing them closes their broker access and leaves their tickets unassigned, with an audit entry.
@Suite("rbnctl agent", .hangGuard)
struct AgentCommandTests {
    @Test func anAgentIsAddedWorksAndIsRemovedForGood() async throws {
        try await SystemUnderTest.with(services: ["support-desk"]) { sys in
            let ctl = ["RBN_RABBITMQCTL": "\(ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? "") ctl"]
            let id = "anna.\(sys.vhost.suffix(8))"
            let dir = "\(sys.directory)/desk-anna"
            // The registry's schools reach the desk first; then the agent goes in.
            let (opened, ticketID) = try await sys.openTicket(
                title: "WLAN im Raum 204 fällt aus", requester: "Jörg Müller <joerg.mueller@schule.example>",
                text: "Seit Montag.", category: "network")
            let ticket = try #require(ticketID, "\(opened.stderr)")

            let added = try await sys.run(
                "rbnctl",
                [
                    "agent", "add", id, "--name", "Anna Becker", "--role", "first-level", "--school", "193001",
                    "--email", "anna.becker@schule.example", "--config-dir", dir,
                ], environment: ctl)
            #expect(added.status == 0, "\(added.stdout) \(added.stderr)")
            for (path, mode) in [(dir, 0o700), ("\(dir)/desk.toml", 0o600), ("\(dir)/desk.password", 0o600)] {
                let actual = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
                #expect(actual?.intValue == mode, "\(path) is \(String(actual?.intValue ?? 0, radix: 8))")
            }
            let config = try String(contentsOfFile: "\(dir)/desk.toml", encoding: .utf8)
            let password = try String(contentsOfFile: "\(dir)/desk.password", encoding: .utf8)
            #expect(
                config.contains("agent = \"\(id)\"") && !config.contains(password.trimmingCharacters(in: .newlines)))
            // Exactly the desk's rights and the CLIs' limits.
            let permissions = try await sys.ctl(["list_user_permissions", id])
            #expect(permissions.contains("\(sys.vhost)\t^$\t^rbn\\.commands$\t^$"), "\(permissions)")
            let limits = try await sys.ctl(["list_user_limits", "--user", id])
            #expect(limits.contains("\"max-connections\":10"), "\(limits)")
            // A second add of the same id is refused, and changes nothing.
            let again = try await sys.run(
                "rbnctl", ["agent", "add", id, "--name", "X", "--role", "admin", "--config-dir", dir], environment: ctl)
            #expect(again.status != 0)

            // The agent works with the config they were handed.
            let asAgent = ["RBN_AMQP_URL": "", "DESK_AGENT": ""]
            let take = try await sys.run(
                "desk", ["take", "\(ticket)", "--config", "\(dir)/desk.toml"], environment: asAgent)
            #expect(take.status == 0, "\(take.stdout) \(take.stderr)")
            let list = try await sys.run("rbnctl", ["agent", "list", "--json"])
            #expect(
                list.status == 0 && list.stdout.contains(id) && list.stdout.contains("first-level"),
                "\(list.stdout) \(list.stderr)")
            let changed = try await sys.run("rbnctl", ["agent", "change", id, "--name", "Anna Becker-Lange"])
            #expect(changed.status == 0 && changed.stdout.contains("Anna Becker-Lange"), "\(changed.stderr)")

            // Removed: no more login, and the ticket is nobody's, with the reason in its history.
            let removed = try await sys.run("rbnctl", ["agent", "remove", id], environment: ctl)
            #expect(removed.status == 0 && removed.stdout.contains("unassigned: #\(ticket)"), "\(removed.stderr)")
            let refused = try await sys.run(
                "desk", ["list", "--config", "\(dir)/desk.toml"], environment: asAgent)
            #expect(refused.status == 4, "\(refused.stdout) \(refused.stderr)")
            let shown = try await sys.run("desk", ["show", "\(ticket)", "--json"])
            let details = try JSONDecoder().decode(SupportDesk.TicketDetails.self, from: Data(shown.stdout.utf8))
            #expect(details.ticket.assignee == nil)
            #expect(
                details.history.contains {
                    $0.action == "unassign" && $0.text?.contains("\(id)) was removed as an agent") == true
                })
            #expect(try await sys.run("rbnctl", ["agent", "show", id]).status == 3)
            #expect(!(try await sys.ctl(["list_users"])).contains(id))
        }
    }
}
