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
    }

    private let settings: Settings
    private let connection: AMQPConnection
    private let store: Store
    private let handlers: HandlerRegistry
    private let relay: OutboxRelay
    private let metrics: RuntimeMetrics
    private let readiness: Readiness
    /// Called after a batch that handled something committed: wakes the service's workers.
    private let afterCommit: @Sendable () -> Void
    private let logger: Logger
    /// Set when the service is asked to stop: a batch held for a store outage is then given back.
    private let stopping = Mutex(false)

    init(
        settings: Settings, connection: AMQPConnection, store: Store, handlers: HandlerRegistry, relay: OutboxRelay,
        metrics: RuntimeMetrics, readiness: Readiness, afterCommit: @escaping @Sendable () -> Void = {},
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
        var work: [(index: Int, kind: HandlerRegistry.Kind, message: HandlerRegistry.Decoded)] = []
        for (i, delivery) in batch.enumerated() {
            switch classify(delivery) {
            case .handle(let kind, let message): work.append((i, kind, message))
            case .ignore: outcomes[i] = .ignored
            case .poison(let code, let reason): outcomes[i] = .poison(code: code, reason: reason)
            }
        }
        let writes = work.filter { $0.kind != .query }
        if !writes.isEmpty {
            let items = writes.map {
                Work(
                    message: $0.message, kind: $0.kind, wantsReply: batch[$0.index].properties.replyTo != nil,
                    sender: batch[$0.index].properties.userID)
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
            outcomes[q.index] = await query(q.message, sender: batch[q.index].properties.userID)
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
    }

    private enum Classified {
        case handle(HandlerRegistry.Kind, HandlerRegistry.Decoded)
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
        do {
            return .handle(entry.kind, try entry.decode(d.body, d.properties.contentType))
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

    private func query(_ message: HandlerRegistry.Decoded, sender: String?) async -> Outcome {
        do {
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

    // MARK: After commit

    private func sendReplies(_ batch: [AMQPDelivery], _ outcomes: [Outcome]) async {
        let replies: [AMQPPublish] = zip(batch, outcomes).compactMap { delivery, outcome in
            guard let replyTo = delivery.properties.replyTo else { return nil }
            guard let reply = outcome.reply ?? Self.unkeptReply(delivery, outcome) else { return nil }
            return AMQPPublish(
                exchange: "", routingKey: replyTo,
                message: AMQPMessage(
                    body: reply.body,
                    properties: AMQPProperties(
                        contentType: EnvelopeAttributes.contentType, persistent: false,
                        correlationID: delivery.properties.correlationID, type: reply.type, appID: settings.service)),
                mandatory: false)
        }
        guard !replies.isEmpty else { return }
        for case .failure(let e) in await connection.publish(batch: replies) {
            logger.warning(
                "reply not sent; the caller's retry gets it from the inbox",
                metadata: ["amqp.error": .string(e.description)])
        }
    }

    /// For a retried command whose first attempt asked for no reply (so none was kept): says so.
    private static func unkeptReply(_ d: AMQPDelivery, _ outcome: Outcome) -> HandlerRegistry.Reply? {
        guard case .duplicate(nil) = outcome, let attributes = try? EnvelopeCodec.attributes(of: d) else { return nil }
        return try? errorReply(
            ErrorReply(
                code: "duplicate",
                message:
                    "this command was handled before; its reply was not kept because the first attempt asked for none"),
            to: attributes)
    }

    private func settle(_ batch: [AMQPDelivery], _ outcomes: [Outcome], consumer: AMQPConsumer) async {
        let plan = SettlementPlan(outcomes) { i in batch[i].deliveryCount + 1 >= settings.deliveryLimit }
        var requeues = plan.requeues
        var ackUpTo = plan.ackUpTo
        for i in plan.deadLetters {
            guard await deadLetter(batch[i], outcomes[i]) else {
                requeues.append(i)  // not safely in the dead-letter queue: keep it in ours
                continue
            }
        }
        for (i, outcome) in outcomes.enumerated() {
            record(batch[i], outcome, deadLettered: plan.deadLetters.contains(i) && !requeues.contains(i))
        }
        if !requeues.isEmpty {
            requeues.sort()
            let attempts = requeues.map { batch[$0].deliveryCount }.max() ?? 0
            try? await Task.sleep(for: .milliseconds(min(1000, 50 << min(attempts, 5))))
            for i in requeues { await settleIgnoringStale { try await consumer.nack(batch[i], requeue: true) } }
            if let last = ackUpTo, requeues.contains(last) {
                ackUpTo = batch.indices.last { !requeues.contains($0) }
            }
        }
        if let last = ackUpTo {
            await settleIgnoringStale { try await consumer.ack(batch[last], multiple: true) }
        }
    }

    /// Publishes a copy of the message to the service's dead-letter queue with the reason; true
    /// when the broker confirmed it.
    private func deadLetter(_ d: AMQPDelivery, _ outcome: Outcome) async -> Bool {
        let (code, reason): (String, String) =
            switch outcome {
            case .poison(let code, let reason): (code, reason)
            case .retry(let reason): ("gave-up", "failed \(d.deliveryCount + 1) times, last: \(reason)")
            default: ("unknown", "unknown")
            }
        var properties = d.properties
        properties.headers["x-rbn-dead-code"] = .string(code)
        properties.headers["x-rbn-dead-reason"] = .string(reason)
        properties.headers["x-rbn-dead-service"] = .string(settings.service)
        properties.headers["x-rbn-original-queue"] = .string(settings.queue)
        properties.headers["x-rbn-original-exchange"] = .string(d.exchange)
        properties.headers["x-rbn-original-routing-key"] = .string(d.routingKey)
        do {
            try await connection.publish(
                AMQPMessage(body: d.body, properties: properties), exchange: RBNTopology.deadLetterExchange,
                routingKey: RBNTopology.deadRoutingKey(settings.service))
            logger.error(
                "message dead-lettered",
                metadata: [
                    "message.id": .string(d.properties.messageID ?? "-"),
                    "message.type": .string(d.properties.type ?? "-"),
                    "dead.code": .string(code), "dead.reason": .string(reason),
                ])
            return true
        } catch {
            logger.error(
                "cannot dead-letter a message; requeueing it", metadata: ["amqp.error": .string(error.description)])
            return false
        }
    }

    private func record(_ d: AMQPDelivery, _ outcome: Outcome, deadLettered: Bool) {
        let type = d.properties.type ?? "unknown"
        switch outcome {
        case .handled: metrics.consumed(type: type, .handled)
        case .duplicate: metrics.consumed(type: type, .duplicate)
        case .refused: metrics.consumed(type: type, .refused)
        case .poison: metrics.consumed(type: type, .poison)
        case .retry: metrics.consumed(type: type, deadLettered ? .deadLettered : .retried)
        case .ignored: break
        }
    }

    private func settleIgnoringStale(_ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            // Stale after a reconnect: the broker delivers the message again and the inbox drops it.
            logger.debug("could not settle a delivery", metadata: ["amqp.error": "\(error)"])
        }
    }
}
