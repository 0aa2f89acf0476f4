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
@Suite("rbnctl status and backup", .hangGuard)
struct OperationsTests {
    @Test func statusShowsEveryServiceAndOneThatIsDown() async throws {
        try await SystemUnderTest.with(services: ["support-desk", "training", "notification", "portal"]) { sys in
            // Every service answers, and is consuming: a service that answered may still be declaring
            // its queues on a loaded machine (then it says "not consuming" and the status is 1).
            let run = try await eventually(until: { $0.status == 0 }) {
                try await sys.run("rbnctl", ["status", "--json"])
            }
            #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
            let statuses = try JSONDecoder().decode([Operations.ServiceStatus].self, from: Data(run.stdout.utf8))
            #expect(statuses.map(\.service) == ["registry", "supportdesk", "training", "notification", "portal"])
            for s in statuses {
                #expect(s.version == RBNVersion.current)
                #expect(s.problems == [], "ready, as its /health/ready would say")
                #expect(s.queues.map(\.name).contains("\(s.service).commands"))
                #expect(s.queues.map(\.name).contains("\(s.service).dead"))
                #expect(s.storeBytes > 0)
            }

            await sys.stopService("training")
            let down = try await sys.run("rbnctl", ["status", "--timeout", "2"])
            #expect(down.status == 5)
            let row = down.stdout.split(separator: "\n").first { $0.hasPrefix("training") }
            #expect(row?.contains("no answer") == true, "\(down.stdout)")
            let registry = down.stdout.split(separator: "\n").first { $0.hasPrefix("registry") }
            #expect(registry?.contains(RBNVersion.current) == true && registry?.contains(" ready ") == true)
        }
    }

    @Test func aBackupTakenWhileRunningRestoresTheStore() async throws {
        try await SystemUnderTest.with(services: []) { sys in
            let backup = try await sys.run("rbnctl", ["backup", "registry", "--json"])
            #expect(backup.status == 0, "\(backup.stderr)")
            let made = try JSONDecoder().decode([Operations.BackupMade].self, from: Data(backup.stdout.utf8))
            let copy = try #require(made.first)
            #expect(copy.service == "registry" && copy.bytes > 0)
            #expect(copy.path.hasPrefix("\(sys.directory)/backups/registry-"))
            let check = await Subprocess.run(["sqlite3", copy.path, "PRAGMA integrity_check"])
            #expect(check.output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")

            // A change after the backup, then the restore: stop, put the copy in place, start.
            let before = try await sys.run("rbnctl", ["registry", "networks", "--json"]).stdout
            let added = try await sys.run(
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
            #expect(try await sys.run("rbnctl", ["backup", "nobody"]).status == 2)
        }
    }
}

/// Issue 17, finding 9: pupils' and parents' data is the service user's alone. Started with a umask
/// that would make every file world-readable, the services still write stores, WAL files, backups
/// and mails 0600 in 0700 directories.
@Suite("Data files are private", .hangGuard)
struct FileModeTests {
    @Test func storesBackupsAndMailsAreTheServicesAlone() async throws {
        try await SystemUnderTest.with(services: ["support-desk", "notification"], umask: 0) { sys in
            let email = "jana.krueger@schule.example"
            let opened = try await sys.openTicket(
                title: "Tablet-Koffer lädt nicht", requester: "Jana Krüger <\(email)>", text: "Seit gestern."
            ).run
            #expect(opened.status == 0, "\(opened.stderr)")
            _ = try await eventually(until: { $0.stdout.contains("sent") }) {
                try await sys.run("rbnctl", ["notify", "log", "--to", email])
            }
            #expect(try await sys.run("rbnctl", ["backup", "registry"]).status == 0)
            var checked = (files: 0, mails: 0, backups: 0)
            let root = URL(fileURLWithPath: sys.directory)
            let walker = try #require(
                FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]))
            for case let url as URL in walker {
                let name = url.lastPathComponent
                // The test's own files: the services' logs (the harness opens them) and rbnctl's config.
                if name.hasSuffix(".log") || name.hasSuffix(".json") || url.path.contains("/secrets")
                    || url.path.hasPrefix("\(sys.directory)/state")
                {
                    continue
                }
                let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
                let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
                let isDirectory = attributes[.type] as? FileAttributeType == .typeDirectory
                #expect(mode & 0o077 == 0, "\(url.path) is \(String(mode, radix: 8))")
                if isDirectory { #expect(mode == 0o700, "\(url.path) is \(String(mode, radix: 8))") }
                checked.files += 1
                if name.hasSuffix(".eml") { checked.mails += 1 }
                if url.path.contains("/backups/") && !isDirectory { checked.backups += 1 }
            }
            let own = try FileManager.default.attributesOfItem(atPath: sys.directory)[.posixPermissions] as? NSNumber
            #expect(own?.intValue == 0o700, "the data directory is \(String(own?.intValue ?? 0, radix: 8))")
            #expect(checked.mails >= 1 && checked.backups == 1 && checked.files >= 8, "\(checked)")
        }
    }
}

