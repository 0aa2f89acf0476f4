import Contracts
import Foundation
import GRDB
import Messaging
import Synchronization

/// The suite's version, as `rbnctl status` shows it.
public enum RBNVersion {
    public static let current = "0.9.1"
}

/// What every service answers operators, besides its domain: its status (`ops.service.status`)
/// and an online copy of its store (`ops.store.backup`). The runtime adds these handlers to every
/// service; queue figures come from a passive declare every few seconds, health from the readiness
/// check every second.
final class OperationsHandlers: Sendable {
    let service: String
    let store: Store
    let startedAt = Date()
    let queues: [String]
    let readiness: Readiness
    private let depths = Mutex<[QueueDepth]>([])
    private let problems = Mutex<[String]>([])
    private let stopped = Mutex(false)

    init(service: String, store: Store, queues: [String], readiness: Readiness) {
        self.service = service
        self.store = store
        self.readiness = readiness
        self.queues = queues + [RBNTopology.deadQueue(service)]
    }

    func register(_ h: inout HandlerRegistry) {
        h.query(Operations.GetStatus.self, from: .operators) { [self] _, ctx in
            let backlog =
                try Int.fetchOne(ctx.db, sql: "SELECT count(*) FROM rbn_outbox WHERE published_at IS NULL") ?? 0
            let known = depths.withLock { $0 }
            return Operations.ServiceStatus(
                service: service, version: RBNVersion.current, startedAt: RFC3339.string(from: startedAt),
                queues: queues.map { q in
                    let d = known.first { $0.queue == q }
                    return .init(name: q, messages: d?.messages ?? 0, consumers: d?.consumers ?? 0)
                }, outboxBacklog: backlog, storeBytes: storeBytes(), problems: problems.withLock { $0 })
        }
        // A read snapshot is a consistent state: SQLite's backup copies it while writers go on.
        h.query(Operations.BackupStore.self, from: .operators) { [self] q, ctx in
            let directory =
                q.data.directory
                ?? ((store.path as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent("backups")
            let name = "\(service)-\(Self.stamp(ctx.now)).sqlite"
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let partial = path + ".partial"
                try? FileManager.default.removeItem(atPath: partial)
                let copy = try DatabaseQueue(path: partial)
                try copy.writeWithoutTransaction { destination in try ctx.db.backup(to: destination) }
                try copy.close()
                try FileManager.default.moveItem(atPath: partial, toPath: path)
            } catch {
                throw DomainError.invalid("cannot write the backup to \(directory): \(error)", field: "directory")
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return Operations.BackupMade(service: service, path: path, bytes: bytes)
        }
    }

    /// Looks at the service's health every second and at its queues every `seconds`, and once
    /// more a second after the start, when its consumers run; a queue the broker refuses to show
    /// keeps its last figures.
    func watch(_ connection: AMQPConnection, every seconds: Double = 5) async {
        let period = max(1, Int(seconds * 10))
        var tick = 0
        while !stopped.withLock({ $0 }) {
            if tick % 10 == 0 {
                let now = await readiness.problems()
                problems.withLock { $0 = now }
            }
            if tick % period == 0 || tick == 10 {
                var seen: [QueueDepth] = []
                for q in queues { if let d = try? await connection.depth(of: q) { seen.append(d) } }
                depths.withLock { $0 = seen }
            }
            try? await Task.sleep(for: .milliseconds(100))
            tick += 1
        }
    }

    func stop() { stopped.withLock { $0 = true } }

    private func storeBytes() -> Int {
        ["", "-wal"].reduce(0) { sum, suffix in
            sum + ((try? FileManager.default.attributesOfItem(atPath: store.path + suffix)[.size] as? Int) ?? 0)
        }
    }

    /// `20261130-071502`, in UTC.
    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: date)
    }
}

extension OperationsHandlers {
    /// What every service's runtime answers besides the service's own handlers.
    static let handled: [HandlerRegistry.Handled] = [
        .init(kind: .query, type: Operations.GetStatus.messageType, reply: Operations.ServiceStatus.messageType),
        .init(kind: .query, type: Operations.BackupStore.messageType, reply: Operations.BackupMade.messageType),
    ]
}

extension ServiceDefinition {
    /// Every message the service handles: its own handlers' and its runtime's, as documents (the
    /// AsyncAPI document) describe it.
    public var handledMessages: [HandlerRegistry.Handled] {
        (handlers.handled + OperationsHandlers.handled).sorted { $0.type.rawValue < $1.type.rawValue }
    }
}
