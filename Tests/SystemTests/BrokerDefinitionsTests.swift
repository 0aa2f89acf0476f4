import Catalogue
import Contracts
import Foundation
import Logging
import Messaging
import NotificationService
import RBNTestSupport
import RegistryService
import ServiceKit
import SupportDeskService
import Testing
import TrainingService

/// `deploy/rabbitmq/definitions.json`: current with what the services declare, and, imported into
/// a broker, a user per service that can do its work and nothing of another's.
@Suite("Broker definitions and users", .serialized, .hangGuard)
struct BrokerDefinitionsTests {
    static let services = (try? SuiteDefinitions.all().map(\.definition)) ?? []

    @Test func theShippedFileIsCurrent() throws {
        let path = "\(SystemUnderTest.repository)/deploy/rabbitmq/definitions.json"
        let shipped = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        let current = try JSONSerialization.jsonObject(with: BrokerDefinitions.document(services: Self.services))
        #expect(
            (shipped as? NSDictionary) == (current as? NSDictionary),
            "deploy/rabbitmq/definitions.json is out of date: run 'make definitions'")
        let users = ((current as? [String: Any])?["users"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(users?.sorted() == ["desk", "notification", "portal", "rbnctl", "registry", "supportdesk", "training"])
    }

    /// Runs `body` in an installation of the suite's users (see ``Installation``).
    static func installation(
        environment: [String: [String: String]] = [:], _ body: (Installation) async throws -> Void
    ) async throws {
        try await Installation.with(services: services, environment: environment, body)
    }

    @Test func eachServiceWorksAsItsOwnUserAndCannotActAsAnother() async throws {
        // The registry logs at debug level, so that the check below for passwords in its log sees
        // everything it writes.
        try await Self.installation(environment: ["registry": ["RBN_LOG_LEVEL": "debug"]]) { installation in
            let (sys, prefix, secrets) = (installation.sys, installation.prefix, installation.secrets)
            let password = installation.password
            // The registry, connected as its own user from its 0600 config file (as `make run` and
            // systemd start it), declares its queues and answers rbnctl's user.
            let configFile = "\(secrets)/registry-in-vhost.json"
            let url = sys.brokerURL(user: prefix + "registry", password: try password("registry"))
            #expect(
                FileManager.default.createFile(
                    atPath: configFile, contents: Data(#"{"amqp": {"url": "\#(url)"}}"#.utf8),
                    attributes: [.posixPermissions: 0o600]))
            try sys.start("registry", config: configFile)
            let asCtl = ["RBN_AMQP_URL": sys.brokerURL(user: prefix + "rbnctl", password: try password("rbnctl"))]
            let seeded = try await sys.retryWhileUnavailable(
                ["registry", "seed", "\(SystemUnderTest.repository)/seeds", "--timeout", "60"], environment: asCtl)
            #expect(seeded.status == 0, "\(seeded.stderr)")
            let networks = try await sys.run("rbnctl", ["registry", "networks"], environment: asCtl)
            #expect(networks.status == 0 && networks.stdout.contains("kreis-lippe"), "\(networks.stderr)")
            // Operators read and purge dead letters with rbnctl's user.
            let dead = try await sys.run("rbnctl", ["dlq", "list", "registry"], environment: asCtl)
            #expect(dead.status == 0 && dead.stdout.contains("no dead letters"), "\(dead.stderr)")
            #expect(try await sys.run("rbnctl", ["dlq", "purge", "registry", "--yes"], environment: asCtl).status == 0)

            // The training user can neither read the registry's commands nor send as the registry.
            var config = try AMQPConfiguration(
                uri: sys.brokerURL(user: prefix + "training", password: try password("training")))
            config.clientName = "security-test"
            let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
            let training = try await AMQPConnection.connect(config, logger: quiet)
            let consumeError = await #expect(throws: AMQPError.self) {
                _ = try await training.consume(queue: "registry.commands")
            }
            #expect("\(consumeError.map { "\($0)" } ?? "")".contains("ACCESS_REFUSED"))
            var forged = try EnvelopeCodec.message(for: Envelope(Registry.ListNetworks()))
            forged.properties.userID = prefix + "registry"
            let forgeError = await #expect(throws: AMQPError.self) {
                try await training.publish(forged, exchange: RBNTopology.commandsExchange, routingKey: "registry")
            }
            #expect("\(forgeError.map { "\($0)" } ?? "")".contains("PRECONDITION_FAILED"))
            // As itself, the broker lets it send, but the registry refuses a user who is no operator,
            // and logs who it was.
            forged.properties.userID = prefix + "training"
            let reply = try await training.call(forged, exchange: RBNTopology.commandsExchange, routingKey: "registry")
            let refusal = try JSONDecoder().decode(Envelope<ErrorReply>.self, from: reply.body).data
            #expect(refusal.code == "not-permitted" && refusal.message.contains("\(prefix)training is not an operator"))
            await training.close()
            let log = try String(contentsOfFile: "\(sys.directory)/registry.log", encoding: .utf8)
            #expect(
                log.split(separator: "\n").contains {
                    $0.contains("request refused: not permitted") && $0.contains("\(prefix)training")
                }, "\(log.suffix(2000))")
            // rbnctl run as the desk's user: not permitted (exit 4), and nothing changes.
            let asDesk = ["RBN_AMQP_URL": sys.brokerURL(user: prefix + "desk", password: try password("desk"))]
            let denied = try await sys.run("rbnctl", ["registry", "networks"], environment: asDesk)
            #expect(denied.status == 4 && denied.stderr.contains("not an operator"), "\(denied.stderr)")
            let backup = try await sys.run("rbnctl", ["backup", "registry"], environment: asDesk)
            #expect(backup.status == 4, "\(backup.stdout) \(backup.stderr)")

