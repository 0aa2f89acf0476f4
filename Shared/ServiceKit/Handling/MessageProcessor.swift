import Contracts
import Foundation
import GRDB
import Logging
import Messaging
import ServiceLifecycle
import Synchronization

/// Consumes one queue of a service: decodes, drops duplicates, runs handlers inside one write
/// transaction per batch (group commit, a savepoint per message), records outgoing messages and
/// inbox rows, commits, replies, and settles the batch with one multiple-ack.
///
/// Failure classes: a message that cannot be decoded or has an unknown type or version goes to
/// the service's dead-letter queue with the reason in `x-rbn-dead-reason`; a domain refusal is
/// acknowledged with an error reply; a transient failure is requeued, and after the queue's
/// delivery limit dead-lettered with its reason, so the consumer never stalls on one message.
/// A store outage (disk full, read-only, unreadable) is no message's fault: the batch is held,
/// unacknowledged, the service reports not ready, and the batch is tried again until the store
/// writes; nothing is requeued against the delivery limit, and a stopped service leaves the batch
/// to the broker, which gives it to the next consumer.
final class MessageProcessor: Service, Sendable {
    struct Settings: Sendable {
        var service: String
        var queue: String
        var prefetch: UInt16
        var deliveryLimit: Int
        /// The broker users who may send requests that need an operator (see ``Senders``).
        var operators: Set<String>
        /// Who may publish the events the service consumes.
        var publishers: EventPublishers
    }

    let settings: Settings
    let connection: AMQPConnection
    let store: Store
    let handlers: HandlerRegistry
    let relay: OutboxRelay
    let metrics: RuntimeMetrics
    let readiness: Readiness
    /// Called after a batch that handled something committed: wakes the service's workers.
    let afterCommit: @Sendable () -> Void
    let logger: Logger
    /// Set when the service is asked to stop: a batch held for a store outage is then given back.
    private let stopping = Mutex(false)

    init(
        settings: Settings, connection: AMQPConnection, store: Store, handlers: HandlerRegistry, relay: OutboxRelay,
        metrics: RuntimeMetrics, readiness: Readiness, afterCommit: @escaping @Sendable () -> Void,
        logger: Logger
    ) {
        self.settings = settings
        self.connection = connection
        self.store = store
        self.handlers = handlers
        self.relay = relay
        self.metrics = metrics
        self.readiness = readiness
        self.afterCommit = afterCommit
        var logger = logger
        logger[metadataKey: "amqp.queue"] = .string(settings.queue)
        self.logger = logger
    }

    func run() async throws {
        let consumer = try await connection.consume(queue: settings.queue, prefetch: settings.prefetch)
        var deliveries = consumer.makeAsyncIterator()
        // On shutdown the broker stops delivering; the batch in hand is finished and acknowledged.
        try await withGracefulShutdownHandler {
            while let batch = try await deliveries.nextBatch(max: Int(settings.prefetch)) {
                await process(batch, consumer: consumer)
            }
        } onGracefulShutdown: {
            self.stopping.withLock { $0 = true }
            consumer.stopConsuming()
        }
        await consumer.cancel()
    }

    /// Handles one batch of deliveries end to end.
    func process(_ batch: [AMQPDelivery], consumer: AMQPConsumer) async {
        var outcomes = [Outcome](repeating: .ignored, count: batch.count)
        var work: [(index: Int, kind: HandlerRegistry.Kind, message: HandlerRegistry.Decoded, refusal: DomainError?)] =
            []
        for (i, delivery) in batch.enumerated() {
            switch classify(delivery) {
            case .handle(let kind, let message, let senders):
                let refusal = senders.refusal(
                    of: delivery.properties.userID, type: message.attributes.type, operators: settings.operators)
                work.append((i, kind, message, refusal))
            case .ignore: outcomes[i] = .ignored
            case .poison(let code, let reason): outcomes[i] = .poison(code: code, reason: reason)
            }
        }
        let writes = work.filter { $0.kind != .query }
        if !writes.isEmpty {
            let items = writes.map {
                Work(
                    message: $0.message, kind: $0.kind, wantsReply: batch[$0.index].properties.replyTo != nil,
                    sender: batch[$0.index].properties.userID, refusal: $0.refusal)
            }
            do {
                let results = try await commitThroughOutages(items, held: batch.count)
                for (w, outcome) in zip(writes, results) { outcomes[w.index] = outcome.outcome }
                let emitted = results.flatMap(\.emitted)
                if !emitted.isEmpty { relay.committed(emitted) }
                if results.contains(where: { if case .handled = $0.outcome { true } else { false } }) { afterCommit() }
            } catch {
                let reason = "\(StoreError(error, doing: "commit the batch"))"
                logger.warning("batch not committed; requeueing it", metadata: ["store.error": .string(reason)])
                for w in writes { outcomes[w.index] = .retry(reason: reason) }
            }
        }
        for q in work where q.kind == .query {
            outcomes[q.index] = await query(q.message, sender: batch[q.index].properties.userID, refusal: q.refusal)
        }
        await sendReplies(batch, outcomes)
        await settle(batch, outcomes, consumer: consumer)
    }

