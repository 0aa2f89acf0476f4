import Foundation
import Glibc
import Messaging
import RBNTestSupport
import Testing

@Suite("Connection set-up, topology and heartbeats")
struct ConnectionTests {
    /// A refused port is reported as the refusal it is, not waited out: with a connection timeout
    /// of an hour, only the refusal can end the attempt before the test's hang guard does.
    @Test(.hangGuard) func refusedPortFailsFast() async throws {
        var c = try TestBroker.configuration()
        c.port = try Self.closedPort()
        c.connectionTimeout = 3600
        await #expect { _ = try await AMQPConnection.connect(c, logger: TestBroker.logger) } throws: { error in
            let e = error as? AMQPError
            return e?.code == .connectionFailed && e?.isRetriable == true && e?.message.contains("\(c.port)") == true
                && e?.message.contains("timed out") == false
        }
    }

    /// The handshake gives up on a listener that never speaks AMQP: the attempt ends with an error
    /// (a hang would end only at the test's hang guard).
    @Test(.hangGuard) func silentServerDoesNotHangTheHandshake() async throws {
        // A listener that accepts TCP but never speaks AMQP, like a broker that vanished mid-handshake.
        let (fd, port) = try Self.silentListener()
        defer { Glibc.close(fd) }
        var c = try TestBroker.configuration()
        c.port = port
        c.connectionTimeout = 1
        await #expect { _ = try await AMQPConnection.connect(c, logger: TestBroker.logger) } throws: {
            ($0 as? AMQPError)?.code == .connectionFailed
        }
    }

    @Test func wrongPasswordIsAccessRefused() async throws {
        var c = try TestBroker.configuration()
        c.password = "wrong"
        await #expect { _ = try await AMQPConnection.connect(c, logger: TestBroker.logger) } throws: { error in
            let e = error as? AMQPError
            return e?.code == .accessRefused && e?.isRetriable == false
        }
    }

    @Test func declaringIsIdempotentAndConflictsAreReported() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        let service = "t" + UUID().uuidString.prefix(6).lowercased()
        // Patterns of its own: a quorum queue deleted while others' events route to it makes RabbitMQ
        // 3.10 close their connections (541 INTERNAL_ERROR), and tests beside this one publish.
        let topology = RBNTopology.service(service, eventPatterns: ["\(service)a.school.*", "\(service)b.#"])
        try await conn.declare(topology)
        try await conn.declare(topology)
        // The same name with other arguments is refused, and the connection stays usable.
        await #expect {
            try await conn.declare(Topology(queues: [.quorum(RBNTopology.commandsQueue(service), deliveryLimit: 99)]))
        } throws: { ($0 as? AMQPError)?.code == .preconditionFailed }
        try await conn.publishEvent(.text("routed"), routingKey: "\(service)a.school.registered")
        try await conn.publishEvent(.text("routed"), routingKey: "\(service)b.round.opened")
        let collector = Collector(try await conn.consume(queue: RBNTopology.eventsQueue(service)))
        #expect(await collector.wait(for: 2).count == 2)
        await collector.stop()
        #expect(conn.connectCount == 1)
        for q in ["commands", "events", "dead"] { try await conn.delete(queue: "\(service).\(q)") }
    }

    @Test(.hangGuard)
    func idleConnectionWithShortHeartbeatStaysOpen() async throws {
        let conn = try await TestBroker.connect(heartbeat: 2)
        defer { Task { await conn.close() } }
        let seen = try await BrokerControl.connections(named: conn.configuration.clientName)
        #expect(seen.map(\.heartbeat) == [2], "the broker did not agree to 2 s heartbeats")
        try await Task.sleep(for: .seconds(10))
        #expect(conn.status == .connected)
        #expect(conn.connectCount == 1, "the connection dropped and reconnected while idle")
        let queue = TestBroker.uniqueName("heartbeat")
        try await conn.declare(Topology(queues: [.quorum(queue)]))
        try await conn.publish(.text("still here"), exchange: "", routingKey: queue)
        try await conn.delete(queue: queue)
    }

    @Test func anUnboundQueueNoLongerReceives() async throws {
        let conn = try await TestBroker.connect()
        defer { Task { await conn.close() } }
        let queue = TestBroker.uniqueName("unbind")
        let key = "test.unbind.\(UUID().uuidString.prefix(6))"
        let binding = Topology.Binding(queue: queue, exchange: RBNTopology.eventsExchange, routingKey: key)
        try await conn.declare(RBNTopology.exchanges)
        try await conn.declare(Topology(queues: [.quorum(queue)], bindings: [binding]))
        let route = AMQPPublish(
            exchange: RBNTopology.eventsExchange, routingKey: key, message: .text("one"), mandatory: true)
        try (await conn.publish(batch: [route]))[0].get()
        try await conn.unbind(binding)
        // Mandatory, and no queue is bound any more: the broker returns it.
        let results = await conn.publish(batch: [route])
        #expect(throws: AMQPError.self) { try results[0].get() }
        try await conn.delete(queue: queue)
    }

    @Test func closedConnectionRefusesWork() async throws {
        let conn = try await TestBroker.connect()
        await conn.close()
        #expect(conn.status == .closed)
        await #expect { try await conn.publish(.text("late"), exchange: "", routingKey: "x") } throws: {
            ($0 as? AMQPError)?.code == .closed
        }
    }

    static func closedPort() throws -> Int {
        let (fd, port) = try silentListener()
        Glibc.close(fd)
        return port
    }

    /// A loopback TCP listener on a free port that never reads or writes.
    static func silentListener() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        guard bound else { throw TestSetupError("could not open a loopback listener") }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }
}
