import Contracts
import Foundation
import GRDB
import Logging
import Messaging
import RBNTestSupport
import ServiceKit
import TestServiceKit
import Testing

/// Issue 17: the runtime at the trust boundary, in real processes on a real broker, attacked with
/// messages a sender can write: another's message id, overlong attributes, a reply queue of the
/// suite's, an event on a commands queue, forged `x-rbn-*` headers and seals. Each test fails with
/// the fix it covers reverted. In the runtime's serialized suite: every test service emits the
/// same event type, so two running at once would feed each other's sinks.
extension RuntimeTests {
    /// Finding 2: the inbox answered a repeated id before asking who sent it, so anyone who learnt
    /// another's message id got their stored reply.
    @Test(.hangGuard)
    func aRepeatedIDIsAnsweredOnlyToItsSenderWithItsType() async throws {
        try await Harness.with("dupe") { h in
            try await h.startService()
            let suffix = h.name.suffix(6)
            let (aliceName, bobName) = ("tb-alice-\(suffix)", "tb-bob-\(suffix)")
            let alice = try await TrustBoundary.user(aliceName)
            let bob = try await TrustBoundary.user(bobName)
            func call(_ c: AMQPConnection, _ user: String, _ m: AMQPMessage) async throws -> Data {
                var m = m
                m.properties.userID = user
                return try await c.call(m, exchange: "", routingKey: RBNTopology.commandsQueue(h.name), timeout: 10)
                    .body
            }
            let id = UUID().uuidString.lowercased()
            let command = try Harness.command("alice-secret-1", id: id)
            let first = try await call(alice, aliceName, command)
            #expect(try EnvelopeCodec.decode(ItemAccepted.self, from: first).data.key == "alice-secret-1")

            // Bob copies the id: refused, and he learns nothing of Alice's reply.
            let stolen = try await call(bob, bobName, command)
            #expect(try TrustBoundary.error(stolen).code == "not-permitted")
            #expect(!String(decoding: stolen, as: UTF8.self).contains("alice-secret"))
            // Nor with a message of another type under the same id, from Alice herself.
            let other = try await call(
                alice, aliceName, try EnvelopeCodec.message(for: Envelope(TouchItem(key: "alice-secret-1"), id: id)))
            #expect(try TrustBoundary.error(other).code == "not-permitted")
            // Alice's retry still gets her first reply.
            #expect(try await call(alice, aliceName, command) == first)
            let rows = try h.read(h.name) { db in
                try Row.fetchAll(
                    db, sql: "SELECT message_id, sender FROM rbn_inbox WHERE message_id = ?", arguments: [id])
            }
            #expect(rows.count == 1 && rows.first?["sender"] == aliceName)
            await alice.close()
            await bob.close()
            await TrustBoundary.deleteUser(aliceName)
            await TrustBoundary.deleteUser(bobName)
        }
    }