/// `rbnctl erase-person` and `erase-status` against the real processes: a requester who was never
/// registered is erased from the tickets and the notifications, and every service confirms.
@Suite("Erasure across the suite", .hangGuard)
struct ErasureTests {
    @Test func everyHoldingServiceErasesAndConfirms() async throws {
        try await SystemUnderTest.with(services: ["support-desk", "training", "notification"]) { sys in
            let email = "erika.muster@schule.example"
            let opened = try await sys.openTicket(
                title: "Drucker im Lehrerzimmer", requester: "Erika Muster <\(email)>", text: "Papierstau."
            ).run
            #expect(opened.status == 0, "\(opened.stderr)")
            // Her confirmation mail is queued (and sent) before she asks to be erased.
            let log = try await eventually(until: { $0.stdout.contains("ticket-opened") }) {
                try await sys.run("rbnctl", ["notify", "log", "--to", email, "--json"])
            }

            let erased = try await sys.run("rbnctl", ["erase-person", email, "--json"])
            #expect(erased.status == 0, "\(erased.stderr)")
            let erasure = try JSONDecoder().decode(Registry.PersonErasure.self, from: Data(erased.stdout.utf8))
            let status = try await sys.run("rbnctl", ["erase-status", erasure.requestID, "--wait", "30", "--json"])
            #expect(status.status == 0, "\(status.stdout) \(status.stderr)")
            let s = try JSONDecoder().decode(Registry.ErasureStatus.self, from: Data(status.stdout.utf8))
            #expect(s.services.map(\.service) == ["registry", "supportdesk", "training", "notification"])
            #expect(s.complete)
            #expect((s.services.first { $0.service == "supportdesk" }?.entries ?? 0) >= 1)
            #expect((s.services.first { $0.service == "notification" }?.entries ?? 0) >= 1)

            let list = try await sys.run("desk", ["list", "--json"])
            #expect(!list.stdout.contains(email) && !list.stdout.contains("Erika"))
            let after = try await sys.run("rbnctl", ["notify", "log", "--to", email, "--json"])
            let deliveries = try JSONDecoder().decode(Notifications.DeliveryList.self, from: Data(after.stdout.utf8))
            #expect(log.stdout.contains("ticket-opened") && deliveries.deliveries.isEmpty)
            #expect(try await sys.run("rbnctl", ["erase-status", "erasure-unknown"]).status == 3)
        }
    }
}

