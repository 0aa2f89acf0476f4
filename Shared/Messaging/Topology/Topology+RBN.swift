/// The suite's broker topology as ../shared/DESIGN.md fixes it: names of exchanges and queues, and
/// the declarations each service makes at start.
public enum RBNTopology {
    /// Topic exchange of all domain events; routing key `<service>.<aggregate>.<event>`.
    public static let eventsExchange = "rbn.events"
    /// Direct exchange of commands and queries; routing key `<service>`.
    public static let commandsExchange = "rbn.commands"
    /// Direct exchange of dead letters; routing key `<service>.dead`.
    public static let deadLetterExchange = "rbn.dlx"
    /// The header in which a dead letter keeps its sender's `user_id` (the service that
    /// dead-letters it may not publish as the sender; `rbnctl dlq replay` may).
    public static let deadSenderHeader = "x-rbn-original-user-id"
    /// What an agent's broker user may configure, write and read: send commands and queries to
    /// `rbn.commands`, and nothing else (replies come through direct reply-to).
    public static let deskPermissions = (configure: "^$", write: "^rbn\\.commands$", read: "^$")
    /// Connections and channels a CLI user may hold (one connection per command; a few at once).
    public static let cliLimits = (connections: 10, channels: 40)
    /// Connections and channels a service's user may hold: one connection (two for a moment while
    /// it reconnects) with a channel per queue it consumes, one to publish and one for queries.
    public static let serviceLimits = (connections: 4, channels: 32)
    /// Deliveries of one message before a quorum queue dead-letters it.
    public static let defaultDeliveryLimit = 5

    public static func commandsQueue(_ service: String) -> String { "\(service).commands" }
    public static func eventsQueue(_ service: String) -> String { "\(service).events" }
    public static func deadQueue(_ service: String) -> String { "\(service).dead" }
    public static func deadRoutingKey(_ service: String) -> String { "\(service).dead" }

    /// The exchanges every service declares.
    public static let exchanges = Topology(exchanges: [
        .init(eventsExchange, kind: .topic),
        .init(commandsExchange, kind: .direct),
        .init(deadLetterExchange, kind: .direct),
    ])

    /// Everything one service declares at start: the shared exchanges, its commands queue, its
    /// events queue bound to `eventPatterns` (none: no events queue), and its dead-letter queue.
    ///
    /// - Parameters:
    ///   - service: the broker name of the service, e.g. `supportdesk`.
    ///   - eventPatterns: topic patterns of the events it consumes, e.g. `registry.school.*`.
    ///   - singleActiveConsumer: one consumer at a time, where order per aggregate matters.
    public static func service(
        _ service: String, eventPatterns: [String] = [], deliveryLimit: Int = defaultDeliveryLimit,
        singleActiveConsumer: Bool = true
    ) -> Topology {
        func queue(_ name: String) -> Topology.Queue {
            .quorum(
                name, deliveryLimit: deliveryLimit, deadLetterExchange: deadLetterExchange,
                deadLetterRoutingKey: deadRoutingKey(service), singleActiveConsumer: singleActiveConsumer)
        }
        var topology = exchanges
        topology.queues.append(queue(commandsQueue(service)))
        topology.bindings.append(.init(queue: commandsQueue(service), exchange: commandsExchange, routingKey: service))
        if !eventPatterns.isEmpty {
            topology.queues.append(queue(eventsQueue(service)))
            for pattern in eventPatterns {
                topology.bindings.append(
                    .init(queue: eventsQueue(service), exchange: eventsExchange, routingKey: pattern))
            }
        }
        topology.queues.append(.quorum(deadQueue(service)))
        topology.bindings.append(
            .init(
                queue: deadQueue(service), exchange: deadLetterExchange,
                routingKey: deadRoutingKey(service)))
        return topology
    }
}
