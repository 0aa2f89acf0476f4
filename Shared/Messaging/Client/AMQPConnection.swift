import Foundation
import Logging
import Synchronization

/// A connection to RabbitMQ with an async API.
///
/// One dedicated thread owns the underlying rabbitmq-c connection; every method here hands work to
/// it and awaits the result. The connection publishes with confirms, consumes with manual
/// acknowledgements, answers RPC calls over direct reply-to, and, when the connection is lost,
/// reconnects with backoff, declares its topology again and resumes its consumers.
///
/// ```swift
/// let connection = try await AMQPConnection.connect(AMQPConfiguration(uri: "amqp://127.0.0.1"))
/// try await connection.declare(RBNTopology.service("supportdesk"))
/// try await connection.publish(message, exchange: "rbn.events", routingKey: "supportdesk.ticket.opened")
/// ```
public final class AMQPConnection: Sendable {
    let loop: ConnectionLoop
    private let consumerIDs = Atomic<UInt64>(0)

    private init(loop: ConnectionLoop) {
        self.loop = loop
    }

    deinit {
        loop.submit(.close({ _ in }))
    }

    /// Connects; throws when the first attempt fails (later losses are recovered automatically).
    public static func connect(
        _ configuration: AMQPConfiguration,
        logger: Logger = Logger(label: "rbn.amqp")
    ) async throws(AMQPError) -> AMQPConnection {
        let loop = ConnectionLoop(configuration: configuration, logger: logger)
        try await withResult { done in loop.start(onFirstConnect: done) }
        return AMQPConnection(loop: loop)
    }

    /// Connects to the broker an AMQP URI names.
    public static func connect(
        uri: String, logger: Logger = Logger(label: "rbn.amqp")
    ) async throws(AMQPError) -> AMQPConnection {
        try await connect(AMQPConfiguration(uri: uri), logger: logger)
    }

    public var configuration: AMQPConfiguration { loop.configuration }
    public var status: AMQPConnectionStatus { loop.status }
    public var isConnected: Bool { loop.status == .connected }
    /// Connections established so far: 1 after ``connect(_:logger:)``, one more per reconnect.
    public var connectCount: Int { loop.connects }

    /// Closes the connection. Unconfirmed publishes and waiting calls fail with ``AMQPError/Code/closed``;
    /// consumers' sequences end.
    public func close() async {
        _ = try? await Self.withResult { (done: @escaping Completion<Void>) in loop.submit(.close(done)) }
    }

    // MARK: Topology

    /// Declares exchanges, queues and bindings, and remembers them to declare again after a reconnect.
    public func declare(_ topology: Topology) async throws(AMQPError) {
        try await Self.withResult { done in loop.submit(.declare(topology, done)) }
    }

    /// Removes all ready messages from a queue; returns how many.
    @discardableResult
    public func purge(queue: String) async throws(AMQPError) -> Int {
        try await Self.withResult { done in loop.submit(.purge(queue: queue, done)) }
    }

    /// How many messages wait in a queue and how many consumers it has (a passive declare: a
    /// queue that does not exist is an error, and nothing is created).
    public func depth(of queue: String) async throws(AMQPError) -> QueueDepth {
        try await Self.withResult { done in loop.submit(.depth(queue: queue, done)) }
    }

    /// Removes a binding (and forgets it, so a reconnect does not declare it again).
    public func unbind(_ binding: Topology.Binding) async throws(AMQPError) {
        try await Self.withResult { done in loop.submit(.unbind(binding, done)) }
    }

    /// Deletes a queue (and forgets it and its bindings).
    public func delete(queue: String) async throws(AMQPError) {
        try await Self.withResult { done in loop.submit(.deleteQueue(queue, done)) }
    }

    public func delete(exchange: String) async throws(AMQPError) {
        try await Self.withResult { done in loop.submit(.deleteExchange(exchange, done)) }
    }

    // MARK: Publishing

