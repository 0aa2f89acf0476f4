import Contracts
import Foundation
import GRDB
import Logging
import Messaging
import RBNTestSupport
import ServiceKit
import Testing

/// `rbnctl status` and `rbnctl backup` against the real processes: every service answers with its
/// queues and outbox; a service that is down shows as such; a backup copy restores the store.
@Suite("rbnctl status and backup", .timeLimit(.minutes(4)))
struct OperationsTests {
    @Test func statusShowsEveryServiceAndOneThatIsDown() async throws {
        try await SystemUnderTest.with(services: ["support-desk", "training", "notification"]) { sys in
            var run = try sys.run("rbnctl", ["status", "--json"])
            for _ in 0..<40 where run.status == 5 {
                try await Task.sleep(for: .milliseconds(250))
                run = try sys.run("rbnctl", ["status", "--json"])
            }
            #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
            let statuses = try JSONDecoder().decode([Operations.ServiceStatus].self, from: Data(run.stdout.utf8))
            #expect(statuses.map(\.service) == ["registry", "supportdesk", "training", "notification"])
            for s in statuses {
                #expect(s.version == RBNVersion.current)
                #expect(s.problems == [], "ready, as its /health/ready would say")
                #expect(s.queues.map(\.name).contains("\(s.service).commands"))
                #expect(s.queues.map(\.name).contains("\(s.service).dead"))
                #expect(s.storeBytes > 0)
            }

            await sys.stopService("training")
            let down = try sys.run("rbnctl", ["status", "--timeout", "2"])
            #expect(down.status == 5)
            let row = down.stdout.split(separator: "\n").first { $0.hasPrefix("training") }
            #expect(row?.contains("no answer") == true, "\(down.stdout)")
            let registry = down.stdout.split(separator: "\n").first { $0.hasPrefix("registry") }
            #expect(registry?.contains(RBNVersion.current) == true && registry?.contains(" ready ") == true)
        }
    }

    @Test func aBackupTakenWhileRunningRestoresTheStore() async throws {
        try await SystemUnderTest.with(services: []) { sys in
            let backup = try sys.run("rbnctl", ["backup", "registry", "--json"])
            #expect(backup.status == 0, "\(backup.stderr)")
            let made = try JSONDecoder().decode([Operations.BackupMade].self, from: Data(backup.stdout.utf8))
            let copy = try #require(made.first)
            #expect(copy.service == "registry" && copy.bytes > 0)
            #expect(copy.path.hasPrefix("\(sys.directory)/backups/registry-"))
            let check = Subprocess.run(["sqlite3", copy.path, "PRAGMA integrity_check"])
            #expect(check.output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")

            // A change after the backup, then the restore: stop, put the copy in place, start.
            let before = try sys.run("rbnctl", ["registry", "networks", "--json"]).stdout
            let added = try sys.run(
                "rbnctl",
                [
                    "registry", "network", "create", "--id", "nach-der-sicherung", "--name", "Nach der Sicherung",
                    "--region", "Kreis Lippe",
                ])
            #expect(added.status == 0, "\(added.stderr)")
            await sys.stopService("registry")
            let store = "\(sys.directory)/registry.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
            try FileManager.default.copyItem(atPath: copy.path, toPath: store)
            try sys.start("registry")
            let after = try await sys.retryWhileUnavailable(["registry", "networks", "--json"])
            #expect(after.status == 0)
            #expect(after.stdout == before, "the store is as it was at the backup")
            #expect(try sys.run("rbnctl", ["backup", "nobody"]).status == 2)
        }
    }
}

