import Foundation
import Messaging

/// The suite's broker as a RabbitMQ definitions file (`deploy/rabbitmq/definitions.json`): the
/// exchanges, every service's queues and bindings exactly as the services declare them, a policy,
/// and one user per service and per CLI with least-privilege permissions. Users carry no password
/// (`password_hash` is empty, so nobody logs in as them until an operator sets one with
/// `rabbitmqctl change_password`); there is no `guest`.
public enum BrokerDefinitions {
    /// A broker user and the regular expressions of what it may configure, write and read.
    public struct Grant: Sendable, Equatable {
        public var user: String
        public var configure: String
        public var write: String
        public var read: String
        /// RabbitMQ user tags (none of the suite's users has any: no `impersonator`, no `administrator`).
        public var tags: [String] = []
        /// How many connections the user may hold at once (`max-connections`).
        public var maxConnections: Int
        /// How many channels, over all its connections (`max-channels`).
        public var maxChannels: Int
    }

    /// A service's connections and channels (``RBNTopology/serviceLimits``).
    public static let serviceLimits = RBNTopology.serviceLimits
    /// A CLI's connections and channels (``RBNTopology/cliLimits``).
    public static let cliLimits = RBNTopology.cliLimits
    /// The most bytes a commands or events queue holds; beyond it the broker refuses new
    /// messages (`overflow: reject-publish`), so no sender can fill the broker's disk.
    public static let maxQueueBytes = 256 << 20
    /// The most bytes a dead-letter queue holds; beyond it the oldest dead letters are dropped.
    public static let maxDeadQueueBytes = 128 << 20

    /// What a service may do: declare and use its own queues and the shared exchanges, publish
    /// events, commands, replies (the default exchange) and dead letters, and read only its own
    /// queues. It can neither consume another service's queue nor publish as another user: the
    /// broker checks every message's `user_id` against the connection's user.
    public static func grant(service name: String, user: String? = nil) -> Grant {
        let own = "\(NSRegularExpression.escapedPattern(for: name))\\.(commands|events|dead)"
        return Grant(
            user: user ?? name,
            configure: "^(rbn\\.(events|commands|dlx)|\(own))$",
            write: "^(rbn\\.(events|commands|dlx)|amq\\.default|\(own))$",
            read: "^(rbn\\.(events|commands|dlx)|\(own))$", maxConnections: serviceLimits.connections,
            maxChannels: serviceLimits.channels)
    }

    /// Operators' `rbnctl`: sends commands and queries, reads the dead-letter queues and replays
    /// dead letters through `rbn.commands` to the service that wrote them. It cannot publish as
    /// anyone else (no `impersonator` tag) nor into a queue directly (no default exchange): a
    /// replayed letter keeps its original sender only by the seal of the service that dead-lettered
    /// it (see ``DeadLetterSeal``).
    public static func rbnctl(user: String = "rbnctl") -> Grant {
        Grant(
            user: user, configure: "^$", write: "^rbn\\.commands$", read: "^[a-z-]+\\.dead$",
            maxConnections: cliLimits.connections, maxChannels: cliLimits.channels)
    }

    /// An agent's `desk`: sends commands and queries to the support desk, reads nothing.
    public static func desk(user: String = "desk") -> Grant {
        let p = RBNTopology.deskPermissions
        return Grant(
            user: user, configure: p.configure, write: p.write, read: p.read, maxConnections: cliLimits.connections,
            maxChannels: cliLimits.channels)
    }

    /// The definitions document.
    /// - Parameters:
    ///   - services: every service, as it runs (names and the events it consumes).
    ///   - vhost: the virtual host; tests use one of their own.
    ///   - userPrefix: put before every user name (tests: users are global to the broker).
    public static func document(
        services: [ServiceDefinition], vhost: String = "/", userPrefix: String = "",
        deliveryLimit: Int = RBNTopology.defaultDeliveryLimit
    ) throws -> Data {
        var exchanges: [[String: Any]] = []
        var queues: [[String: Any]] = []
        var bindings: [[String: Any]] = []
        var grants: [Grant] = []
        for s in services.sorted(by: { $0.name < $1.name }) {
            let t = RBNTopology.service(
                s.name, eventPatterns: s.handlers.eventRoutingKeys, deliveryLimit: deliveryLimit,
                singleActiveConsumer: s.singleActiveConsumer)
            for e in t.exchanges where !exchanges.contains(where: { $0["name"] as? String == e.name }) {
                exchanges.append([
                    "name": e.name, "vhost": vhost, "type": e.kind.rawValue, "durable": e.durable,
                    "auto_delete": false, "internal": false, "arguments": e.arguments.mapValues(plain),
                ])
            }
            for q in t.queues {
                queues.append([
                    "name": q.name, "vhost": vhost, "durable": q.durable, "auto_delete": q.autoDelete,
                    "arguments": q.arguments.mapValues(plain),
                ])
            }
            for b in t.bindings {
                bindings.append([
                    "source": b.exchange, "vhost": vhost, "destination": b.queue, "destination_type": "queue",
                    "routing_key": b.routingKey, "arguments": [String: Any](),
                ])
            }
            grants.append(grant(service: s.name, user: userPrefix + s.name))
        }
        grants += [rbnctl(user: userPrefix + "rbnctl"), desk(user: userPrefix + "desk")]
        let names = services.map { NSRegularExpression.escapedPattern(for: $0.name) }.sorted().joined(separator: "|")
        let document: [String: Any] = [
            "vhosts": [["name": vhost]],
            "users": grants.map {
                [
                    "name": $0.user, "password_hash": "", "hashing_algorithm": "rabbit_password_hashing_sha256",
                    "tags": $0.tags,
                    "limits": ["max-connections": $0.maxConnections, "max-channels": $0.maxChannels],
                ] as [String: Any]
            },
            "permissions": grants.map {
                ["user": $0.user, "vhost": vhost, "configure": $0.configure, "write": $0.write, "read": $0.read]
            },
            "policies": [
                [
                    // Dead letters of the commands and events queues are not lost on their way to the
                    // dead-letter queue: at-least-once dead-lettering (quorum queues, RabbitMQ 3.10+).
                    "vhost": vhost, "name": "rbn-dead-letters-at-least-once",
                    "pattern": "^(\(names))\\.(commands|events)$", "apply-to": "queues", "priority": 0,
                    // A bound on each queue: past it the broker refuses what is published (the
                    // publisher's confirm is a nack), so no login can fill the broker's disk.
                    "definition": [
                        "dead-letter-strategy": "at-least-once", "overflow": "reject-publish",
                        "max-length-bytes": maxQueueBytes,
                    ] as [String: Any],
                ] as [String: Any],
                [
                    // Dead letters are bounded too; past the bound the oldest go first.
                    "vhost": vhost, "name": "rbn-dead-letters-bounded",
                    "pattern": "^(\(names))\\.dead$", "apply-to": "queues", "priority": 0,
                    "definition": ["max-length-bytes": maxDeadQueueBytes, "overflow": "drop-head"] as [String: Any],
                ] as [String: Any],
            ],
            "exchanges": exchanges,
            "queues": queues.sorted { ($0["name"] as? String ?? "") < ($1["name"] as? String ?? "") },
            "bindings": bindings,
        ]
        var data = try JSONSerialization.data(
            withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    private static func plain(_ v: AMQPFieldValue) -> Any {
        switch v {
        case .bool(let b): return b
        case .string(let s): return s
        case .table(let t): return t.mapValues(plain)
        case .array(let a): return a.map(plain)
        default: return v.intValue ?? "\(v)"
        }
    }
}