    /// Finding 3: refused requests with huge ids filled the store. Overlong attributes are
    /// dead-lettered before anything is stored, and a refusal as not permitted keeps nothing.
    @Test(.hangGuard)
    func overlongAttributesAndRefusalsAsNotPermittedStoreNothing() async throws {
        try await Harness.with("fill") { h in
            try await h.startService()
            _ = try await h.call(Harness.command("first"))
            let inboxBefore = try h.read(h.name) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM rbn_inbox") }
            let dead = Collector(try await h.connection.consume(queue: RBNTopology.deadQueue(h.name)))
            let huge = String(repeating: "x", count: 300_000)
            var overlong: [AMQPMessage] = []
            for i in 0..<20 {
                var m = try Harness.command("huge-\(i)")
                let id = try #require(m.properties.messageID)
                m.body = Data(
                    String(decoding: m.body, as: UTF8.self).replacingOccurrences(of: id, with: huge + "\(i)").utf8)
                overlong.append(m)
            }
            var correlation = try Harness.command("long-correlation")
            correlation.body = Data(
                String(decoding: correlation.body, as: UTF8.self).replacingOccurrences(
                    of: #""data":"#, with: #""correlationid":"\#(String(repeating: "c", count: 65))","data":"#
                ).utf8)
            try await h.send(overlong + [correlation])
            let letters = await dead.wait(for: 21, timeout: 60)
            #expect(letters.count == 21)
            #expect(letters.allSatisfy { $0.headers["x-rbn-dead-code"]?.stringValue == "too-long" })
            #expect(
                letters.contains {
                    $0.headers["x-rbn-dead-reason"]?.stringValue
                        == "the CloudEvent attribute 'id' has 300001 bytes; at most 64 are allowed"
                })
            await dead.stop()

            // Twenty refusals as not permitted (as an agent out of scope gets): each is answered,
            // none is kept.
            for i in 0..<20 {
                let reply = try await h.call(Harness.command("forbidden-\(i)"))
                #expect(try TrustBoundary.error(reply.body).code == "not-permitted")
            }
            // A retry of one is refused again, not answered from a store.
            let id = UUID().uuidString.lowercased()
            #expect(
                try TrustBoundary.error(try await h.call(Harness.command("forbidden-x", id: id)).body).code
                    == "not-permitted")
            #expect(
                try TrustBoundary.error(try await h.call(Harness.command("forbidden-x", id: id)).body).code
                    == "not-permitted")
            let inboxAfter = try h.read(h.name) { db in
                (
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rbn_inbox"),
                    try Int.fetchOne(db, sql: "SELECT MAX(length(message_id)) FROM rbn_inbox"),
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM items WHERE key LIKE 'huge-%' OR key LIKE 'forbidden%'")
                )
            }
            #expect(inboxAfter.0 == inboxBefore, "the inbox kept refused or overlong requests")
            #expect((inboxAfter.1 ?? 0) <= 64 && inboxAfter.2 == 0)
            let log = try String(contentsOfFile: h.service!.logPath, encoding: .utf8)
            #expect(!log.contains(String(repeating: "x", count: 100)), "a log line carries the overlong id")
        }
    }

    /// Finding 8: a service answered into any queue named in reply_to, another service's
    /// commands queue among them.
    @Test(.hangGuard)
    func repliesGoOnlyToDirectReplyTo() async throws {
        try await Harness.with("replyto") { h in
            try await h.startService()
            let victim = "\(h.name).victim"
            try await h.connection.declare(Topology(queues: [.init(victim, durable: false, autoDelete: false)]))
            let dead = Collector(try await h.connection.consume(queue: RBNTopology.deadQueue(h.name)))
            var m = try Harness.command("aimed")
            m.properties.replyTo = victim
            try await h.send([m])
            let letters = await dead.wait(for: 1, timeout: 30)
            #expect(letters.first?.headers["x-rbn-dead-code"]?.stringValue == "not-permitted")
            #expect(letters.first?.headers["x-rbn-dead-reason"]?.stringValue?.contains("amq.rabbitmq.reply-to") == true)
            await dead.stop()
            #expect(try await h.connection.depth(of: victim).messages == 0)
            try? await h.connection.delete(queue: victim)
            #expect(
                try h.read(h.name) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM items WHERE key = 'aimed'") } == 0)
        }
    }

    /// Finding 1: a sender's x-rbn-* headers survived dead-lettering and a replay restored them
    /// as the sender; events were taken from any queue.
    @Test(.hangGuard)
    func eventsOnlyFromTheEventsExchangeAndOnlySealedReplaysKeepTheirSender() async throws {
        try await Harness.with("seal") { h in
            try await h.startSink()
            let sink = h.sinkName
            let commands = RBNTopology.commandsQueue(sink)
            let dead = Collector(try await h.connection.consume(queue: RBNTopology.deadQueue(sink)))
            func event(_ key: String) throws -> AMQPMessage {
                try EnvelopeCodec.message(for: Envelope(ItemCreated(key: key, number: 1)))
            }
            // An event sent to the commands queue, claiming in a header to come from a service.
            var forged = try event("forged")
            forged.properties.headers[RBNTopology.deadSenderHeader] = .string(h.name)
            forged.properties.headers["x-rbn-original-exchange"] = .string(RBNTopology.eventsExchange)
            try await h.connection.publish(forged, exchange: RBNTopology.commandsExchange, routingKey: sink)
            var letters = await dead.wait(for: 1, timeout: 30)
            let letter = try #require(letters.first)
            #expect(letter.headers["x-rbn-dead-code"]?.stringValue == "not-permitted")
            #expect(
                letter.headers["x-rbn-dead-reason"]?.stringValue
                    == "an event is taken only from rbn.events; 'de.nrw.rbn.testsvc.item.created.v1' came through 'rbn.commands'"
            )
            // The forged sender is gone, the exchange is the true one.
            #expect(letter.headers[RBNTopology.deadSenderHeader] == nil)
            #expect(letter.headers["x-rbn-original-exchange"]?.stringValue == RBNTopology.commandsExchange)

            // Replayed as rbnctl does (through rbn.commands, headers kept): the seal restores the
            // true provenance, which is still not the events exchange.
            var replay = AMQPMessage(body: letter.body, properties: letter.properties)
            replay.properties.headers["x-delivery-count"] = nil
            try await h.connection.publish(replay, exchange: RBNTopology.commandsExchange, routingKey: sink)
            letters = await dead.wait(for: 2, timeout: 30)
            #expect(letters.count == 2 && letters[1].headers["x-rbn-dead-code"]?.stringValue == "not-permitted")

            // The sealed letter with its sender changed, and a seal this service never made: refused.
            var altered = replay
            altered.properties.headers[RBNTopology.deadSenderHeader] = .string("registry")
            var invented = try event("invented")
            invented.properties.headers["x-rbn-seal"] = .string(Data(repeating: 7, count: 32).base64EncodedString())
            invented.properties.headers["x-rbn-dead-service"] = .string(sink)
            invented.properties.headers["x-rbn-original-queue"] = .string(RBNTopology.eventsQueue(sink))
            invented.properties.headers["x-rbn-original-exchange"] = .string(RBNTopology.eventsExchange)
            for m in [altered, invented] {
                try await h.connection.publish(m, exchange: RBNTopology.commandsExchange, routingKey: sink)
            }
            letters = await dead.wait(for: 4, timeout: 30)
            #expect(
                letters.dropFirst(2).allSatisfy {
                    $0.headers["x-rbn-dead-reason"]?.stringValue?.contains("dead-letter seal") == true
                }, "\(letters.map { $0.headers["x-rbn-dead-reason"]?.stringValue ?? "" })")

            // A letter the sink really sealed, of an event that came through rbn.events (say, while
            // its disk was full), is handled when replayed.
            let key = try h.read(sink) { try ServiceKey.load($0) }
            var good = try event("good-after-replay")
            DeadLetterSeal.seal(
                &good, service: sink, queue: RBNTopology.eventsQueue(sink), sender: "guest",
                exchange: RBNTopology.eventsExchange, key: key)
            try await h.connection.publish(good, exchange: RBNTopology.commandsExchange, routingKey: sink)
            #expect(
                try await h.waitForSink(timeout: 30) {
                    try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM received WHERE key = 'good-after-replay'") == 1
                })
            await dead.stop()
            #expect(
                try h.read(sink) {
                    try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM received WHERE key IN ('forged', 'invented')")
                } == 0)
            _ = commands
        }
    }
}

/// What the trust-boundary tests share.
enum TrustBoundary {
    /// A broker user of the test broker's own and a connection as them.
    static func user(_ name: String) async throws -> AMQPConnection {
        try await ServiceHarness.addBrokerUser(name, password: "pw")
        var config = try AMQPConfiguration(uri: ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] ?? "")
        config.user = name
        config.password = "pw"
        return try await AMQPConnection.connect(config, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    static func deleteUser(_ name: String) async {
        _ = await Subprocess.run([
            ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? "false", "ctl", "delete_user", name,
        ])
    }

    static func error(_ body: Data) throws -> ErrorReply {
        try JSONDecoder().decode(Envelope<ErrorReply>.self, from: body).data
    }
}
