/// Exchanges, queues and bindings to declare. Declaring is idempotent: declaring the same entity
/// again with the same arguments changes nothing. A connection remembers what it declared and
/// declares it again after every reconnect.
public struct Topology: Sendable, Hashable {
    public var exchanges: [Exchange]
    public var queues: [Queue]
    public var bindings: [Binding]

    public init(exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = []) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
    }

    /// Both topologies, without repeating an entity.
    public func merged(with other: Topology) -> Topology {
        func union<T: Hashable>(_ a: [T], _ b: [T]) -> [T] { a + b.filter { !a.contains($0) } }
        return Topology(
            exchanges: union(exchanges, other.exchanges), queues: union(queues, other.queues),
            bindings: union(bindings, other.bindings))
    }

    /// An exchange declaration.
    public struct Exchange: Sendable, Hashable {
        public enum Kind: String, Sendable { case direct, topic, fanout, headers }
        public var name: String
        public var kind: Kind
        public var durable: Bool
        public var arguments: AMQPTable

        public init(_ name: String, kind: Kind, durable: Bool = true, arguments: AMQPTable = [:]) {
            self.name = name
            self.kind = kind
            self.durable = durable
            self.arguments = arguments
        }
    }

    /// A queue declaration. Use ``quorum(_:deliveryLimit:deadLetterExchange:deadLetterRoutingKey:singleActiveConsumer:)``
    /// for the suite's queues.
    public struct Queue: Sendable, Hashable {
        public var name: String
        public var durable: Bool
        public var exclusive: Bool
        public var autoDelete: Bool
        public var arguments: AMQPTable

        public init(
            _ name: String, durable: Bool = true, exclusive: Bool = false, autoDelete: Bool = false,
            arguments: AMQPTable = [:]
        ) {
            self.name = name
            self.durable = durable
            self.exclusive = exclusive
            self.autoDelete = autoDelete
            self.arguments = arguments
        }

        /// A durable quorum queue (`x-queue-type=quorum`) with a delivery limit, optional
        /// dead-lettering and optional single active consumer.
        public static func quorum(
            _ name: String, deliveryLimit: Int? = nil, deadLetterExchange: String? = nil,
            deadLetterRoutingKey: String? = nil, singleActiveConsumer: Bool = false
        ) -> Queue {
            var args: AMQPTable = ["x-queue-type": "quorum"]
            if let deliveryLimit { args["x-delivery-limit"] = .int64(Int64(deliveryLimit)) }
            if let deadLetterExchange { args["x-dead-letter-exchange"] = .string(deadLetterExchange) }
            if let deadLetterRoutingKey { args["x-dead-letter-routing-key"] = .string(deadLetterRoutingKey) }
            if singleActiveConsumer { args["x-single-active-consumer"] = .bool(true) }
            return Queue(name, arguments: args)
        }
    }

    /// Routes messages from an exchange to a queue by a routing key or pattern.
    public struct Binding: Sendable, Hashable {
        public var queue: String
        public var exchange: String
        public var routingKey: String
        public var arguments: AMQPTable

        public init(queue: String, exchange: String, routingKey: String, arguments: AMQPTable = [:]) {
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
            self.arguments = arguments
        }
    }
}
