import Contracts
import Foundation
import GRDB
import Logging
import Messaging
import Synchronization

/// Work that runs beside the consumers while the service is connected, for what cannot happen
/// inside a handler's transaction: sending mail, calling webhooks. It writes through its context,
/// and what it emits is published like a handler's events.
///
/// ```swift
/// ServiceWorker("deliver") { worker in
///     while !worker.isStopped {
///         let due = try await worker.read { db in
///             try Int64.fetchAll(db, sql: "SELECT id FROM outgoing WHERE sent_at IS NULL LIMIT 50")
///         }
///         for id in due where await Outgoing(id: id).send() {
///             try await worker.write { context in
///                 try context.db.execute(
///                     sql: "UPDATE outgoing SET sent_at = ? WHERE id = ?", arguments: [Date(), id])
///             }
///         }
///         await worker.sleep(0.5)
///     }
/// }
/// ```
public struct ServiceWorker: Sendable {
    public let name: String
    public let body: @Sendable (WorkerContext) async throws -> Void

    /// - Parameter name: lower-case letters and dashes; it names the work in logs and in the
    ///   type of what it emits (`<service>.worker.<name>`).
    public init(_ name: String, _ body: @escaping @Sendable (WorkerContext) async throws -> Void) {
        self.name = name
        self.body = body
    }
}

/// What a worker gets: transactions on the store and a stop signal.
public final class WorkerContext: Sendable {
    let store: Store
    let relay: OutboxRelay
    let connection: AMQPConnection
    /// The service's broker user, the `user_id` of its requests.
    let user: String
    let source: String
    let type: String
    /// The service's logger, with the worker's name.
    public let logger: Logger
    private let stopped = Atomic(false)
    private let signal = Signal()

    init(
        store: Store, relay: OutboxRelay, connection: AMQPConnection, user: String, service: String, worker: String,
        logger: Logger
    ) {
        self.store = store
        self.relay = relay
        self.connection = connection
        self.user = user
        var logger = logger
        logger[metadataKey: "worker"] = .string(worker)
        self.logger = logger
        source = "/rbn/\(service)"
        type = "\(MessageType.prefix)\(service).worker.\(worker).v1"
    }

    /// True once the service is stopping; the worker then returns.
    public var isStopped: Bool { stopped.load(ordering: .acquiring) }

    /// Waits `seconds`, or less when the service stops or `wake()` is called.
    public func sleep(_ seconds: Double) async {
        guard !isStopped else { return }
        await signal.wait(timeout: seconds)
    }

    /// Ends a `sleep` early (new work arrived).
    public func wake() { signal.notify() }

    func stop() {
        stopped.store(true, ordering: .releasing)
        signal.notify()
    }

    /// Runs `body` in one write transaction; its emitted messages are published once it commits.
    /// Each transaction is a cause of its own: a fresh message id, which what it emits names as its
    /// causation id and the history it writes records.
    public func write<T: Sendable>(_ body: @escaping @Sendable (MessageContext) throws -> T) async throws -> T {
        let attributes = EnvelopeAttributes(source: source, type: type)
        let (result, emitted) = try await store.write { db in
            let context = MessageContext(db: db, message: attributes, wantsReply: false)
            let result = try body(context)
            return (result, context.emitted)
        }
        if !emitted.isEmpty { relay.committed(emitted) }
        return result
    }

    /// Asks another service (a command or query over the broker, as the service's own broker user)
    /// and waits up to `timeout` seconds for its answer. `id` makes a repeated request safe: the
    /// service answers it from its inbox instead of acting twice.
    public func request<C: MessagePayload, R: MessagePayload>(
        _ payload: C, expecting: R.Type, id: String = MessageID.make(), timeout: Double = 10
    ) async throws(RequestFailure) -> RequestAnswer<R> {
        try await connection.request(payload, expecting: R.self, user: user, id: id, timeout: timeout)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await store.read(body)
    }
}