/// `rbnctl erase-person` and `erase-status` against the real processes: a requester who was never
/// registered is erased from the tickets and the notifications, and every service confirms.
@Suite("Erasure across the suite", .timeLimit(.minutes(4)))
struct ErasureTests {
    @Test func everyHoldingServiceErasesAndConfirms() async throws {
        try await SystemUnderTest.with(services: ["support-desk", "training", "notification"]) { sys in
            let email = "erika.muster@schule.example"
            var opened = try sys.run("desk", ["list"])
            for _ in 0..<120 {
                opened = try sys.run(
                    "desk",
                    [
                        "open", "--school", "193001", "--title", "Drucker im Lehrerzimmer", "--category", "hardware",
                        "--requester", "Erika Muster <\(email)>", "-m", "Papierstau.", "--json",
                    ])
                if opened.status == 0 { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(opened.status == 0, "\(opened.stderr)")
            // Her confirmation mail is queued (and sent) before she asks to be erased.
            var log = try sys.run("rbnctl", ["notify", "log", "--to", email, "--json"])
            for _ in 0..<80 where !log.stdout.contains("ticket-opened") {
                try await Task.sleep(for: .milliseconds(250))
                log = try sys.run("rbnctl", ["notify", "log", "--to", email, "--json"])
            }

            let erased = try sys.run("rbnctl", ["erase-person", email, "--json"])
            #expect(erased.status == 0, "\(erased.stderr)")
            let erasure = try JSONDecoder().decode(Registry.PersonErasure.self, from: Data(erased.stdout.utf8))
            let status = try sys.run("rbnctl", ["erase-status", erasure.requestID, "--wait", "30", "--json"])
            #expect(status.status == 0, "\(status.stdout) \(status.stderr)")
            let s = try JSONDecoder().decode(Registry.ErasureStatus.self, from: Data(status.stdout.utf8))
            #expect(s.services.map(\.service) == ["registry", "supportdesk", "training", "notification"])
            #expect(s.complete)
            #expect(s.services.first { $0.service == "supportdesk" }?.entries == 1)
            #expect((s.services.first { $0.service == "notification" }?.entries ?? 0) >= 1)

            let list = try sys.run("desk", ["list", "--json"])
            #expect(!list.stdout.contains(email) && !list.stdout.contains("Erika"))
            let after = try sys.run("rbnctl", ["notify", "log", "--to", email, "--json"])
            let deliveries = try JSONDecoder().decode(Notifications.DeliveryList.self, from: Data(after.stdout.utf8))
            #expect(log.stdout.contains("ticket-opened") && deliveries.deliveries.isEmpty)
            #expect(try sys.run("rbnctl", ["erase-status", "erasure-unknown"]).status == 3)
        }
    }
}

/// `rbnctl dlq` against a real registry: a poison message shows with its reason, a replay keeps
/// its message id (and a still-poison message comes back), a replayed good message takes effect,
/// and purge empties the queue.
@Suite("rbnctl dlq", .timeLimit(.minutes(3)))
struct DeadLetterTests {
    @Test func listShowReplayAndPurge() async throws {
        try await SystemUnderTest.with(services: []) { sys in
            let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
            let connection = try await AMQPConnection.connect(
                try AMQPConfiguration(uri: sys.brokerURL()), logger: quiet)
            // Poison: a command whose body is not JSON. The registry dead-letters it.
            var poison = AMQPMessage(body: Data("kein JSON".utf8))
            poison.properties.messageID = "poison-1"
            poison.properties.type = Registry.CreateNetwork.messageType.rawValue
            poison.properties.contentType = "application/cloudevents+json"
            try await connection.publish(poison, exchange: RBNTopology.commandsExchange, routingKey: "registry")
            var list = try sys.run("rbnctl", ["dlq", "list", "registry", "--json"])
            for _ in 0..<40 where !list.stdout.contains("poison-1") {
                try await Task.sleep(for: .milliseconds(250))
                list = try sys.run("rbnctl", ["dlq", "list", "registry", "--json"])
            }
            #expect(list.stdout.contains("poison-1") && list.stdout.contains("registry.commands"), "\(list.stderr)")
            let show = try sys.run("rbnctl", ["dlq", "show", "registry", "poison-1"])
            #expect(show.stdout.contains("kein JSON") && show.stdout.contains("reason"))

            // A good command that the registry had dead-lettered (say, after its store failed five
            // times), sealed with the registry's key as the registry seals its dead letters.
            let network = Registry.Network(
                id: "aus-dem-dlq", name: "Netzwerk aus dem DLQ", region: "Kreis Lippe", regionKind: .kreis)
            var good = try EnvelopeCodec.message(for: Envelope(Registry.CreateNetwork(network), id: "good-1"))
            var store = Configuration()
            store.readonly = true
            let key = try await DatabaseQueue(path: "\(sys.directory)/registry.sqlite", configuration: store).read {
                try ServiceKey.load($0)
            }
            DeadLetterSeal.seal(
                &good, service: "registry", queue: "registry.commands", sender: "guest",
                exchange: RBNTopology.commandsExchange, key: key)
            good.properties.headers["x-rbn-dead-code"] = .string("gave-up")
            try await connection.publish(good, exchange: "", routingKey: "registry.dead")
            // A letter the broker dead-lettered itself (x-death), with a sender header of its
            // publisher's making: shown as its true sender, and not replayed.
            var unsealed = try EnvelopeCodec.message(for: Envelope(Registry.CreateNetwork(network), id: "unsealed-1"))
            unsealed.properties.userID = "guest"
            unsealed.properties.headers[RBNTopology.deadSenderHeader] = .string("rbnctl")
            unsealed.properties.headers["x-death"] = .array([
                .table(["queue": .string("registry.commands"), "reason": .string("delivery_limit")])
            ])
            try await connection.publish(unsealed, exchange: "", routingKey: "registry.dead")
            await connection.close()
            let unsealedShown = try sys.run("rbnctl", ["dlq", "show", "registry", "unsealed-1"])
            #expect(
                unsealedShown.stdout.contains("sent by     guest"), "\(unsealedShown.stdout) \(unsealedShown.stderr)")

            let replay = try sys.run("rbnctl", ["dlq", "replay", "registry", "--all"])
            #expect(replay.stdout.contains("2 dead letter(s) replayed"), "\(replay.stdout) \(replay.stderr)")
            #expect(replay.status == 3 && replay.stderr.contains("unsealed-1"), "\(replay.stderr)")
            let networks = try await sys.retryWhileUnavailable(["registry", "networks"])
            var shown = networks.stdout
            for _ in 0..<40 where !shown.contains("aus-dem-dlq") {
                try await Task.sleep(for: .milliseconds(250))
                shown = try sys.run("rbnctl", ["registry", "networks"]).stdout
            }
            #expect(shown.contains("aus-dem-dlq"))
            // The poison came back, under its own id; the good one is gone for good.
            var again = try sys.run("rbnctl", ["dlq", "list", "registry", "--json"])
            for _ in 0..<40 where !again.stdout.contains("poison-1") {
                try await Task.sleep(for: .milliseconds(250))
                again = try sys.run("rbnctl", ["dlq", "list", "registry", "--json"])
            }
            #expect(again.stdout.contains("poison-1") && !again.stdout.contains("good-1"))

            #expect(try sys.run("rbnctl", ["dlq", "purge", "registry"]).status == 2)
            let purged = try sys.run("rbnctl", ["dlq", "purge", "registry", "--yes"])
            #expect(purged.stdout.contains("2 dead letter(s) deleted"), "\(purged.stdout) \(purged.stderr)")
            #expect(try sys.run("rbnctl", ["dlq", "list", "registry"]).stdout.contains("no dead letters"))
        }
    }
}

/// A request from a broker user without the right is refused and logged with that user.
@Suite("Refusals are logged", .timeLimit(.minutes(3)))
struct RefusalLogTests {
    @Test func aUserWhoIsNoAgentIsRefusedAndLogged() async throws {
        try await SystemUnderTest.with(services: ["support-desk"]) { sys in
            try sys.addUser("eindringling-\(sys.vhost)", password: "pw")
            let asIntruder = ["DESK_AGENT": "eindringling-\(sys.vhost)", "DESK_PASSWORD": "pw"]
            var r = try sys.run("desk", ["list"], environment: asIntruder)
            for _ in 0..<120 where r.status == 5 {
                try await Task.sleep(for: .milliseconds(250))
                r = try sys.run("desk", ["list"], environment: asIntruder)
            }
            #expect(r.status == 4, "\(r.stdout) \(r.stderr)")
            let log = try String(contentsOfFile: "\(sys.directory)/support-desk.log", encoding: .utf8)
            let line = log.split(separator: "\n").first { $0.contains("request refused: not permitted") }
            #expect(line?.contains("eindringling-\(sys.vhost)") == true, "\(log.suffix(2000))")
            _ = try? sys.ctl(["delete_user", "eindringling-\(sys.vhost)"])
        }
    }
}