extension ErasureTests {
    /// Issue 17, finding 5: once `erase-status` says done, no file under the data directory (the
    /// stores with their WAL, the mail folder) holds the person's address or name: not as a
    /// requester, a contact, a name quoted in an agent's ticket text, a mail, a stored reply, a
    /// search index or a free page. The erasure record keeps a keyed hash of the address.
    @Test func noByteOfAnErasedPersonStaysInTheDataDirectory() async throws {
        try await SystemUnderTest.with(services: ["support-desk", "training", "notification"]) { sys in
            let (email, name) = ("erika.muster@schule.example", "Erika Muster")
            let opened = try await sys.openTicket(
                title: "Drucker im Lehrerzimmer", requester: "\(name) <\(email)>",
                text: "Papierstau, sagt Erika Muster."
            ).run
            #expect(opened.status == 0, "\(opened.stderr)")
            // Another requester's ticket whose text quotes her, and an agent's reply that does too.
            let other = try await sys.run(
                "desk",
                [
                    "open", "--school", "193001", "--title", "Beamer im Raum 12", "--category", "hardware",
                    "--requester", "Jörg Müller <joerg.mueller@schule.example>", "-m",
                    "Bitte mit Erika Muster (ERIKA.MUSTER@schule.example) abstimmen.", "--json",
                ])
            #expect(other.status == 0, "\(other.stderr)")
            let otherID = try #require(
                (try JSONSerialization.jsonObject(with: Data(other.stdout.utf8)) as? [String: Any]).flatMap {
                    ($0["ticket"] as? [String: Any])?["id"] as? Int
                })
            let replied = try await sys.run("desk", ["reply", "\(otherID)", "-m", "Mit Erika Muster gesprochen."])
            #expect(replied.status == 0, "\(replied.stderr)")
            // She is a contact in the registry, too (a speaker of parent evenings), and is welcomed by mail.
            let contact = try await sys.run(
                "rbnctl",
                [
                    "registry", "contact", "assign", "speaker", "--network", "kreis-lippe", "--name", name, "--email",
                    email,
                ])
            #expect(contact.status == 0, "\(contact.stderr)")
            // And a parent, registered for a parent evening.
            let evening = try await SuiteLoad.evening(sys)
            let connection = try await AMQPConnection.connect(
                try AMQPConfiguration(uri: sys.brokerURL()),
                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
            var register = try EnvelopeCodec.message(
                for: Envelope(
                    Training.RegisterParent(eveningID: evening, name: name, email: email, consentToContact: true)))
            register.properties.userID = "guest"
            let registered = try await connection.call(
                register, exchange: RBNTopology.commandsExchange, routingKey: Training.service, timeout: 20)
            await connection.close()
            #expect(
                registered.properties.type?.hasSuffix("failed.v1") == false,
                "\(String(decoding: registered.body, as: UTF8.self))")
            _ = try await eventually(until: { log in
                ["ticket-opened", "contact-welcome", "registration-"].allSatisfy { log.stdout.contains($0) }
            }) {
                try await sys.run("rbnctl", ["notify", "log", "--to", email])
            }
            #expect(Self.filesQuoting([email, name], in: sys.directory).count >= 3, "the person is not yet anywhere")

            let erased = try await sys.run("rbnctl", ["erase-person", email, "--json"])
            #expect(erased.status == 0, "\(erased.stderr)")
            let erasure = try JSONDecoder().decode(Registry.PersonErasure.self, from: Data(erased.stdout.utf8))
            let status = try await sys.run("rbnctl", ["erase-status", erasure.requestID, "--wait", "60"])
            #expect(status.status == 0, "\(status.stdout) \(status.stderr)")
            // Done means done in every file, moments after: each service truncates its log once committed.
            let left = await eventually(until: \.isEmpty) { Self.filesQuoting([email, name], in: sys.directory) }
            #expect(left.isEmpty, "still quoted in \(left)")
            let shown = try await sys.run("desk", ["show", "\(otherID)"])
            #expect(shown.stdout.contains("[gelöscht]") && !shown.stdout.contains("Erika Muster"), "\(shown.stdout)")
            // The record proves the erasure without the address: a keyed hash of it.
            var readOnly = Configuration()
            readOnly.readonly = true
            let hash = try await DatabaseQueue(path: "\(sys.directory)/registry.sqlite", configuration: readOnly).read {
                db in
                try String.fetchOne(
                    db, sql: "SELECT address_hash FROM erasures WHERE request_id = ?", arguments: [erasure.requestID])
            }
            #expect(hash?.count == 64 && hash?.contains("@") == false)
        }
    }

    /// The files under `directory` (but the services' logs) that hold any of `texts`, in any case.
    static func filesQuoting(_ texts: [String], in directory: String) -> [String] {
        let needles = texts.map { Data($0.lowercased().utf8) }
        var found: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        for case let path as String in walker where !path.hasSuffix(".log") {
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(path)") else { continue }
            let lowered = Data(data.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 })
            if needles.contains(where: { lowered.range(of: $0) != nil }) { found.append(path) }
        }
        return found
    }
}

