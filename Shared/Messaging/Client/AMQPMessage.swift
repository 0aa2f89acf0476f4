import Foundation

/// A message to publish: a body and its properties.
public struct AMQPMessage: Sendable, Hashable {
    public var body: Data
    public var properties: AMQPProperties

    public init(body: Data, properties: AMQPProperties = AMQPProperties()) {
        self.body = body
        self.properties = properties
    }
}

/// One publish of a batch: where a message goes and whether it must be routable.
public struct AMQPPublish: Sendable {
    public var exchange: String
    public var routingKey: String
    public var message: AMQPMessage
    /// Mandatory publishes that no queue takes fail with ``AMQPError/Code/unroutable``.
    public var mandatory: Bool

    public init(exchange: String, routingKey: String, message: AMQPMessage, mandatory: Bool = true) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.message = message
        self.mandatory = mandatory
    }
}
