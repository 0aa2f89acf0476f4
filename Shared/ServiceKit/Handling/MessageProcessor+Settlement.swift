import Contracts
import Foundation
import Logging
import Messaging

// After the commit: replies to those who wait, then the batch settled with the broker (one
// multiple-ack, requeues, dead letters), and each outcome counted.
extension MessageProcessor {
    func sendReplies(_ batch: [AMQPDelivery], _ outcomes: [Outcome]) async {
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
    static func unkeptReply(_ d: AMQPDelivery, _ outcome: Outcome) -> HandlerRegistry.Reply? {
        guard case .duplicate(nil) = outcome, let attributes = try? EnvelopeCodec.attributes(of: d) else { return nil }
        return try? errorReply(
            ErrorReply(
                code: "duplicate",
                message:
                    "this command was handled before; its reply was not kept because the first attempt asked for none"),
            to: attributes)
    }

    func settle(_ batch: [AMQPDelivery], _ outcomes: [Outcome], consumer: AMQPConsumer) async {
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
    func deadLetter(_ d: AMQPDelivery, _ outcome: Outcome) async -> Bool {
        let (code, reason): (String, String) =
            switch outcome {
            case .poison(let code, let reason): (code, reason)
            case .retry(let reason): ("gave-up", "failed \(d.deliveryCount + 1) times, last: \(reason)")
            default: ("unknown", "unknown")
            }
        var properties = d.properties
        // The broker takes a user_id only from its own user: the sender's is kept in a header,
        // sealed with the service's key together with the exchange it came through, from which the
        // service takes them back when `rbnctl dlq replay` returns the letter. Every other x-rbn-*
        // header of the original is dropped: they are the runtime's, never a sender's.
        let provenance = DeadLetterSeal.provenance(of: d, service: settings.service, queues: ownQueues, key: key)
        properties.userID = nil
        properties.headers = DeadLetterSeal.headers(
            of: d, provenance: provenance, service: settings.service,
            queue: provenance.replayed
                ? (d.headers[DeadLetterSeal.queueHeader]?.stringValue ?? settings.queue) : settings.queue,
            code: code, reason: reason, key: key)
        do {
            try await connection.publish(
                AMQPMessage(body: d.body, properties: properties), exchange: RBNTopology.deadLetterExchange,
                routingKey: RBNTopology.deadRoutingKey(settings.service))
            logger.error(
                "message dead-lettered",
                metadata: [
                    "message.id": .string(String((d.properties.messageID ?? "-").prefix(80))),
                    "message.type": .string(String((d.properties.type ?? "-").prefix(120))),
                    "dead.code": .string(code), "dead.reason": .string(reason),
                ])
            return true
        } catch {
            logger.error(
                "cannot dead-letter a message; requeueing it", metadata: ["amqp.error": .string(error.description)])
            return false
        }
    }

    func record(_ d: AMQPDelivery, _ outcome: Outcome, deadLettered: Bool) {
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

    func settleIgnoringStale(_ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            // Stale after a reconnect: the broker delivers the message again and the inbox drops it.
            logger.debug("could not settle a delivery", metadata: ["amqp.error": "\(error)"])
        }
    }
}
