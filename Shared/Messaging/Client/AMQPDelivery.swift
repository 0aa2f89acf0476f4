import Foundation

/// A message the broker delivered to a consumer. Acknowledge it through the consumer that received it.
public struct AMQPDelivery: Sendable {
    public let body: Data
    public let properties: AMQPProperties
    public let exchange: String
    public let routingKey: String
    /// The broker delivered this message before, to this or another consumer, without an acknowledgement.
    public let redelivered: Bool
    public let deliveryTag: UInt64
    public let consumerTag: String
    /// Which channel of which connection it came on; acknowledgements for a gone channel are refused.
    let channelToken: ChannelToken

    /// How many times a quorum queue delivered this message before (`x-delivery-count`), 0 the first time.
    public var deliveryCount: Int { properties.headers["x-delivery-count"]?.intValue ?? 0 }

    /// The dead-letter history (`x-death`) the broker added when the message was dead-lettered.
    public var deaths: [AMQPTable] {
        properties.headers["x-death"]?.arrayValue?.compactMap(\.tableValue) ?? []
    }

    public var headers: AMQPTable { properties.headers }
}

/// Identifies one channel in one connection generation; a reconnect starts a new generation.
struct ChannelToken: Sendable, Hashable {
    let generation: UInt64
    let channel: UInt16
}