            // The desk's user reads no queue at all, not even the dead letters rbnctl may read.
            let desk = try await AMQPConnection.connect(
                try AMQPConfiguration(uri: sys.brokerURL(user: prefix + "desk", password: try password("desk"))),
                logger: quiet)
            let deskError = await #expect(throws: AMQPError.self) { _ = try await desk.consume(queue: "registry.dead") }
            #expect("\(deskError.map { "\($0)" } ?? "")".contains("ACCESS_REFUSED"))
            await desk.close()

            // No password in the registry's command line (what `ps` shows), environment or log,
            // nor in what the CLIs printed.
            let pid = try #require(sys.pid(of: "registry"))
            let seen = [
                try String(decoding: Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")), as: UTF8.self),
                try String(decoding: Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")), as: UTF8.self),
                try String(contentsOfFile: "\(sys.directory)/registry.log", encoding: .utf8),
                networks.stdout, networks.stderr, denied.stdout, denied.stderr, backup.stdout, backup.stderr,
            ]
            #expect(seen[2].contains("amqp.uri"), "the registry logged its start: \(seen[2].prefix(500))")
            for user in ["registry", "rbnctl", "desk", "training"] {
                let secret = try password(user)
                #expect(!secret.isEmpty && !seen.contains { $0.contains(secret) }, "\(user)'s password is shown")
            }
        }
    }

    /// A dead letter as `rbnctl dlq list --json` shows it.
    struct Letter: Decodable {
        let messageID: String
        let reason: String
        let sender: String?
    }

