// What every service answers for operators, whatever its domain: its status, and an online copy
// of its store. `rbnctl status` and `rbnctl backup` send them to each service's commands queue.

/// Messages every service's runtime handles (not one service's domain).
public enum Operations {
    public static let service = "ops"

    static func type(_ aggregate: String, _ name: String) -> MessageType {
        MessageType(service: service, aggregate: aggregate, name: name)
    }

    /// The services `rbnctl` asks, by broker name, in the order it shows them.
    public static var services: [String] { SuiteCatalogue.services.map(\.name) }

    public struct GetStatus: DescribedPayload {
        public static let messageType = Operations.type("service", "status")
        public static let summary = "Asks a service for its version, queues, outbox backlog and store."
        public init() {}
        public static let schema = JSONSchema.object([])
    }

    /// A queue of the service: messages waiting and consumers.
    public struct QueueFigures: Codable, Sendable, Equatable {
        public var name: String
        public var messages: Int
        public var consumers: Int
        public init(name: String, messages: Int, consumers: Int) {
            self.name = name
            self.messages = messages
            self.consumers = consumers
        }
        static let schema = JSONSchema.object([
            .required("name", .text), .required("messages", .integer(minimum: 0)),
            .required("consumers", .integer(minimum: 0)),
        ])
    }

    public struct ServiceStatus: DescribedPayload {
        public static let messageType = Operations.type("service", "status-result")
        public static let summary =
            "A service's status: version, start, health, queues (with its dead letters), outbox and store."
        public var service: String
        public var version: String
        public var startedAt: String
        /// Its commands, events and dead-letter queues.
        public var queues: [QueueFigures]
        /// Events and commands written but not yet confirmed by the broker.
        public var outboxBacklog: Int
        public var storeBytes: Int
        /// What keeps the service from being ready, as `/health/ready` says it (a store that cannot
        /// write, a lost consumer); empty when ready. Absent from services before 0.9.1.
        public var problems: [String]?
        public init(
            service: String, version: String, startedAt: String, queues: [QueueFigures], outboxBacklog: Int,
            storeBytes: Int, problems: [String]? = nil
        ) {
            self.service = service
            self.version = version
            self.startedAt = startedAt
            self.queues = queues
            self.outboxBacklog = outboxBacklog
            self.storeBytes = storeBytes
            self.problems = problems
        }
        /// Messages in the service's dead-letter queue.
        public var deadLetters: Int { queues.first { $0.name.hasSuffix(".dead") }?.messages ?? 0 }
        public static let schema = JSONSchema.object([
            .required("service", .text), .required("version", .text), .required("startedAt", .dateTime),
            .required("queues", .array(QueueFigures.schema)), .required("outboxBacklog", .integer(minimum: 0)),
            .required("storeBytes", .integer(minimum: 0)), .optional("problems", .array(.text)),
        ])
    }

    public struct BackupStore: DescribedPayload {
        public static let messageType = Operations.type("store", "backup")
        public static let summary = """
            Makes a consistent online copy of the service's store (SQLite's backup, while it keeps working) \
            in its data directory under backups/, or in the directory given.
            """
        /// A directory on the service's host; absent: `<data dir>/backups`.
        public var directory: String?
        public init(directory: String? = nil) { self.directory = directory }
        public static let schema = JSONSchema.object([.optional("directory", .text)])
    }

    public struct BackupMade: DescribedPayload {
        public static let messageType = Operations.type("store", "backed-up")
        public static let summary = "Where a store's copy was written, and its size."
        public var service: String
        public var path: String
        public var bytes: Int
        public init(service: String, path: String, bytes: Int) {
            self.service = service
            self.path = path
            self.bytes = bytes
        }
        public static let schema = JSONSchema.object([
            .required("service", .text), .required("path", .text), .required("bytes", .integer(minimum: 0)),
        ])
    }

    public static let messages: [any DescribedPayload.Type] = [
        GetStatus.self, ServiceStatus.self, BackupStore.self, BackupMade.self,
    ]
}
