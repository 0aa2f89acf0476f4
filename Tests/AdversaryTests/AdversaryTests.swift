import Contracts
import Foundation
import GRDB
import NotificationService
import PortalService
import RBNTestSupport
import RegistryService
import ServiceKit
import SupportDeskService
import Testing
import TrainingService

/// Issue 17: the whole suite as `make run` has it (real processes, a broker user per service and
/// per agent), attacked by an outsider who holds one agent's login, with an independent AMQP client
/// (`Tests/Adversary/attack.py`, Python's pika). Every attack must come to nothing, visibly (a
/// refusal with its reason, or a dead letter with its code), and every good command sent between
/// the attacks must arrive.
@Suite("Adversary", .serialized, .hangGuard)
struct AdversaryTests {
    static let services = [
        RegistryService.definition(), SupportDeskService.configurable(), TrainingService.configurable(),
        NotificationService.configurable(), PortalService.configurable(),
    ]

    struct Report: Decodable {
        struct Case: Decodable {
            let name: String
            let ok: Bool
            let detail: String
            let ids: [String]
            let deadCode: String?
        }
        struct Good: Decodable {
            let title: String
            let answered: Bool
        }
        let cases: [Case]
        let good: [Good]
    }

    struct Letter: Decodable {
        let messageID: String
        let reason: String
        let sender: String?
    }

    @Test func anOutsiderWithAnAgentsLoginGetsNowhere() async throws {
        try await Installation.with(services: Self.services) { i in
            let sys = i.sys
            for (binary, user) in [
                ("registry", "registry"), ("support-desk", "supportdesk"), ("training", "training"),
                ("notification", "notification"), ("portal", "portal"),
            ] {
                try i.start(binary, user: user)
            }
            var ctl = try i.cli("rbnctl")
            ctl["RBN_RABBITMQCTL"] = "\(ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? "") ctl"
            let seeded = try await sys.retryWhileUnavailable(
                ["registry", "seed", "\(SystemUnderTest.repository)/seeds", "--timeout", "60"], environment: ctl)
            #expect(seeded.status == 0, "\(seeded.stderr)")
            // Two agents of different networks, made as operators make them.
            let (eve, anna) = ("eve.\(i.prefix.dropLast())", "anna.\(i.prefix.dropLast())")
            for (id, school) in [(eve, "193001"), (anna, "155101")] {
                let added = try await sys.run(
                    "rbnctl",
                    [
                        "agent", "add", id, "--name", id, "--role", "first-level", "--school", school, "--config-dir",
                        "\(sys.directory)/desk-\(id)",
                    ], environment: ctl)
                #expect(added.status == 0, "\(added.stdout) \(added.stderr)")
            }
            defer {
                Task {
                    _ = try? await sys.ctl(["delete_user", eve]); _ = try? await sys.ctl(["delete_user", anna])
                }
            }
            let asEve = ["RBN_AMQP_URL": "", "DESK_AGENT": ""]
            let eveConfig = ["--config", "\(sys.directory)/desk-\(eve)/desk.toml"]
            // The desk knows the schools once a ticket of Eve's school opens.
            let warm = try await sys.openTicket(
                title: "Vor dem Angriff", requester: "Anna Becker <anna.becker@schule.example>", text: "Warm-up.",
                category: "network", extra: eveConfig, environment: asEve
            ).run
            #expect(warm.status == 0, "\(warm.stderr)")
            let inboxBefore = try Self.inboxRows(sys)

            // The attack, as an independent client.
            let password = { (id: String) in
                try String(contentsOfFile: "\(sys.directory)/desk-\(id)/desk.password", encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let report = "\(sys.directory)/adversary.json"
            let attack = await Subprocess.run([
                "/usr/bin/python3", "\(SystemUnderTest.repository)/Tests/Adversary/attack.py",
                "amqp://127.0.0.1:\(sys.port)/\(sys.vhost)", eve, try password(eve), anna, try password(anna), report,
                "193001", "155101", i.prefix + "registry", i.prefix + "portal", try i.password("portal"),
            ])
            print(attack.output)
            #expect(attack.status == 0, "\(attack.output.suffix(3000))")
            let result = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
            #expect(result.cases.count == 11)
            for c in result.cases { #expect(c.ok, "\(c.name): \(c.detail)") }

            // What went to the dead-letter queue went there with its reason, and a forged sender
            // header is not the letter's sender.
            let expected = result.cases.filter { $0.deadCode != nil }
            var letters: [Letter] = []
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                let r = try await sys.run(
                    "rbnctl", ["dlq", "list", "supportdesk", "--limit", "1000", "--json"], environment: ctl)
                letters = (try? JSONDecoder().decode([Letter].self, from: Data(r.stdout.utf8))) ?? []
                let ids = Set(letters.map(\.messageID))
                if expected.allSatisfy({ $0.ids.allSatisfy(ids.contains) }) && ids.contains("huge-id") { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            for c in expected {
                for id in c.ids {
                    let letter = letters.first { $0.messageID == id }
                    #expect(letter != nil, "\(c.name): \(id) is not in supportdesk.dead")
                    if let letter, c.deadCode != "any" {
                        #expect(letter.reason.hasPrefix("\(c.deadCode ?? ""):"), "\(c.name): \(letter.reason)")
                    }
                }
            }
            let forged = result.cases.first { $0.name == "forged-sender" }?.ids.first
            #expect(letters.first { $0.messageID == forged }?.sender == nil, "the forged sender survived")
            #expect(letters.first { $0.messageID == "huge-id" }?.reason.hasPrefix("too-long:") == true)
            let registryDead = try await sys.run("rbnctl", ["dlq", "list", "registry"], environment: ctl)
            #expect(
                registryDead.stdout.contains("no dead letters"), "a reply reached the registry: \(registryDead.stdout)")

            // No good command was lost, and 10,000 refused requests left nothing in the store.
            #expect(result.good.count == 9 && result.good.allSatisfy(\.answered))
            let listed = try await sys.run(
                "desk", ["list", "--limit", "500", "--json"] + eveConfig, environment: asEve)
            for g in result.good { #expect(listed.stdout.contains(g.title), "\(g.title) is lost") }
            let inboxAfter = try Self.inboxRows(sys)
            #expect(inboxAfter - inboxBefore < 100, "the inbox grew by \(inboxAfter - inboxBefore) rows")
            for binary in SuiteCatalogue.services.map(\.executable) {
                let alive = sys.pid(of: binary).map { kill($0, 0) == 0 } ?? false
                #expect(alive, "\(binary) did not survive the attack")
            }
        }
    }

    static func inboxRows(_ sys: SystemUnderTest) throws -> Int {
        var config = Configuration()
        config.readonly = true
        return try DatabaseQueue(path: "\(sys.directory)/support-desk.sqlite", configuration: config).read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM rbn_inbox") ?? 0
        }
    }
}