    /// Publishes one message and returns when the broker confirmed it.
    ///
    /// Throws ``AMQPError/Code/unroutable`` for a mandatory message no queue took,
    /// ``AMQPError/Code/nacked`` when the broker refused it, and a retriable error when the
    /// connection was lost before the confirm.
    public func publish(
        _ message: AMQPMessage, exchange: String, routingKey: String,
        mandatory: Bool = true
    ) async throws(AMQPError) {
        let results = await publish(batch: [
            AMQPPublish(
                exchange: exchange, routingKey: routingKey, message: message,
                mandatory: mandatory)
        ])
        try results[0].get()
    }

    /// Publishes many messages, up to the confirm window in flight at once, and returns each one's
    /// result, in order, when all are confirmed or failed.
    public func publish(batch: [AMQPPublish]) async -> [Result<Void, AMQPError>] {
        await withCheckedContinuation { continuation in
            let waiter = PublishWaiter(count: batch.count) { continuation.resume(returning: $0) }
            if !batch.isEmpty { loop.submit(.publish(batch, waiter)) }
        }
    }

    // MARK: Consuming

    /// Starts consuming a queue with manual acknowledgements and at most `prefetch` unacknowledged
    /// deliveries. After a reconnect the consumer resumes by itself.
    public func consume(
        queue: String, prefetch: UInt16 = 100, exclusive: Bool = false,
        arguments: AMQPTable = [:]
    ) async throws(AMQPError) -> AMQPConsumer {
        let id = consumerIDs.wrappingAdd(1, ordering: .relaxed).newValue
        // A consuming task that is cancelled, or a consumer dropped, ends the deliveries; the broker
        // then gets its unacknowledged deliveries back instead of holding them for nobody.
        let buffer = DeliveryBuffer { [loop] in loop.submit(.cancel(consumerID: id, { _ in })) }
        let state = ConsumerState(
            id: id, queue: queue, prefetch: prefetch, exclusive: exclusive, noAck: false,
            arguments: arguments, tag: "\(loop.configuration.clientName).\(id)", sink: buffer)
        let tag: String = try await Self.withResult { done in loop.submit(.consume(state, done)) }
        return AMQPConsumer(connection: self, id: id, queue: queue, tag: tag, deliveries: buffer)
    }

    func settle(_ settlement: Settlement) async throws(AMQPError) {
        try await Self.withResult { done in loop.submit(.settle(settlement, done)) }
    }

    func cancelConsumer(_ id: UInt64) async {
        _ = try? await Self.withResult { (done: @escaping Completion<Void>) in
            loop.submit(.cancel(consumerID: id, done))
        }
    }

    // MARK: RPC

    /// Sends a request and awaits the reply over direct reply-to (`amq.rabbitmq.reply-to`).
    ///
    /// The request gets a correlation id (a new UUID unless it has one) and `reply_to`; the reply is
    /// the first message with that correlation id. Throws ``AMQPError/Code/timeout`` when none comes
    /// in `timeout` seconds, and ``AMQPError/Code/unroutable`` when no queue takes the request.
    public func call(
        _ request: AMQPMessage, exchange: String, routingKey: String,
        timeout: Double = 10
    ) async throws(AMQPError) -> AMQPDelivery {
        var message = request
        if message.properties.correlationID == nil { message.properties.correlationID = UUID().uuidString }
        let publish = AMQPPublish(exchange: exchange, routingKey: routingKey, message: message, mandatory: true)
        return try await Self.withResult { done in loop.submit(.call(publish, timeout: timeout, done)) }
    }

    /// Replies to an RPC request: publishes `reply` to the request's `reply_to` with its correlation id.
    public func reply(to request: AMQPDelivery, with reply: AMQPMessage) async throws(AMQPError) {
        guard let replyTo = request.properties.replyTo else {
            throw AMQPError(.invalidConfiguration, "the request has no reply_to; nobody waits for a reply")
        }
        var message = reply
        message.properties.correlationID = request.properties.correlationID
        try await publish(message, exchange: "", routingKey: replyTo, mandatory: false)
    }

    // MARK: Bridging

    static func withResult<T: Sendable>(
        _ submit: (@escaping Completion<T>) -> Void
    ) async throws(AMQPError) -> T {
        let result: Result<T, AMQPError> = await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: $0) }
        }
        return try result.get()
    }
}