    /// Events count only from the service that owns them: another service's user may publish one
    /// (the broker checks only that it names itself), but the consumer dead-letters it with the
    /// reason. Dead letters keep their sender, so a replay sends a desk user's command as theirs.
    @Test func forgedEventsAreDeadLetteredAndDeadLettersKeepTheirSender() async throws {
        try await Self.installation { i in
            let sys = i.sys
            try i.start("registry", user: "registry")
            try i.start("training", user: "training")
            let ctl = try i.cli("rbnctl")
            let seeded = try await sys.retryWhileUnavailable(
                ["registry", "seed", "\(SystemUnderTest.repository)/seeds", "--timeout", "60"], environment: ctl)
            #expect(seeded.status == 0, "\(seeded.stderr)")
            func letters(_ service: String, until done: ([Letter]) -> Bool) async throws -> [Letter] {
                let deadline = ContinuousClock.now + .seconds(30)
                while true {
                    let r = try await sys.run("rbnctl", ["dlq", "list", service, "--json"], environment: ctl)
                    let list = (try? JSONDecoder().decode([Letter].self, from: Data(r.stdout.utf8))) ?? []
                    if done(list) || ContinuousClock.now > deadline { return list }
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
            let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
            func connect(_ user: String) async throws -> AMQPConnection {
                try await AMQPConnection.connect(
                    AMQPConfiguration(uri: sys.brokerURL(user: i.prefix + user, password: try i.password(user))),
                    logger: quiet)
            }

            // The support desk's user "erases" a person as if it were the registry.
            let supportdesk = try await connect("supportdesk")
            var forged = try EnvelopeCodec.message(
                for: Envelope(Registry.PersonErased(personID: "p-forged", email: "anna.becker@schule.example")))
            forged.properties.userID = i.prefix + "supportdesk"
            try await supportdesk.publish(
                forged, exchange: RBNTopology.eventsExchange,
                routingKey: Registry.PersonErased.messageType.eventRoutingKey)
            await supportdesk.close()
            let id = try #require(forged.properties.messageID)
            _ = try await letters("training") { $0.contains { $0.messageID == id } }
            // A moment more: the registry's own events, published during and after the seeds, pass.
            try await Task.sleep(for: .seconds(2))
            let dead = try await letters("training") { _ in true }
            #expect(dead.count == 1, "only the forged event: \(dead.map(\.reason))")
            #expect(dead.first?.messageID == id && dead.first?.sender == i.prefix + "supportdesk")
            #expect(
                dead.first?.reason
                    == "not-permitted: \(i.prefix)supportdesk may not publish registry's events; they come from "
                    + "'\(i.prefix)registry' (setting publishers)")

            // A command from the desk's user that the registry cannot read: dead-lettered by the
            // registry's user, which may not publish as the desk, so the sender goes in a header.
            let desk = try await connect("desk")
            var unreadable = try EnvelopeCodec.message(for: Envelope(Registry.ListNetworks()))
            let type = try #require(unreadable.properties.type)
            unreadable.body = Data(
                String(decoding: unreadable.body, as: UTF8.self).replacingOccurrences(
                    of: type, with: "de.nrw.rbn.registry.network.frobnicate.v1"
                ).utf8)
            unreadable.properties.type = "de.nrw.rbn.registry.network.frobnicate.v1"
            unreadable.properties.userID = i.prefix + "desk"
            try await desk.publish(unreadable, exchange: RBNTopology.commandsExchange, routingKey: "registry")
            await desk.close()
            let command = try #require(unreadable.properties.messageID)
            let first = try await letters("registry") { $0.contains { $0.messageID == command } }
            #expect(first.first { $0.messageID == command }?.sender == i.prefix + "desk")
            #expect(first.first { $0.messageID == command }?.reason.hasPrefix("unknown-type: ") == true)
            // Replayed as the desk's: the registry still cannot read it, and it comes back, still the desk's.
            let replay = try await sys.run("rbnctl", ["dlq", "replay", "registry", command], environment: ctl)
            #expect(replay.status == 0, "\(replay.stdout) \(replay.stderr)")
            let again = try await letters("registry") { $0.contains { $0.messageID == command } }
            #expect(again.first { $0.messageID == command }?.sender == i.prefix + "desk")
            let log = try String(contentsOfFile: "\(sys.directory)/registry.log", encoding: .utf8)
            #expect(!log.contains("cannot dead-letter"), "\(log.suffix(2000))")
        }
    }
}
