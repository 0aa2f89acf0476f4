import Crypto
import Foundation
import Messaging

/// Who sent a delivery and through which exchange, as far as the broker vouches for it.
///
/// The sender is the AMQP `user_id`, which RabbitMQ checks against the publisher's login. Headers
/// named `x-rbn-*` belong to the runtime: whatever a publisher put there counts for nothing, with
/// one exception. A dead letter this very service wrote carries its original sender and exchange
/// under a seal (``DeadLetterSeal``) that only this service's key makes; `rbnctl dlq replay`
/// sends it back as it is, as its own user, and the service takes the sealed sender and exchange
/// as the original's. So a replay restores exactly the sender the broker vouched for the first time,
/// and no operator login can speak for anyone else.
public struct Provenance: Sendable, Equatable {
    /// The broker-checked `user_id` of the original publisher; nil when the message did not say.
    public let sender: String?
    /// The exchange the original was published to (`rbn.events`, `rbn.commands`, or "" for the default).
    public let exchange: String
    /// The message is a dead letter of this service, replayed.
    public let replayed: Bool
}

/// The seal on a dead letter: an HMAC under the service's own key over everything that makes the
/// letter's provenance, and its body.
public enum DeadLetterSeal {
    public static let sealHeader = "x-rbn-seal"
    public static let senderHeader = RBNTopology.deadSenderHeader
    public static let exchangeHeader = "x-rbn-original-exchange"
    public static let queueHeader = "x-rbn-original-queue"
    public static let serviceHeader = "x-rbn-dead-service"

    /// The runtime's own headers on a dead letter: every `x-rbn-*` header of the original dropped,
    /// then the provenance, the reason and the seal set.
    static func headers(
        of d: AMQPDelivery, provenance: Provenance, service: String, queue: String, code: String, reason: String,
        key: ServiceKey
    ) -> AMQPTable {
        var headers = d.properties.headers.filter { !isReserved($0.key) }
        if let sender = provenance.sender { headers[senderHeader] = .string(sender) }
        headers[exchangeHeader] = .string(provenance.exchange)
        headers[queueHeader] = .string(queue)
        headers[serviceHeader] = .string(service)
        headers["x-rbn-original-routing-key"] = .string(String(d.routingKey.prefix(255)))
        headers["x-rbn-dead-code"] = .string(code)
        headers["x-rbn-dead-reason"] = .string(String(reason.prefix(2000)))
        let parts = sealed(
            service: service, properties: d.properties, body: d.body, sender: provenance.sender,
            exchange: provenance.exchange, queue: queue)
        headers[sealHeader] = .string(key.seal(parts).base64EncodedString())
        return headers
    }

    /// Seals a message as `service` would seal its dead letter of it; for tests that need a dead
    /// letter of a good message (one that, say, met a full disk) without making the disk full.
    public static func seal(
        _ message: inout AMQPMessage, service: String, queue: String, sender: String?, exchange: String,
        key: ServiceKey
    ) {
        let parts = sealed(
            service: service, properties: message.properties, body: message.body, sender: sender, exchange: exchange,
            queue: queue)
        message.properties.headers = message.properties.headers.filter { !isReserved($0.key) }
        if let sender { message.properties.headers[senderHeader] = .string(sender) }
        message.properties.headers[exchangeHeader] = .string(exchange)
        message.properties.headers[queueHeader] = .string(queue)
        message.properties.headers[serviceHeader] = .string(service)
        message.properties.headers[sealHeader] = .string(key.seal(parts).base64EncodedString())
    }

    /// Headers that belong to the runtime (`x-rbn-*`) or to the broker's dead-lettering (`x-death`,
    /// `x-first-death-*`, `x-last-death-*`, `x-delivery-count`): a sender's copies are dropped.
    public static func isReserved(_ header: String) -> Bool {
        header.hasPrefix("x-rbn-") || header == "x-death" || header.hasPrefix("x-first-death-")
            || header.hasPrefix("x-last-death-") || header == "x-delivery-count"
    }

    /// Who sent `d`: the sealed original when `d` is a dead letter this service wrote (its seal
    /// checks out under `key`, for one of `queues`), else the broker-checked `user_id` and the
    /// exchange it came through.
    static func provenance(of d: AMQPDelivery, service: String, queues: Set<String>, key: ServiceKey) -> Provenance {
        let plain = Provenance(sender: d.properties.userID, exchange: d.exchange, replayed: false)
        let h = d.properties.headers
        guard let sealText = h[sealHeader]?.stringValue, let seal = Data(base64Encoded: sealText),
            h[serviceHeader]?.stringValue == service, let queue = h[queueHeader]?.stringValue, queues.contains(queue),
            let exchange = h[exchangeHeader]?.stringValue
        else { return plain }
        let sender = h[senderHeader]?.stringValue
        let parts = sealed(
            service: service, properties: d.properties, body: d.body, sender: sender, exchange: exchange, queue: queue)
        guard key.isSeal(seal, of: parts) else { return plain }
        return Provenance(sender: sender, exchange: exchange, replayed: true)
    }

    private static func sealed(
        service: String, properties p: AMQPProperties, body: Data, sender: String?, exchange: String, queue: String
    ) -> [String] {
        let digest = Hex.lowercase(SHA256.hash(data: body))
        return [
            "rbn-dead-letter-v1", service, queue, exchange, sender.map { "user:" + $0 } ?? "none",
            p.messageID ?? "", p.type ?? "", digest,
        ]
    }
}
