import ArgumentParser
import CLIKit
import Contracts
import Foundation
import Messaging

extension SupportDesk.Agent.Role: ExpressibleByArgument {}

/// `rbnctl agent add|list|show|change|remove`: the support desk's agents and their broker users,
/// made in one step each so that nothing is granted by hand.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "The support desk's agents: their scope and their broker user.",
        discussion: """
            'add' saves the agent with their role and scope, makes their broker user with exactly the desk's \
            rights and limits (rabbitmqctl on the broker's host: --rabbitmqctl or $RBN_RABBITMQCTL), and writes \
            their desk config and password file (mode 0600) to hand over. 'remove' closes their broker access \
            and leaves their tickets unassigned, each with an entry in its history.
            """,
        subcommands: [Add.self, List.self, Show.self, Change.self, Remove.self])

    /// Where the agent works.
    struct Scope: ParsableArguments {
        @Option(name: .customLong("school"), help: "A Schulnummer (repeat for more).") var schools: [String] = []
        @Option(name: .customLong("network"), help: "A network id (repeat for more).") var networks: [String] = []
        @Option(name: .customLong("schultraeger"), help: "A Schulträger id (repeat for more).")
        var schultraeger: [String] = []
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an agent and their broker user.")
        @OptionGroup var common: Common
        @Argument(help: "The agent's id, which becomes their broker user.") var id: String
        @Option(help: "Full name.") var name: String
        @Option(help: "first-level, second-level, coordinator or admin.") var role: SupportDesk.Agent.Role
        @OptionGroup var scope: Scope
        @Option(help: "Where SLA warnings reach them.") var email: String?
        @Option(help: "Where their desk config and password file go (default: ./desk-ID).") var configDir: String?
        @Option(help: "The rabbitmqctl command on the broker's host (default: $RBN_RABBITMQCTL, else rabbitmqctl).")
        var rabbitmqctl: String?

        func validate() throws {
            guard id.range(of: #"^[a-z0-9][a-z0-9._-]{1,63}$"#, options: .regularExpression) != nil else {
                throw ValidationError(
                    "an agent id has 2 to 64 characters: lower-case letters, digits, '.', '_' and '-' (e.g. m.mueller)")
            }
            if let email, !MailAddress.isValid(email) { throw ValidationError("'\(email)' is not an e-mail address") }
        }

        func run() async throws {
            let agent = SupportDesk.Agent(
                id: id, name: name, role: role, schools: scope.schools, networks: scope.networks,
                schultraeger: scope.schultraeger, email: email)
            let config = try AMQPConfiguration(uri: common.broker.url)
            let directory = configDir ?? "desk-\(id)"
            // The directory first: a place the files cannot be written to stops before anything is made.
            try Self.makePrivateDirectory(directory)
            let saved = try await withClient(common.broker) { client in
                // Adding never changes an agent that exists: that is 'change', and needs no new user.
                do {
                    _ = try await client.request(SupportDesk.ListAgents(id: id), expecting: SupportDesk.AgentList.self)
                    throw CLIError(
                        .refused, "there is an agent '\(id)' already; change them with 'rbnctl agent change \(id)'")
                } catch let error as CLIError where error.code == "not-found" {}
                return try await client.request(SupportDesk.SaveAgent(agent), expecting: SupportDesk.AgentDetails.self)
            }
            let accounts = BrokerAccounts(command: rabbitmqctl, vhost: config.virtualHost)
            let password = try accounts.add(id)
            let passwordFile = "\(directory)/desk.password"
            var url = config
            url.user = id
            let broker = url.redactedURI.replacingOccurrences(of: "\(id)@", with: "")
            try Self.writePrivate(passwordFile, password + "\n")
            try Self.writePrivate(
                "\(directory)/desk.toml",
                """
                # The desk of \(name) (\(role.rawValue)); hand this folder over securely.
                amqp_url = "\(broker)"
                agent = "\(id)"
                password_file = "\(URL(fileURLWithPath: passwordFile).standardizedFileURL.path)"

                """)
            if common.json { return try printJSON(saved) }
            print("agent \(id) added (\(role.rawValue)); their desk config is \(directory)/desk.toml (mode 0600)")
            print("they use it with: desk list --config \(directory)/desk.toml")
        }

        static func makePrivateDirectory(_ path: String) throws {
            do {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
            } catch {
                throw CLIError(.failure, "cannot make the directory \(path): \(error.localizedDescription)")
            }
        }

        static func writePrivate(_ path: String, _ text: String) throws {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            guard fd >= 0 else { throw CLIError(.failure, "cannot write \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            fchmod(fd, 0o600)
            let bytes = Array(text.utf8)
            guard write(fd, bytes, bytes.count) == bytes.count else {
                throw CLIError(.failure, "cannot write \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every agent, with role and scope.")
        @OptionGroup var common: Common

        func run() async throws {
            let list = try await withClient(common.broker) { client in
                try await client.request(SupportDesk.ListAgents(), expecting: SupportDesk.AgentList.self)
            }
            if common.json { return try printJSON(list) }
            guard !list.agents.isEmpty else { return print("no agents yet; add one with 'rbnctl agent add'") }
            AgentCommand.show(list.agents)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One agent.")
        @OptionGroup var common: Common
        @Argument(help: "The agent's id.") var id: String

        func run() async throws {
            let list = try await withClient(common.broker) { client in
                try await client.request(SupportDesk.ListAgents(id: id), expecting: SupportDesk.AgentList.self)
            }
            if common.json { return try printJSON(list.agents.first) }
            AgentCommand.show(list.agents)
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an agent's name, role, scope or address; scope options replace the lists given.")
        @OptionGroup var common: Common
        @Argument(help: "The agent's id.") var id: String
        @Option(help: "Full name.") var name: String?
        @Option(help: "first-level, second-level, coordinator or admin.") var role: SupportDesk.Agent.Role?
        @OptionGroup var scope: Scope
        @Option(help: "Where SLA warnings reach them.") var email: String?

        func validate() throws {
            if let email, !MailAddress.isValid(email) { throw ValidationError("'\(email)' is not an e-mail address") }
        }

        func run() async throws {
            let saved = try await withClient(common.broker) { client in
                let current = try await client.request(
                    SupportDesk.ListAgents(id: id), expecting: SupportDesk.AgentList.self)
                guard var agent = current.agents.first else { throw CLIError(.refused, "there is no agent '\(id)'") }
                if let name { agent.name = name }
                if let role { agent.role = role }
                if !scope.schools.isEmpty { agent.schools = scope.schools }
                if !scope.networks.isEmpty { agent.networks = scope.networks }
                if !scope.schultraeger.isEmpty { agent.schultraeger = scope.schultraeger }
                if let email { agent.email = email }
                return try await client.request(SupportDesk.SaveAgent(agent), expecting: SupportDesk.AgentDetails.self)
            }
            if common.json { return try printJSON(saved) }
            AgentCommand.show([saved.agent])
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove an agent: their broker user goes, their tickets are left unassigned.")
        @OptionGroup var common: Common
        @Argument(help: "The agent's id.") var id: String
        @Option(help: "The rabbitmqctl command on the broker's host (default: $RBN_RABBITMQCTL, else rabbitmqctl).")
        var rabbitmqctl: String?

        func run() async throws {
            let config = try AMQPConfiguration(uri: common.broker.url)
            let removed = try await withClient(common.broker) { client in
                try await client.request(SupportDesk.RemoveAgent(id: id), expecting: SupportDesk.AgentRemoved.self)
            }
            try BrokerAccounts(command: rabbitmqctl, vhost: config.virtualHost).remove(id)
            if common.json { return try printJSON(removed) }
            let tickets = removed.unassigned.map { "#\($0)" }.joined(separator: ", ")
            print(
                "agent \(id) removed; their broker user is gone"
                    + (removed.unassigned.isEmpty ? "" : "; unassigned: \(tickets)"))
        }
    }

    static func show(_ agents: [SupportDesk.Agent]) {
        var t = Table("ID", "NAME", "ROLE", "SCOPE", "E-MAIL")
        for a in agents {
            let scope = (a.schools + a.networks + a.schultraeger).joined(separator: ", ")
            t.add(a.id, a.name, a.role.rawValue, scope.isEmpty ? "everything" : scope, a.email ?? "-")
        }
        print(t.render())
    }
}
