import Contracts
import Foundation
import GRDB
import Logging
import Messaging
import Metrics
import RBNTestSupport
import Testing

@testable import ServiceKit

private struct Ping: MessagePayload {
    static let messageType = MessageType(service: "relaytest", aggregate: "ping", name: "sent")
    var n: Int
}

/// The relay publishes rows handed over by commits without reading them back, but only while they
/// continue the sequence; these cases make it fall back to the table and check nothing is lost,
/// doubled or reordered.
@Suite("Outbox relay")
struct OutboxRelayTests {
    @Test(.hangGuard)
    func handedRowsOutOfOrderWithGapsOrLateGoOutOnceInCommitOrder() async throws {
        guard let uri = ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] else {
            throw TestSetupError("RBN_TEST_AMQP_URL is not set: run the tests with 'make test'")
        }
        let logger = Logger(label: "test")
        let connection = try await AMQPConnection.connect(AMQPConfiguration(uri: uri), logger: logger)
        let queue = "test.relay.\(UUID().uuidString.prefix(8))"
        try await connection.declare(RBNTopology.exchanges)
        try await connection.declare(
            Topology(
                queues: [.init(queue, durable: false, exclusive: true)],
                bindings: [
                    .init(
                        queue: queue, exchange: RBNTopology.eventsExchange, routingKey: Ping.messageType.eventRoutingKey
                    )
                ]))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-relay-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store(directory: dir, name: "relay")
        let relay = OutboxRelay(
            store: store, connection: connection, settings: .init(),
            metrics: RuntimeMetrics(service: "relaytest", factory: NOOPMetricsHandler.instance), logger: logger)

        /// Writes pings `numbers` in one transaction; `handed` rows come back for the relay.
        func commit(_ numbers: ClosedRange<Int>, handed: Bool) async throws -> [OutboxRow] {
            try await store.write { db in
                try numbers.map { n in
                    try Outbox.insert(
                        Envelope(Ping(n: n)), exchange: RBNTopology.eventsExchange,
                        routingKey: Ping.messageType.eventRoutingKey, in: db)
                }
            }.filter { _ in handed }
        }

        let collector = Collector(try await connection.consume(queue: queue, prefetch: 100))
        func received() -> [Int] {
            collector.items.compactMap { try? EnvelopeCodec.decode(Ping.self, from: $0).data.n }
        }
        func receive(until count: Int) async {
            await collector.wait(for: count, timeout: 30)
        }

        let running = Task { await relay.run() }
        // Nothing handed over yet: the first row is read from the table.
        _ = try await commit(1...1, handed: false)
        relay.notify()
        await receive(until: 1)
        // Continues the sequence: taken as handed over.
        let second = try await commit(2...4, handed: true)
        relay.committed(second)
        await receive(until: 4)
        // A commit nobody hands over (5–7), then one that is handed over (8–10): a gap, so the table.
        _ = try await commit(5...7, handed: false)
        let fourth = try await commit(8...10, handed: true)
        relay.committed(fourth)
        await receive(until: 10)
        // A late hand-over of rows already published is dropped; rows handed over in reverse order
        // are put back in order.
        relay.committed(second)
        let fifth = try await commit(11...13, handed: true)
        relay.committed(fifth.reversed())
        await receive(until: 13)

        relay.stop()
        await running.value
        // Nothing more arrives: each row went out once.
        try await Task.sleep(for: .milliseconds(300))
        #expect(received() == Array(1...13))
        #expect(try await store.read { db in try Outbox.backlog(db) } == 0)
        await collector.consumer.cancel()
        await connection.close()
    }
}
