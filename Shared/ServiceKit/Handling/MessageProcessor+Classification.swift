import Contracts
import Foundation
import Messaging

// Before anything is stored: what a delivery is (a message to handle, an event nobody here takes,
// or poison with its reason), and whether it may come the way it came.
extension MessageProcessor {
    enum Classified {
        case handle(HandlerRegistry.Kind, HandlerRegistry.Decoded, Senders, Provenance)
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
    /// Everything that makes a message unacceptable whoever sends it is found here, before anything
    /// is stored: its size, where a reply would go, attributes over their limits, an event that did
    /// not come through `rbn.events` or not from its owning service's user.
    func classify(_ d: AMQPDelivery) -> Classified {
        guard d.body.count <= Self.maxBodyBytes else {
            return .poison(
                code: "too-large", reason: "\(d.body.count) bytes; a message may have at most \(Self.maxBodyBytes)")
        }
        if let replyTo = d.properties.replyTo, !replyTo.hasPrefix(Self.replyQueuePrefix) {
            return .poison(
                code: "not-permitted",
                reason:
                    "replies go only to \(Self.replyQueuePrefix) (direct reply-to); reply_to '\(replyTo.prefix(64))' is refused"
            )
        }
        let provenance = DeadLetterSeal.provenance(of: d, service: settings.service, queues: ownQueues, key: key)
        if d.properties.headers[DeadLetterSeal.sealHeader] != nil, !provenance.replayed {
            // Whoever replays a letter lends it no identity of their own: a seal that is not this
            // service's makes the message worthless, not the replayer's.
            return .poison(
                code: "not-permitted",
                reason: "the message carries a dead-letter seal that \(settings.service) did not make; "
                    + "x-rbn-* headers are the runtime's")
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
        if entry.kind == .event {
            guard provenance.exchange == RBNTopology.eventsExchange else {
                let through = provenance.exchange.isEmpty ? "the default exchange" : "'\(provenance.exchange)'"
                return .poison(
                    code: "not-permitted",
                    reason:
                        "an event is taken only from \(RBNTopology.eventsExchange); '\(entry.type)' came through \(through)"
                )
            }
            if let refusal = settings.publishers.refusal(of: provenance.sender, service: entry.type.service) {
                return .poison(code: "not-permitted", reason: refusal)
            }
        }
        do {
            return .handle(entry.kind, try entry.decode(d.body, d.properties.contentType), entry.senders, provenance)
        } catch {
            return .poison(code: error.code.rawValue, reason: error.message)
        }
    }

    /// Where replies may go: RabbitMQ's direct reply-to pseudo-queue of the caller's channel, never
    /// a queue of the suite's.
    static let replyQueuePrefix = "amq.rabbitmq.reply-to"

    /// The queues this service consumes, for which it recognises its own sealed dead letters.
    var ownQueues: Set<String> {
        [RBNTopology.commandsQueue(settings.service), RBNTopology.eventsQueue(settings.service)]
    }
}