    /// Commits a batch's writes. While the store cannot write at all (see ``StoreError/isOutage``)
    /// the batch is held and tried again, with the service not ready, until the store writes or
    /// the service stops (then the error is thrown and the batch requeued).
    private func commitThroughOutages(
        _ items: [Work], held: Int
    ) async throws -> [(
        outcome: Outcome, emitted: [OutboxRow]
    )] {
        var attempt = 0
        while true {
            do {
                let results = try await store.write { [metrics, logger] db in
                    try Self.handleBatch(items, db, metrics, logger)
                }
                if attempt > 0 {
                    readiness.storeOutage(nil, queue: settings.queue)
                    logger.notice(
                        "the store writes again; the held batch is committed", metadata: ["attempts": "\(attempt)"])
                }
                return results
            } catch  where StoreError.isOutage(error) && !stopping.withLock({ $0 }) && !Task.isCancelled {
                let reason = StoreError(error, doing: "commit the batch")
                if attempt == 0 {
                    readiness.storeOutage("\(reason.code) (\(reason.message))", queue: settings.queue)
                    logger.error(
                        "the store cannot write; holding the batch and trying again until it can",
                        metadata: ["store.error": .string("\(reason)"), "messages": "\(held)"])
                }
                attempt += 1
                try? await Task.sleep(for: .milliseconds(min(5000, 250 << min(attempt, 5))))
            }
        }
    }

    /// A decoded write message with what its handler needs to know of the delivery.
    struct Work {
        let message: HandlerRegistry.Decoded
        let kind: HandlerRegistry.Kind
        let wantsReply: Bool
        let sender: String?
        /// Why the sender may not send it, when they may not; the handler does not run.
        let refusal: DomainError?
    }

    private enum Classified {
        case handle(HandlerRegistry.Kind, HandlerRegistry.Decoded, Senders)
        /// An event nobody here handles.
        case ignore
        /// A message that can never be handled.
        case poison(code: String, reason: String)
    }

    /// The largest body a service reads: no message of the suite comes near it, and a larger one
    /// is dead-lettered before it is decoded.
    static let maxBodyBytes = 1 << 20

    /// Finds the handler by the type property (the envelope's, mirrored) and decodes the message
    /// once; reads the envelope's own attributes only when the property is missing or unknown.
    private func classify(_ d: AMQPDelivery) -> Classified {
        guard d.body.count <= Self.maxBodyBytes else {
            return .poison(
                code: "too-large", reason: "\(d.body.count) bytes; a message may have at most \(Self.maxBodyBytes)")
        }
        var entry = d.properties.type.flatMap(handlers.entry(for:))
        if entry == nil {
            let attributes: EnvelopeAttributes
            do {
                attributes = try EnvelopeCodec.attributes(of: d)
            } catch {
                return .poison(code: error.code.rawValue, reason: error.message)
            }
            entry = handlers.entry(for: attributes.type)
            if entry == nil {
                guard let type = try? MessageType(attributes.type) else {
                    return .poison(code: "invalid-type", reason: "type '\(attributes.type)' is not a rbn message type")
                }
                if handlers.knowsOtherVersion(of: type) {
                    return .poison(
                        code: "unknown-version",
                        reason: "no handler for version \(type.version) of '\(type.eventRoutingKey)'")
                }
                if d.exchange == RBNTopology.eventsExchange { return .ignore }
                return .poison(
                    code: "unknown-type", reason: "\(settings.service) has no handler for '\(attributes.type)'")
            }
        }
        guard let entry else { return .ignore }
        if entry.kind == .event,
            let refusal = settings.publishers.refusal(of: d.properties.userID, service: entry.type.service)
        {
            return .poison(code: "not-permitted", reason: refusal)
        }
        do {
            return .handle(entry.kind, try entry.decode(d.body, d.properties.contentType), entry.senders)
        } catch {
            return .poison(code: error.code.rawValue, reason: error.message)
        }
    }

