import Contracts
import Foundation
import Logging
import Messaging
import ServiceKit
import Testing

/// A service running in this process under a name of its own (so tests run side by side) against
/// the test broker, with a fresh store, plus a queue that collects the events of the requests this
/// harness sent (by correlation id).
public final class ServiceHarness: @unchecked Sendable {
    public let name: String
    public let directory: String
    public let connection: AMQPConnection
    /// The service the harness runs: where its requests go.
    public let service: String
    /// The broker user of ``connection``, sent as the AMQP `user_id` of requests.
    public let user: String

    /// Who sends a request: a connection and the `user_id` it sends (nil for none).
    public struct Sender: Sendable {
        public let connection: AMQPConnection
        public let user: String?
        public init(connection: AMQPConnection, user: String?) {
            self.connection = connection
            self.user = user
        }
    }

    /// Adds a broker user of the test broker's own, with rights everywhere in `vhost`. rabbitmqctl
    /// runs on a thread of its own: it takes seconds on a loaded machine, and a cooperative thread
    /// held that long stalls every service running in the test process.
    public static func addBrokerUser(_ name: String, password: String, vhost: String = "/") async throws {
        guard let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] else {
            throw TestSetupError("RBN_BROKER_CTL is not set: run the tests with 'make test'")
        }
        for args in [["add_user", name, password], ["set_permissions", "-p", vhost, name, ".*", ".*", ".*"]] {
            let r = await Subprocess.run([ctl, "ctl"] + args)
            guard r.status == 0 else { throw TestSetupError("rabbitmqctl \(args[0]) failed: \(r.output)") }
        }
    }

    /// The broker user the services under test take as the portal (see ``portal()``).
    public static let portalUser = "test-portal"

    /// A sender as the portal: a broker user of its own, whom the service takes as `portal.users`.
    /// Tests share the user: one that exists already only gets its rights (again).
    public func portal() async throws -> Sender {
        let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? ""
        _ = await Subprocess.run([ctl, "ctl", "add_user", Self.portalUser, "test-portal"])
        let r = await Subprocess.run([ctl, "ctl", "set_permissions", "-p", "/", Self.portalUser, ".*", ".*", ".*"])
        guard r.status == 0 else { throw TestSetupError("rabbitmqctl set_permissions failed: \(r.output)") }
        return try await sender(user: Self.portalUser, password: "test-portal")
    }

    /// A connection of another broker user (made with `rabbitmqctl` on the test broker), to send as them.
    public func sender(user: String, password: String) async throws -> Sender {
        var config = try AMQPConfiguration(uri: ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] ?? "")
        config.user = user
        config.password = password
        let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        return Sender(connection: try await AMQPConnection.connect(config, logger: quiet), user: user)
    }
    private let events: Collector
    private let eventsQueue: String
    private let running: Task<Void, any Error>
    private let sent = LockedBox<Set<String>>([])
    private var eventKeys: [String] = []
    /// Every reply received, checked against its schema when the test ends.
    private let replies = LockedBox<[(type: String, body: Data)]>([])

    /// Runs `body` with the service started and always stops it.
    /// - Parameters:
    ///   - definition: the service under a given name.
    ///   - events: the routing pattern of the events to collect, e.g. `registry.#`.
    ///   - ready: a request that succeeds once the service consumes.
    public static func with(
        service: String, events: String, _ definition: @escaping (String) -> ServiceDefinition,
        ready: @escaping (ServiceHarness) async throws -> Void, _ body: (ServiceHarness) async throws -> Void
    ) async throws {
        let h = try await ServiceHarness(service: service, events: events, definition, ready: ready)
        do {
            try await body(h)
            try await conform(h.replies.withLock { $0 })
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
        try? FileManager.default.removeItem(atPath: h.directory)
    }

    private init(
        service: String, events pattern: String, _ definition: (String) -> ServiceDefinition,
        ready: (ServiceHarness) async throws -> Void
    ) async throws {
        self.service = service
        guard let uri = ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] else {
            throw TestSetupError("RBN_TEST_AMQP_URL is not set: run the tests with 'make test'")
        }
        let id = UUID().uuidString.prefix(8).lowercased()
        name = "\(service)-t\(id)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-\(name)").path
        let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let config = try AMQPConfiguration(uri: uri)
        user = config.user
        connection = try await AMQPConnection.connect(config, logger: quiet)
        eventsQueue = "test.events.\(id)"
        let queue = eventsQueue
        try await connection.declare(RBNTopology.exchanges)
        try await connection.declare(
            Topology(
                // Not exclusive: the queue outlives a connection the broker closes (see
                // `publishEvent`), and the events that come meanwhile wait for the consumer to resume.
                queues: [.init(queue, durable: false)],
                bindings: [.init(queue: queue, exchange: RBNTopology.eventsExchange, routingKey: pattern)]))
        events = Collector(try await connection.consume(queue: queue, prefetch: 200))
        let settings = try await ServiceSettings.load(
            arguments: ["registry"],
            environment: [
                "RBN_AMQP_URL": uri, "RBN_DATA_DIR": directory, "RBN_HTTP_ADDR": "off",
                "RBN_OPERATORS": config.user, "RBN_PORTAL_USERS": Self.portalUser,
                "RBN_PUBLISHERS": "*",
            ],
            defaultHTTPPort: 0)
        let definition = definition(name)
        eventKeys = definition.handlers.eventRoutingKeys
        running = Task { try await ServiceRuntime.run(definition, settings: settings, logger: quiet) }
        // Generous: on a loaded 2-core machine declaring quorum queues alone can take many seconds.
        let deadline = ContinuousClock.now + .seconds(90)
        while true {
            if (try? await ready(self)) != nil { break }
            guard ContinuousClock.now < deadline else { throw TestSetupError("\(service) did not start in 90 s") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    public func stop() async {
        running.cancel()
        _ = try? await running.value
        await events.consumer.cancel()
        // Unbound first: RabbitMQ 3.10 closes the connection of anyone publishing into a quorum queue
        // at the moment it is deleted, and other tests publish the events this queue is bound to.
        for key in eventKeys {
            try? await connection.unbind(
                .init(queue: RBNTopology.eventsQueue(name), exchange: RBNTopology.eventsExchange, routingKey: key))
        }
        if !eventKeys.isEmpty { try? await Task.sleep(for: .milliseconds(200)) }
        let queues = [
            RBNTopology.commandsQueue(name), RBNTopology.eventsQueue(name), RBNTopology.deadQueue(name), eventsQueue,
        ]
        for queue in queues {
            try? await connection.delete(queue: queue)
        }
        await connection.close()
    }

    /// What a request got back: its reply, or the refusal.
    public enum Answer<R: Sendable>: Sendable {
        case reply(R)
        case refused(ErrorReply)
    }

    /// Counts `id` as sent by this harness (for requests sent by other clients).
    public func track(_ id: String) { sent.withLock { _ = $0.insert(id) } }

    /// Sends a command or query over RPC and decodes the answer.
    public func send<C: MessagePayload, R: MessagePayload>(
        _ payload: C, as _: R.Type, id: String = MessageID.make(), timeout: Double = 30, from sender: Sender? = nil
    ) async throws -> Answer<R> {
        sent.withLock { _ = $0.insert(id) }
        var message = try EnvelopeCodec.message(for: Envelope(payload, id: id))
        message.properties.userID = sender == nil ? user : sender?.user
        let via = sender?.connection ?? connection
        let reply = try await AMQPConnection.againWhenLost {
            try await via.call(message, exchange: "", routingKey: RBNTopology.commandsQueue(name), timeout: timeout)
        }
        if reply.properties.type == R.messageType.rawValue {
            let envelope = try EnvelopeCodec.decode(R.self, from: reply)
            replies.withLock { $0.append((R.messageType.rawValue, reply.body)) }
            return .reply(envelope.data)
        }
        let attributes = try EnvelopeCodec.attributes(of: reply)
        guard ErrorReply.isErrorReply(type: attributes.type) else {
            throw TestSetupError("unexpected reply type \(attributes.type)")
        }
        return .refused(try JSONDecoder().decode(Envelope<ErrorReply>.self, from: reply.body).data)
    }

    /// The reply, failing the test when the request was refused.
    public func command<C: MessagePayload, R: MessagePayload>(
        _ payload: C, as type: R.Type, id: String = MessageID.make()
    ) async throws -> R {
        switch try await send(payload, as: type, id: id) {
        case .reply(let r): return r
        case .refused(let e): throw TestSetupError("refused: \(e.code): \(e.message)")
        }
    }

    public func query<C: MessagePayload, R: MessagePayload>(
        _ payload: C, as type: R.Type, timeout: Double = 30
    ) async throws -> R {
        switch try await send(payload, as: type, timeout: timeout) {
        case .reply(let r): return r
        case .refused(let e): throw TestSetupError("refused: \(e.code): \(e.message)")
        }
    }

    /// The refusal of a request that must be refused.
    public func refusal<C: MessagePayload>(_ payload: C) async throws -> ErrorReply {
        switch try await send(payload, as: Refused.self) {
        case .reply: throw TestSetupError("\(C.messageType) was not refused")
        case .refused(let e): return e
        }
    }

    /// The events caused by this harness's requests: waits (up to `timeout` seconds) until at least
    /// `count` arrived, then a moment longer for any that should not have.
    ///
    /// - Parameter also: events to count besides those of this harness's requests, e.g. the ones a
    ///   timer emits about a ticket of this test (by subject).
    public func emitted(
        expecting count: Int, timeout: Double = 90,
        also: @escaping (EnvelopeAttributes, Data) -> Bool = { _, _ in false }
    ) async throws -> [(type: String, body: Data)] {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while mine(also).count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(300))
        let events = mine(also)
        try await Self.conform(events)
        return events
    }

    /// Checks every message's data against its shipped schema, in one run of the validator.
    public static func conform(_ events: [(type: String, body: Data)]) async throws {
        guard SchemaValidator.python != nil else { throw SchemaValidator.ValidatorMissing() }
        var documents: [(label: String, document: Data, schema: Data)] = []
        for e in events {
            let type = try MessageType(e.type)
            let schema = try #require(SchemaCatalog.schema(for: type), "no schema for \(type)")
            let json = try #require(try JSONSerialization.jsonObject(with: e.body) as? [String: Any])
            documents.append((e.type, try JSONSerialization.data(withJSONObject: json["data"] ?? [:]), schema))
        }
        let errors = try await SchemaValidator.errors(ofEach: documents)
        #expect(errors.isEmpty, "messages that break their schema: \(errors)")
    }

    /// This harness's events, once each: delivery is at least once, so a message that comes again
    /// (republished after a lost confirm) is the same event, not another.
    private func mine(_ also: (EnvelopeAttributes, Data) -> Bool) -> [(type: String, body: Data)] {
        let ids = sent.withLock { $0 }
        var seen = Set<String>()
        return events.items.compactMap { d in
            guard let a = try? EnvelopeCodec.attributes(of: d),
                a.correlationID.map(ids.contains) == true || also(a, d.body), seen.insert(a.id).inserted
            else { return nil }
            return (a.type, d.body)
        }
    }

}

/// A reply type no request has: what ``ServiceHarness/refusal(_:)`` expects, so any reply is a failure.
private struct Refused: MessagePayload {
    static let messageType = MessageType(service: "test", aggregate: "request", name: "refused")
}
