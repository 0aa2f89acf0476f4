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
        /// The operators and the portal (see ``Senders``).
        var roles: SenderRoles
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
    /// The service's own key: it seals the dead letters this processor writes and recognises them
    /// when they are replayed.
    let key: ServiceKey
    /// Set when the service is asked to stop: a batch held for a store outage is then given back.
    private let stopping = Mutex(false)

    init(
        settings: Settings, connection: AMQPConnection, store: Store, handlers: HandlerRegistry, relay: OutboxRelay,
        metrics: RuntimeMetrics, readiness: Readiness, key: ServiceKey, afterCommit: @escaping @Sendable () -> Void,
        logger: Logger
    ) {
        self.key = key
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
        var work: [(index: Int, item: Work)] = []
        for (i, delivery) in batch.enumerated() {
            switch classify(delivery) {
            case .handle(let kind, let message, let senders, let provenance):
                // Authorization first, by the broker-checked sender, before the inbox is asked.
                let refusal = senders.refusal(
                    of: provenance.sender, type: message.attributes.type, roles: settings.roles)
                work.append(
                    (
                        i,
                        Work(
                            message: message, kind: kind, wantsReply: delivery.properties.replyTo != nil,
                            sender: provenance.sender,
                            role: settings.roles.role(of: provenance.sender),
                            refusal: refusal)
                    ))
            case .ignore: outcomes[i] = .ignored
            case .poison(let code, let reason): outcomes[i] = .poison(code: code, reason: reason)
            }
        }
        let writes = work.filter { $0.item.kind != .query }
        if !writes.isEmpty {
            do {
                let results = try await commitThroughOutages(writes.map(\.item), held: batch.count)
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
        for q in work where q.item.kind == .query {
            outcomes[q.index] = await query(q.item, refusal: q.item.refusal)
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
                let (results, compacts) = try await store.write { [metrics, logger] db in
                    try Self.handleBatch(items, db, metrics, logger)
                }
                if compacts { await store.truncateLog() }
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
        /// The broker-checked sender (see ``Provenance``).
        let sender: String?
        let role: SenderRoles.Role
        /// Why the sender may not send it, when they may not; the handler does not run.
        let refusal: DomainError?
    }

    /// Runs a batch's handlers in one savepoint, the fast path. If any handler throws, that
    /// savepoint is rolled back and every message runs again in a savepoint of its own, so a
    /// refusal or failure undoes only its own message's effects. Both paths take each message
    /// through the same ``step(_:_:_:_:)``: who sent it, then the inbox, then the handler.
    private static func handleBatch(
        _ messages: [Work], _ db: Database,
        _ metrics: RuntimeMetrics, _ logger: Logger
    ) throws -> (results: [(outcome: Outcome, emitted: [OutboxRow])], compacts: Bool) {
        do {
            var state = BatchState(entries: try Inbox.find(messages.map(\.message.attributes.id), db))
            var results: [(outcome: Outcome, emitted: [OutboxRow])] = []
            try db.inSavepoint {
                for work in messages { results.append(try step(work, &state, db, metrics)) }
                return .commit
            }
            return (results, state.compacts)
        } catch  where StoreError.isOutage(error) {
            throw error
        } catch {
            var state = BatchState(entries: try Inbox.find(messages.map(\.message.attributes.id), db))
            let results = try messages.map { try isolated($0, &state, db, metrics, logger) }
            return (results, state.compacts)
        }
    }

    /// What a batch's messages learn of each other: the inbox entries (those found and those just
    /// recorded), and whether a handler erased a person (the log is then truncated after the commit).
    struct BatchState {
        var entries: [String: Inbox.Entry]
        var compacts = false
    }

    /// One message, the same way in both paths, in this order: the sender's right (refused before
    /// the inbox is asked, so a refusal tells nothing of others' messages); the inbox (a repeated
    /// id is a duplicate only from the same sender with the same type, and gets that sender's own
    /// first reply; anyone else is refused); then the handler, recorded with its sender.
    private static func step(
        _ work: Work, _ seen: inout BatchState, _ db: Database, _ metrics: RuntimeMetrics
    ) throws -> (outcome: Outcome, emitted: [OutboxRow]) {
        let attributes = work.message.attributes
        if let refusal = work.refusal { throw refusal }
        if let entry = seen.entries[attributes.id] {
            guard entry.sender == work.sender, entry.type == attributes.type else {
                throw DomainError.notPermitted(
                    "the message id '\(attributes.id)' was used before by another sender or for another type; "
                        + "each request needs an id of its own", field: "id")
            }
            return (.duplicate(reply: entry.reply), [])
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let context = MessageContext(
            db: db, message: attributes, wantsReply: work.wantsReply, sender: work.sender,
            role: work.role)
        let reply = try work.message.run(context)
        if context.compactsAfterCommit { seen.compacts = true }
        try Inbox.record(attributes.id, type: attributes.type, sender: work.sender, reply: reply, db)
        seen.entries[attributes.id] = Inbox.Entry(reply: reply, sender: work.sender, type: attributes.type)
        metrics.handlerDuration(type: attributes.type, nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
        return (.handled(reply: reply), context.emitted)
    }

    /// One message in a savepoint of its own (the slow path): a refusal undoes only its own effects
    /// and is recorded with its reply, so a retry gets the same answer; except a refusal as not
    /// permitted, of which nothing is kept but a log line (an outsider could otherwise fill the
    /// store with refused requests).
    private static func isolated(
        _ work: Work, _ seen: inout BatchState, _ db: Database, _ metrics: RuntimeMetrics,
        _ logger: Logger
    ) throws -> (outcome: Outcome, emitted: [OutboxRow]) {
        let attributes = work.message.attributes
        do {
            var result: (outcome: Outcome, emitted: [OutboxRow]) = (.ignored, [])
            do {
                try db.inSavepoint {
                    result = try step(work, &seen, db, metrics)
                    return .commit
                }
            } catch let refusal as DomainError {
                logIfNotPermitted(refusal, attributes, sender: work.sender, logger)
                let reply = try errorReply(refusal.reply, to: attributes)
                if refusal.code != "not-permitted" {
                    let kept = work.kind == .event ? nil : reply
                    try Inbox.record(attributes.id, type: attributes.type, sender: work.sender, reply: kept, db)
                    seen.entries[attributes.id] = Inbox.Entry(reply: kept, sender: work.sender, type: attributes.type)
                }
                result = (.refused(reply: reply), [])
            }
            return result
        } catch let error as ContractError {
            return (.poison(code: error.code.rawValue, reason: error.message), [])
        } catch  where StoreError.isOutage(error) {
            throw error  // the whole batch waits for the store
        } catch {
            return (.retry(reason: "\(error)"), [])
        }
    }

    private func query(_ work: Work, refusal: DomainError?) async -> Outcome {
        let (message, sender) = (work.message, work.sender)
        do {
            if let refusal { throw refusal }
            let reply = try await store.read { db in
                try message.run(
                    MessageContext(
                        db: db, message: message.attributes, sender: sender, role: work.role))
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
                "message.id": .string(String(attributes.id.prefix(80))),
                "reason": .string(String(refusal.reply.message.prefix(300))),
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