    /// Runs a batch's handlers in one savepoint, the fast path. If any handler throws, that
    /// savepoint is rolled back and every message runs again in a savepoint of its own, so a
    /// refusal or failure undoes only its own message's effects.
    private static func handleBatch(
        _ messages: [Work], _ db: Database,
        _ metrics: RuntimeMetrics, _ logger: Logger
    ) throws -> [(outcome: Outcome, emitted: [OutboxRow])] {
        do {
            var seen = try Inbox.find(messages.map(\.message.attributes.id), db)
            var results: [(outcome: Outcome, emitted: [OutboxRow])] = []
            try db.inSavepoint {
                for work in messages {
                    let message = work.message
                    let attributes = message.attributes
                    if let entry = seen[attributes.id] {
                        results.append((.duplicate(reply: entry.reply), []))
                        continue
                    }
                    if let refusal = work.refusal { throw refusal }
                    let started = DispatchTime.now().uptimeNanoseconds
                    let context = MessageContext(
                        db: db, message: attributes, wantsReply: work.wantsReply, sender: work.sender)
                    let reply = try message.run(context)
                    try Inbox.record(attributes.id, type: attributes.type, reply: reply, db)
                    seen[attributes.id] = Inbox.Entry(reply: reply)
                    results.append((.handled(reply: reply), context.emitted))
                    metrics.handlerDuration(
                        type: attributes.type, nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
                }
                return .commit
            }
            return results
        } catch  where StoreError.isOutage(error) {
            throw error
        } catch {
            return try messages.map { try handle($0, db, metrics, logger) }
        }
    }

    /// Runs one handler inside a savepoint of the batch's transaction.
    private static func handle(
        _ work: Work, _ db: Database, _ metrics: RuntimeMetrics, _ logger: Logger
    ) throws -> (outcome: Outcome, emitted: [OutboxRow]) {
        let (message, kind) = (work.message, work.kind)
        let attributes = message.attributes
        do {
            if let seen = try Inbox.find(attributes.id, db) {
                return (.duplicate(reply: seen.reply), [])
            }
            var result: (Outcome, [OutboxRow]) = (.ignored, [])
            let started = DispatchTime.now().uptimeNanoseconds
            do {
                try db.inSavepoint {
                    if let refusal = work.refusal { throw refusal }
                    let context = MessageContext(
                        db: db, message: attributes, wantsReply: work.wantsReply, sender: work.sender)
                    let reply = try message.run(context)
                    try Inbox.record(attributes.id, type: attributes.type, reply: reply, db)
                    result = (.handled(reply: reply), context.emitted)
                    return .commit
                }
            } catch let refusal as DomainError {
                logIfNotPermitted(refusal, attributes, sender: work.sender, logger)
                let reply = try errorReply(refusal.reply, to: attributes)
                try Inbox.record(attributes.id, type: attributes.type, reply: kind == .event ? nil : reply, db)
                result = (.refused(reply: reply), [])
            }
            metrics.handlerDuration(type: attributes.type, nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
            return result
        } catch let error as ContractError {
            return (.poison(code: error.code.rawValue, reason: error.message), [])
        } catch  where StoreError.isOutage(error) {
            throw error  // the whole batch waits for the store
        } catch {
            return (.retry(reason: "\(error)"), [])
        }
    }

    private func query(_ message: HandlerRegistry.Decoded, sender: String?, refusal: DomainError?) async -> Outcome {
        do {
            if let refusal { throw refusal }
            let reply = try await store.read { db in
                try message.run(MessageContext(db: db, message: message.attributes, sender: sender))
            }
            return .handled(reply: reply)
        } catch let refusal as DomainError {
            Self.logIfNotPermitted(refusal, message.attributes, sender: sender, logger)
            guard let reply = try? Self.errorReply(refusal.reply, to: message.attributes) else {
                return .retry(reason: "cannot encode the error reply")
            }
            return .refused(reply: reply)
        } catch let error as ContractError {
            return .poison(code: error.code.rawValue, reason: error.message)
        } catch {
            return .retry(reason: "\(error)")
        }
    }

    /// A request refused because its sender (the broker-validated `user_id`) lacks the right is
    /// logged for the operators: who, what, and why.
    private static func logIfNotPermitted(
        _ refusal: DomainError, _ attributes: EnvelopeAttributes, sender: String?, _ logger: Logger
    ) {
        guard refusal.reply.code == "not-permitted" else { return }
        logger.warning(
            "request refused: not permitted",
            metadata: [
                "amqp.user": .string(sender ?? "-"), "message.type": .string(attributes.type),
                "message.id": .string(attributes.id), "reason": .string(refusal.reply.message),
            ])
    }

    /// The error reply to a request, from the service its type names.
    static func errorReply(_ error: ErrorReply, to request: EnvelopeAttributes) throws -> HandlerRegistry.Reply {
        let type = ErrorReply.messageType(service: (try? MessageType(request.type))?.service ?? "unknown")
        let envelope = Envelope(
            attributes: EnvelopeAttributes(
                source: type.source, type: type.rawValue, subject: request.subject, dataSchema: type.dataSchema,
                correlationID: request.correlationID ?? request.id, causationID: request.id),
            data: error)
        return HandlerRegistry.Reply(type: type.rawValue, body: try EnvelopeCodec.encode(envelope))
    }
}
