import Foundation
import Messaging
import RBNTestSupport
import Testing

@Suite("Publish and consume on a real broker")
struct PublishConsumeTests {
    @Test func roundTripKeepsBodyPropertiesAndHeaders() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        let queue = TestBroker.uniqueName("roundtrip")
        try await conn.declare(Topology(queues: [.quorum(queue)]))
        let sent = AMQPMessage(
            body: Data("Grüße aus Kreis Lippe".utf8),
            properties: AMQPProperties(
                contentType: "application/cloudevents+json",
                headers: [
                    "x-tenant": "lippe", "n": 42, "ok": true,
                    "nested": .table(["a": .array(["b", 1])]),
                ],
                correlationID: "corr-1", messageID: "msg-1", timestamp: Date(timeIntervalSince1970: 1_790_000_000),
                type: "de.nrw.rbn.test.v1", appID: "tests"))
        try await conn.publish(sent, exchange: "", routingKey: queue)
        let consumer = try await conn.consume(queue: queue, prefetch: 10)
        let got = await collect(consumer, count: 1)
        let d = try #require(got.first)
        #expect(d.body == sent.body)
        #expect(d.properties.messageID == "msg-1" && d.properties.correlationID == "corr-1")
        #expect(d.properties.type == "de.nrw.rbn.test.v1" && d.properties.appID == "tests")
        #expect(d.properties.timestamp == Date(timeIntervalSince1970: 1_790_000_000))
        #expect(d.properties.persistent)
        #expect(d.headers["x-tenant"] == "lippe" && d.headers["n"]?.intValue == 42 && d.headers["ok"] == true)
        #expect(d.headers["nested"] == .table(["a": .array(["b", 1])]))
        #expect(d.redelivered == false && d.deliveryCount == 0 && d.routingKey == queue)
        await consumer.cancel()
        try await conn.delete(queue: queue)
    }

    @Test func batchIsConfirmedAndFullyConsumed() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        let queue = TestBroker.uniqueName("batch")
        try await conn.declare(Topology(queues: [.quorum(queue)]))
        let batch = (0..<2000).map {
            AMQPPublish(exchange: "", routingKey: queue, message: .text("m\($0)", id: "\($0)"))
        }
        let results = await conn.publish(batch: batch)
        #expect(results.count == 2000)
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        let consumer = try await conn.consume(queue: queue, prefetch: 300)
        let got = await collect(consumer, count: 2000)
        #expect(Set(got.compactMap(\.properties.messageID)) == Set((0..<2000).map { "\($0)" }))
        await consumer.cancel()
        try await conn.delete(queue: queue)
    }

    @Test func mandatoryUnroutablePublishFails() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        await #expect {
            try await conn.publish(
                .text("nobody"), exchange: "amq.direct", routingKey: TestBroker.uniqueName("nowhere"))
        } throws: { error in
            (error as? AMQPError)?.code == .unroutable && !((error as? AMQPError)?.isRetriable ?? true)
        }
        // Without mandatory the broker drops it silently and still confirms.
        try await conn.publish(.text("dropped"), exchange: "amq.direct", routingKey: "nowhere", mandatory: false)
        // A mixed batch reports each message on its own.
        let queue = TestBroker.uniqueName("mixed")
        try await conn.declare(
            Topology(
                queues: [.quorum(queue)],
                bindings: [.init(queue: queue, exchange: "amq.direct", routingKey: queue)]))
        let results = await conn.publish(batch: [
            AMQPPublish(exchange: "amq.direct", routingKey: queue, message: .text("a", id: "a")),
            AMQPPublish(exchange: "amq.direct", routingKey: "nowhere", message: .text("b", id: "b")),
            AMQPPublish(exchange: "amq.direct", routingKey: queue, message: .text("c", id: "c")),
        ])
        #expect((try? results[0].get()) != nil)
        #expect(results[1].failureCode == .unroutable)
        #expect((try? results[2].get()) != nil)
        try await conn.delete(queue: queue)
    }

    @Test func publishToMissingExchangeFailsAndChannelRecovers() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        await #expect {
            try await conn.publish(.text("x"), exchange: TestBroker.uniqueName("missing-exchange"), routingKey: "k")
        } throws: { ($0 as? AMQPError)?.code == .notFound }
        let queue = TestBroker.uniqueName("after-error")
        try await conn.declare(Topology(queues: [.quorum(queue)]))
        try await conn.publish(.text("still works"), exchange: "", routingKey: queue)
        try await conn.delete(queue: queue)
    }

    @Test func nackWithoutRequeueDeadLettersWithXDeath() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        let service = "t" + UUID().uuidString.prefix(6).lowercased()
        let topology = RBNTopology.service(service)
        try await conn.declare(topology)
        try await conn.publish(.text("poison", id: "p1"), exchange: RBNTopology.commandsExchange, routingKey: service)
        let consumer = try await conn.consume(queue: RBNTopology.commandsQueue(service), prefetch: 1)
        let d = try #require(await collect(consumer, count: 1, ack: false).first)
        try await consumer.nack(d, requeue: false)
        let dead = try await conn.consume(queue: RBNTopology.deadQueue(service))
        let deadLetter = try #require(await collect(dead, count: 1).first)
        #expect(deadLetter.properties.messageID == "p1")
        let death = try #require(deadLetter.deaths.first)
        #expect(death["queue"]?.stringValue == RBNTopology.commandsQueue(service))
        #expect(death["reason"]?.stringValue == "rejected")
        #expect(death["exchange"]?.stringValue == RBNTopology.commandsExchange)
        await consumer.cancel()
        await dead.cancel()
        for q in [RBNTopology.commandsQueue(service), RBNTopology.deadQueue(service)] {
            try await conn.delete(queue: q)
        }
    }

    @Test func requeuedDeliveryCarriesDeliveryCount() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        let queue = TestBroker.uniqueName("count")
        try await conn.declare(Topology(queues: [.quorum(queue, deliveryLimit: 10)]))
        try await conn.publish(.text("again"), exchange: "", routingKey: queue)
        let consumer = try await conn.consume(queue: queue, prefetch: 1)
        var counts: [Int] = []
        var redelivered: [Bool] = []
        for try await d in consumer {
            counts.append(d.deliveryCount)
            redelivered.append(d.redelivered)
            switch counts.count {
            case 1: try await consumer.reject(d, requeue: true)
            case 2: try await consumer.nack(d, requeue: true)
            default: try await consumer.ack(d)
            }
            if counts.count == 3 { break }
        }
        #expect(counts == [0, 1, 2])
        #expect(redelivered == [false, true, true])
        await consumer.cancel()
        try await conn.delete(queue: queue)
    }

    @Test func prefetchIsRespected() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        let queue = TestBroker.uniqueName("prefetch")
        try await conn.declare(Topology(queues: [.quorum(queue)]))
        _ = await conn.publish(
            batch: (0..<20).map { AMQPPublish(exchange: "", routingKey: queue, message: .text("\($0)")) })
        let collector = Collector(try await conn.consume(queue: queue, prefetch: 5), ack: false)
        // The prefetch arrives; a sixth must not, however long we wait (a second here).
        let first = await collector.wait(for: 5)
        try await Task.sleep(for: .seconds(1))
        #expect(first.count == 5 && collector.items.count == 5)
        try await collector.consumer.ack(try #require(first.last), multiple: true)
        let second = await collector.wait(for: 10)
        try await Task.sleep(for: .seconds(1))
        #expect(second.count == 10 && collector.items.count == 10)
        await collector.stop()
        try await conn.delete(queue: queue)
    }

    @Test func cancelledConsumerReturnsUnackedMessages() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        let queue = TestBroker.uniqueName("cancel")
        try await conn.declare(Topology(queues: [.quorum(queue)]))
        try await conn.publish(.text("keep me", id: "k"), exchange: "", routingKey: queue)
        let first = Collector(try await conn.consume(queue: queue), ack: false)
        let d = try #require(await first.wait(for: 1).first)
        await first.stop()
        await #expect { try await first.consumer.ack(d) } throws: { ($0 as? AMQPError)?.code == .staleDelivery }
        let second = try await conn.consume(queue: queue)
        let again = try #require(await collect(second, count: 1).first)
        #expect(again.properties.messageID == "k" && again.redelivered)
        await second.cancel()
        try await conn.delete(queue: queue)
    }
}

extension Result where Failure == AMQPError {
    var failureCode: AMQPError.Code? {
        if case .failure(let e) = self { e.code } else { nil }
    }
}
