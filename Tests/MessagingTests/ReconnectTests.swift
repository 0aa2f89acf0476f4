import Foundation
import Messaging
import RBNTestSupport
import Testing

/// While 10,000 messages are published with confirms the connection is lost; every confirmed
/// message must be consumable afterwards, every failure retriable, and nothing may hang.
@Suite("Recovery from connection loss")
struct ReconnectTests {
    static let total = 10_000

    @Test(.hangGuard)
    func brokerClosesTheConnectionDuringPublishing() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        let queue = TestBroker.uniqueName("reconnect-close")
        try await conn.declare(Topology(queues: [.quorum(queue)]))
        let name = conn.configuration.clientName
        let outcome = try await Self.publishAll(on: conn, queue: queue) {
            let closed = try await BrokerControl.closeConnections(named: name)
            guard closed == 1 else {
                throw TestSetupError("the broker closed \(closed) connections named \(name), not 1")
            }
        }
        try await Self.verify(outcome, on: conn, queue: queue)
        try await conn.delete(queue: queue)
    }

    /// The tests' own event publisher (`publishEvent`) rides out a connection the broker closes
    /// under it, as a service's outbox does: every event arrives, and none fails the test.
    @Test(.hangGuard)
    func eventsPublishedByATestSurviveTheBrokerClosingTheConnection() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        let queue = TestBroker.uniqueName("survive")
        let key = "test.survive.\(UUID().uuidString.prefix(8))"
        try await conn.declare(RBNTopology.exchanges)
        try await conn.declare(
            Topology(
                queues: [.init(queue, durable: false)],
                bindings: [.init(queue: queue, exchange: RBNTopology.eventsExchange, routingKey: key)]))
        // Publishers run until the connection was closed and made again, and a little longer.
        let next = LockedBox(0)
        let reconnected = LockedBox<Int?>(nil)
        let name = conn.configuration.clientName
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    while true {
                        let n: Int? = next.withLock { n in
                            if let r = reconnected.withLock({ $0 }), n >= r + 100 { return nil }
                            n += 1
                            return n
                        }
                        guard let n else { return }
                        try await conn.publishEvent(.text("event \(n)", id: "\(n)"), routingKey: key)
                    }
                }
            }
            group.addTask {
                while next.withLock({ $0 }) < 100 { try await Task.sleep(for: .milliseconds(5)) }
                #expect(try await BrokerControl.closeConnections(named: name) == 1)
                while conn.connectCount < 2 { try await Task.sleep(for: .milliseconds(5)) }
                reconnected.withLock { $0 = next.withLock { $0 } }
            }
            try await group.waitForAll()
        }
        let total = next.withLock { $0 }
        let collector = Collector(try await conn.consume(queue: queue))
        let got = Set(await collector.wait(for: total).compactMap(\.properties.messageID))
        #expect(got == Set((1...total).map { "\($0)" }))
        await collector.stop()
        try await conn.delete(queue: queue)
    }

    /// A cluster's nodes in the URI: a node that cannot be reached is skipped, at the first
    /// connect and after a loss.
    @Test(.hangGuard)
    func unreachableNodesOfAListAreSkipped() async throws {
        var c = try TestBroker.configuration()
        // Port 1 on loopback refuses at once: a node that is down.
        c.alternates = [.init(host: c.host, port: c.port)]
        c.port = 1
        let conn = try await AMQPConnection.connect(c, logger: TestBroker.logger)
        defer { Task { await conn.close() } }
        let queue = TestBroker.uniqueName("nodes")
        try await conn.declare(Topology(queues: [.init(queue, durable: false, exclusive: true)]))
        let name = c.clientName
        let closed = try await BrokerControl.closeConnections(named: name)
        #expect(closed == 1)
        // The next attempt goes to the dead node, the one after it back to the live one.
        while conn.connectCount < 2 { try await Task.sleep(for: .milliseconds(20)) }
        try await conn.publish(.text("again", id: "again"), exchange: "", routingKey: queue)
    }

    @Test(.hangGuard)
    func consumerResumesOnRedeclaredTopology() async throws {
        // An exclusive queue vanishes with its connection: the consumer can only resume if the
        // connection declares it again after reconnecting.
        let conn = try await TestBroker.connect()
        let sender = try await TestBroker.connect(name: "resume-sender")
        defer {
            Task {
                await conn.close(); await sender.close()
            }
        }
        let queue = TestBroker.uniqueName("resume")
        try await conn.declare(Topology(queues: [.init(queue, durable: false, exclusive: true)]))
        let collector = Collector(try await conn.consume(queue: queue))
        try await sender.publish(.text("before", id: "before"), exchange: "", routingKey: queue)
        #expect(await collector.wait(for: 1).count == 1)
        let name = conn.configuration.clientName
        let closed = try await BrokerControl.closeConnections(named: name)
        #expect(closed == 1)
        while conn.connectCount < 2 { try await Task.sleep(for: .milliseconds(20)) }
        try await sender.publish(.text("after", id: "after"), exchange: "", routingKey: queue)
        let got = await collector.wait(for: 2)
        #expect(got.compactMap(\.properties.messageID) == ["before", "after"])
        await collector.stop()
    }

    @Test(.hangGuard)
    func brokerRestartDuringPublishing() async throws {
        // A node of its own, so restarting it disturbs no other test.
        let port = Int(ProcessInfo.processInfo.environment["RBN_TEST_RESTART_BROKER_PORT"] ?? "") ?? 5697
        let dir = FileManager.default.currentDirectoryPath + "/var/test-broker/rbn-restart"
        // No TLS listener: the test broker's TLS port, inherited, is taken.
        let env = [
            "RBN_BROKER_NAME": "rbn-restart", "RBN_BROKER_PORT": "\(port)", "RBN_BROKER_DIR": dir,
            "RBN_BROKER_TLS_PORT": "",
        ]
        _ = try? await BrokerControl.run(["stop"], environment: env)
        try? FileManager.default.removeItem(atPath: dir)
        try await BrokerControl.run(["start"], environment: env)
        do {
            var config = try TestBroker.configuration()
            config.port = port
            let conn = try await AMQPConnection.connect(config, logger: TestBroker.logger)
            let queue = TestBroker.uniqueName("reconnect-restart")
            try await conn.declare(Topology(queues: [.quorum(queue)]))
            let outcome = try await Self.publishAll(on: conn, queue: queue) {
                try await BrokerControl.run(["restart"], environment: env)
            }
            try await Self.verify(outcome, on: conn, queue: queue)
            await conn.close()
        } catch {
            _ = try? await BrokerControl.run(["stop"], environment: env)
            throw error
        }
        try await BrokerControl.run(["stop"], environment: env)
    }

    /// Requests waiting in the connection's queue when the connection is lost are each answered:
    /// carried out on the new connection or failed, none left waiting. Before, the requests the
    /// connection's thread had taken and not carried out were dropped, and the caller of a dropped
    /// acknowledgement waited forever: its consumer stopped (`make chaos`, broker restarts).
    @Test(.hangGuard)
    func everyRequestWaitingAtALossIsAnswered() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        let queue = TestBroker.uniqueName("answered")
        try await conn.declare(Topology(queues: [.init(queue, durable: false)]))
        let asked = LockedBox(0)
        let answered = LockedBox(0)
        let lost = LockedBox(false)
        let streamed = LockedBox(false)
        // Requests in a steady stream, 200 at a time in flight, until the loss and a moment after.
        let stream = Task {
            var after = 0
            while after < 20 {
                if lost.withLock({ $0 }) { after += 1 }
                for _ in 0..<200 {
                    asked.withLock { $0 += 1 }
                    Task {
                        _ = try? await conn.depth(of: queue)
                        answered.withLock { $0 += 1 }
                    }
                }
                while asked.withLock({ $0 }) - answered.withLock({ $0 }) > 200 {
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
            streamed.withLock { $0 = true }
        }
        defer { stream.cancel() }
        let closed = try await BrokerControl.closeConnections(named: conn.configuration.clientName)
        #expect(closed == 1)
        lost.withLock { $0 = true }
        // The stream stops once every request of its last rounds is answered; a dropped request
        // never is, and the wait below ends at its bound instead.
        let deadline = ContinuousClock.now + .seconds(120)
        while asked.withLock({ $0 }) != answered.withLock({ $0 }) || !streamed.withLock({ $0 }),
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(asked.withLock { $0 } == answered.withLock { $0 }, "requests asked and never answered")
        try? await conn.delete(queue: queue)
    }

    struct Outcome {
        var confirmed = Set<Int>()
        var retriableFailures = 0
        var otherFailures: [AMQPError] = []
        var connectsBefore = 0
    }

    /// Publishes `total` messages in paced batches, retrying retriable failures, and runs `disrupt`
    /// in the background once a tenth is confirmed. The last tenth waits for the loss (the event the
    /// test stands for, however long the disruption takes to start): so the connection is lost
    /// while messages are still to go, and some of them go out on the new one. Returns when every
    /// message is confirmed.
    static func publishAll(
        on conn: AMQPConnection, queue: String,
        disrupt: @escaping @Sendable () async throws -> Void
    ) async throws -> Outcome {
        var outcome = Outcome(connectsBefore: conn.connectCount)
        var pending = Array(0..<total)
        var disruption: Task<Void, any Error>?
        let disrupted = LockedBox(false)
        while !pending.isEmpty {
            if let disruption, pending.count <= total / 10, conn.connectCount <= outcome.connectsBefore {
                // Until the connection was lost and made again; a disruption that failed ends the wait.
                if disrupted.withLock({ $0 }) { try await disruption.value }
                try await Task.sleep(for: .milliseconds(50))
                continue
            }
            let chunk = Array(pending.prefix(200))
            pending.removeFirst(chunk.count)
            let results = await conn.publish(
                batch: chunk.map {
                    AMQPPublish(exchange: "", routingKey: queue, message: .text("message \($0)", id: "\($0)"))
                })
            for (n, result) in zip(chunk, results) {
                switch result {
                case .success: outcome.confirmed.insert(n)
                case .failure(let e) where e.isRetriable: outcome.retriableFailures += 1; pending.append(n)
                case .failure(let e): outcome.otherFailures.append(e)
                }
            }
            if disruption == nil && outcome.confirmed.count >= total / 10 {
                disruption = Task {
                    defer { disrupted.withLock { $0 = true } }
                    try await disrupt()
                }
            }
            try await Task.sleep(for: .milliseconds(results.allSatisfy { (try? $0.get()) != nil } ? 40 : 100))
        }
        try await disruption?.value
        return outcome
    }

    static func verify(_ outcome: Outcome, on conn: AMQPConnection, queue: String) async throws {
        #expect(outcome.otherFailures.isEmpty, "failures that were not retriable: \(outcome.otherFailures)")
        #expect(outcome.confirmed.count == total)
        #expect(conn.connectCount > outcome.connectsBefore, "the connection was never lost")
        _ = await eventually(until: { $0 }) { conn.status == .connected }
        let collector = Collector(try await conn.consume(queue: queue, prefetch: 300))
        let deadline = ContinuousClock.now + .seconds(60)
        var consumed = Set<Int>()
        while ContinuousClock.now < deadline {
            consumed = Set(collector.items.compactMap { $0.properties.messageID.flatMap(Int.init) })
            if consumed.isSuperset(of: outcome.confirmed) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let missing = outcome.confirmed.subtracting(consumed)
        #expect(
            missing.isEmpty, "\(missing.count) confirmed messages never arrived, e.g. \(missing.sorted().prefix(5))")
        await collector.stop()
        print(
            "\(queue): \(outcome.confirmed.count) confirmed, \(outcome.retriableFailures) retriable failures retried, "
                + "\(conn.connectCount - outcome.connectsBefore) reconnect(s), \(consumed.count) distinct consumed")
    }
}
