import Foundation
import Logging
import Synchronization

/// Periodic housekeeping: updates the outbox-backlog and inbox-size gauges and forgets consumed
/// message ids older than the inbox retention.
final class Maintenance: Sendable {
    private let store: Store
    private let metrics: RuntimeMetrics
    private let inboxRetentionDays: Double
    private let logger: Logger
    private let signal = Signal()
    private let stopped = Atomic(false)
    private let interval = 15.0

    init(store: Store, metrics: RuntimeMetrics, inboxRetentionDays: Double, logger: Logger) {
        self.store = store
        self.metrics = metrics
        self.inboxRetentionDays = inboxRetentionDays
        self.logger = logger
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        signal.notify()
    }

    func run() async {
        while !stopped.load(ordering: .acquiring) && !Task.isCancelled {
            await once()
            await signal.wait(timeout: interval)
        }
    }

    func once() async {
        let cutoff = Date().addingTimeInterval(-inboxRetentionDays * 86_400)
        do {
            let (backlog, inbox) = try await store.read { db in (try Outbox.backlog(db), try Inbox.size(db)) }
            metrics.outboxBacklog(backlog)
            metrics.inboxSize(inbox)
            let pruned = try await store.write { db in try Inbox.prune(receivedBefore: cutoff, db) }
            if pruned > 0 { logger.info("forgot old inbox entries", metadata: ["inbox.pruned": "\(pruned)"]) }
        } catch {
            if Task.isCancelled { return }
            logger.warning("housekeeping failed", metadata: ["store.error": "\(StoreError(error, doing: "housekeep"))"])
        }
    }
}