/// `rbnctl dlq` against a real registry: a poison message shows with its reason, a replay keeps
/// its message id (and a still-poison message comes back), a replayed good message takes effect,
/// and purge empties the queue.
@Suite("rbnctl dlq", .hangGuard)
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
            let list = try await eventually(until: { $0.stdout.contains("poison-1") }) {
                try await sys.run("rbnctl", ["dlq", "list", "registry", "--json"])
            }
            #expect(list.stdout.contains("poison-1") && list.stdout.contains("registry.commands"), "\(list.stderr)")
            let show = try await sys.run("rbnctl", ["dlq", "show", "registry", "poison-1"])
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
            let unsealedShown = try await sys.run("rbnctl", ["dlq", "show", "registry", "unsealed-1"])
            #expect(
                unsealedShown.stdout.contains("sent by     guest"), "\(unsealedShown.stdout) \(unsealedShown.stderr)")

            let replay = try await sys.run("rbnctl", ["dlq", "replay", "registry", "--all"])
            #expect(replay.stdout.contains("2 dead letter(s) replayed"), "\(replay.stdout) \(replay.stderr)")
            #expect(replay.status == 3 && replay.stderr.contains("unsealed-1"), "\(replay.stderr)")
            let networks = try await sys.retryWhileUnavailable(["registry", "networks"])
            #expect(networks.status == 0, "\(networks.stderr)")
            let shown = try await eventually(until: { $0.contains("aus-dem-dlq") }) {
                try await sys.run("rbnctl", ["registry", "networks"]).stdout
            }
            #expect(shown.contains("aus-dem-dlq"))
            // The poison came back, under its own id; the good one is gone for good.
            let again = try await eventually(until: { $0.stdout.contains("poison-1") }) {
                try await sys.run("rbnctl", ["dlq", "list", "registry", "--json"])
            }
            #expect(again.stdout.contains("poison-1") && !again.stdout.contains("good-1"))

            #expect(try await sys.run("rbnctl", ["dlq", "purge", "registry"]).status == 2)
            let purged = try await sys.run("rbnctl", ["dlq", "purge", "registry", "--yes"])
            #expect(purged.stdout.contains("2 dead letter(s) deleted"), "\(purged.stdout) \(purged.stderr)")
            #expect(try await sys.run("rbnctl", ["dlq", "list", "registry"]).stdout.contains("no dead letters"))
        }
    }
}

/// A request from a broker user without the right is refused and logged with that user.
@Suite("Refusals are logged", .hangGuard)
struct RefusalLogTests {
    @Test func aUserWhoIsNoAgentIsRefusedAndLogged() async throws {
        try await SystemUnderTest.with(services: ["support-desk"]) { sys in
            try await sys.addUser("eindringling-\(sys.vhost)", password: "pw")
            let asIntruder = ["DESK_AGENT": "eindringling-\(sys.vhost)", "DESK_PASSWORD": "pw"]
            let r = try await eventually(until: { $0.status != 5 }) {
                try await sys.run("desk", ["list"], environment: asIntruder)
            }
            #expect(r.status == 4, "\(r.stdout) \(r.stderr)")
            let log = try String(contentsOfFile: "\(sys.directory)/support-desk.log", encoding: .utf8)
            let line = log.split(separator: "\n").first { $0.contains("request refused: not permitted") }
            #expect(line?.contains("eindringling-\(sys.vhost)") == true, "\(log.suffix(2000))")
            _ = try? await sys.ctl(["delete_user", "eindringling-\(sys.vhost)"])
        }
    }
}
