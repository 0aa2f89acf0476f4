import CLIKit
import Contracts
import Foundation
import Logging
import Messaging
import RBNTestSupport
import RegistryService
import ServiceKit
import Testing

/// A registry running in this process under a name of its own (so tests run side by side) against
/// the test broker, with a fresh store, plus a queue that collects the events of the commands
/// this harness sent (by correlation id).
final class RegistryHarness: @unchecked Sendable {
    let name: String
    let directory: String
    let connection: AMQPConnection
    private let events: Collector
    private let running: Task<Void, any Error>
    private let sent = LockedBox<Set<String>>([])
    /// Every reply received, checked against its schema when the test ends.
    private let replies = LockedBox<[(type: String, body: Data)]>([])

    /// Runs `body` with a started registry and always stops it.
    static func with(_ body: (RegistryHarness) async throws -> Void) async throws {
        let h = try await RegistryHarness()
        do {
            try await body(h)
            try conform(h.replies.withLock { $0 })
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
        try? FileManager.default.removeItem(atPath: h.directory)
    }

    private init() async throws {
        guard let uri = ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] else {
            throw TestSetupError("RBN_TEST_AMQP_URL is not set: run the tests with 'make test'")
        }
        let id = UUID().uuidString.prefix(8).lowercased()
        name = "registry-t\(id)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-\(name)").path
        let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        connection = try await AMQPConnection.connect(AMQPConfiguration(uri: uri), logger: quiet)
        let queue = "test.events.\(id)"
        try await connection.declare(RBNTopology.exchanges)
        try await connection.declare(
            Topology(
                queues: [.init(queue, durable: false, exclusive: true)],
                bindings: [.init(queue: queue, exchange: RBNTopology.eventsExchange, routingKey: "registry.#")]))
        events = Collector(try await connection.consume(queue: queue, prefetch: 200))
        let settings = try await ServiceSettings.load(
            arguments: ["registry"],
            environment: ["RBN_AMQP_URL": uri, "RBN_DATA_DIR": directory, "RBN_HTTP_ADDR": "off"],
            defaultHTTPPort: 0)
        let definition = RegistryService.definition(name: name)
        running = Task { try await ServiceRuntime.run(definition, settings: settings, logger: quiet) }
        // Ready when a query gets an answer.
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            if (try? await query(Registry.ListNetworks(), as: Registry.NetworkList.self, timeout: 1)) != nil { break }
            guard ContinuousClock.now < deadline else { throw TestSetupError("the registry did not start in 30 s") }
        }
    }

    func stop() async {
        running.cancel()
        _ = try? await running.value
        await events.consumer.cancel()
        for queue in [RBNTopology.commandsQueue(name), RBNTopology.eventsQueue(name), RBNTopology.deadQueue(name)] {
            try? await connection.delete(queue: queue)
        }
        await connection.close()
    }

    /// What a request got back: its reply, or the refusal.
    enum Answer<R> {
        case reply(R)
        case refused(ErrorReply)
    }

    /// A CLI client whose requests reach this registry, and whose events ``emitted(settle:)`` counts.
    func client() async throws -> RequestClient {
        try await RequestClient.connect(
            url: ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] ?? "", clientName: "test-cli", timeout: 10,
            routes: [Registry.service: name]
        ) { [sent] id in sent.withLock { _ = $0.insert(id) } }
    }

    /// Sends a command or query over RPC and decodes the answer.
    func send<C: MessagePayload, R: MessagePayload>(
        _ payload: C, as _: R.Type, id: String = MessageID.make(), timeout: Double = 10
    ) async throws -> Answer<R> {
        sent.withLock { _ = $0.insert(id) }
        let message = try EnvelopeCodec.message(for: Envelope(payload, id: id))
        let reply = try await connection.call(
            message, exchange: "", routingKey: RBNTopology.commandsQueue(name), timeout: timeout)
        if reply.properties.type == R.messageType.rawValue {
            let envelope = try EnvelopeCodec.decode(R.self, from: reply)
            replies.withLock { $0.append((R.messageType.rawValue, reply.body)) }
            return .reply(envelope.data)
        }
        let attributes = try EnvelopeCodec.attributes(of: reply)
        guard attributes.type.hasSuffix(".request.failed.v1") else {
            throw TestSetupError("unexpected reply type \(attributes.type)")
        }
        return .refused(try JSONDecoder().decode(Envelope<ErrorReply>.self, from: reply.body).data)
    }

    /// The reply, failing the test when the request was refused.
    func command<C: MessagePayload, R: MessagePayload>(
        _ payload: C, as type: R.Type, id: String = MessageID.make()
    ) async throws -> R {
        switch try await send(payload, as: type, id: id) {
        case .reply(let r): return r
        case .refused(let e): throw TestSetupError("refused: \(e.code): \(e.message)")
        }
    }

    func query<C: MessagePayload, R: MessagePayload>(
        _ payload: C, as type: R.Type, timeout: Double = 10
    ) async throws -> R {
        switch try await send(payload, as: type, timeout: timeout) {
        case .reply(let r): return r
        case .refused(let e): throw TestSetupError("refused: \(e.code): \(e.message)")
        }
    }

    /// The refusal of a request that must be refused.
    func refusal<C: MessagePayload>(_ payload: C) async throws -> ErrorReply {
        switch try await send(payload, as: Registry.NetworkDetails.self) {
        case .reply: throw TestSetupError("\(C.messageType) was not refused")
        case .refused(let e): return e
        }
    }

    /// The events caused by this harness's requests: waits (up to `timeout` seconds) until at least
    /// `count` arrived, then a moment longer for any that should not have.
    func emitted(expecting count: Int, timeout: Double = 20) async throws -> [(type: String, body: Data)] {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while mine().count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(300))
        let events = mine()
        try Self.conform(events)
        return events
    }

    /// Checks every message's data against its shipped schema, in one run of the validator.
    static func conform(_ events: [(type: String, body: Data)]) throws {
        guard SchemaValidator.python != nil else { throw SchemaValidator.ValidatorMissing() }
        var documents: [(label: String, document: Data, schema: Data)] = []
        for e in events {
            let type = try MessageType(e.type)
            let schema = try #require(SchemaCatalog.schema(for: type), "no schema for \(type)")
            let json = try #require(try JSONSerialization.jsonObject(with: e.body) as? [String: Any])
            documents.append((e.type, try JSONSerialization.data(withJSONObject: json["data"] ?? [:]), schema))
        }
        let errors = try SchemaValidator.errors(ofEach: documents)
        #expect(errors.isEmpty, "messages that break their schema: \(errors)")
    }

    private func mine() -> [(type: String, body: Data)] {
        let ids = sent.withLock { $0 }
        return events.items.compactMap { d in
            guard let a = try? EnvelopeCodec.attributes(of: d), let c = a.correlationID, ids.contains(c) else {
                return nil
            }
            return (a.type, d.body)
        }
    }

}
