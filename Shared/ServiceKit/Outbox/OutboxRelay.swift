import Foundation
import GRDB
import Logging
import Messaging
import Synchronization

/// Publishes outbox rows in commit order with publisher confirms and marks them published only
/// after the broker confirmed them. Wakes right after each commit that wrote rows
/// (``committed(_:)`` or ``notify()``), polls as a fallback, survives broker loss by publishing
/// unconfirmed rows again, and prunes published rows after a retention period.
///
/// The rows a commit hands over are published without reading them back, as long as they continue
/// the sequence right after the last row published; any gap (two commits handed over out of order,
/// a restart, a failed publish, rows written outside a handler) makes the relay read the table,
/// which is always the truth.
///
/// Marks are written in bulk (every 2,048 rows, every 250 ms, when idle, before a retry and on
/// stop) so the relay does not compete for the write lock after every round; a cursor keeps
/// confirmed-but-unmarked rows from being read again. A crash before the mark only means those
/// rows go out again, and consumers drop duplicates by id.
public final class OutboxRelay: Sendable {
    public struct Settings: Sendable {
        /// Rows read and published per round.
        public var batchSize = 1024
        /// Fallback poll interval when no commit signalled, in seconds.
        public var pollInterval = 1.0
        /// Published rows are kept this long, in seconds (for inspection), then deleted.
        public var retention = 24 * 3600.0
        /// How often pruning runs, in seconds.
        public var pruneInterval = 300.0
        /// On shutdown, how long to keep publishing the backlog, in seconds.
        public var drainTimeout = 5.0
        public init() {}
    }

    private let store: Store
    private let connection: AMQPConnection
    private let settings: Settings
    private let logger: Logger
    private let signal = Signal()
    private let stopped = Atomic(false)
    private let metrics: RuntimeMetrics
    private let marks = Mutex(Marks())
    /// Rows committed and handed over, not yet taken; bounded, the table has them anyway.
    private let handed = Mutex<[OutboxRow]>([])
    private static let handedLimit = 8192

    /// Confirmed rows not yet marked, and the last row handed to the broker.
    private struct Marks {
        var pending: [Int64] = []
        var cursor: Int64 = 0
        var lastFlush = ContinuousClock.now
    }

    init(store: Store, connection: AMQPConnection, settings: Settings, metrics: RuntimeMetrics, logger: Logger) {
        self.store = store
        self.connection = connection
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    /// Tells the relay that a commit wrote outbox rows.
    public func notify() { signal.notify() }

    /// Hands over the rows a commit wrote (in the order written) and wakes the relay.
    func committed(_ rows: [OutboxRow]) {
        handed.withLock { h in
            if h.count + rows.count > Self.handedLimit {
                h.removeAll()
            } else {
                h.append(contentsOf: rows)
            }
        }
        signal.notify()
    }

    /// The handed-over rows that continue the sequence after `cursor`, up to `limit`; nil when they
    /// do not (the table must be read).
    private func takeHanded(after cursor: Int64, limit: Int) -> [OutboxRow]? {
        handed.withLock { h -> [OutboxRow]? in
            h.removeAll { $0.seq <= cursor }
            guard cursor > 0, !h.isEmpty else { return nil }
            h.sort { $0.seq < $1.seq }
            var n = 0
            while n < h.count, n < limit, h[n].seq == cursor + Int64(n) + 1 { n += 1 }
            guard n > 0 else { return nil }
            let taken = Array(h[0..<n])
            h.removeFirst(n)
            return taken
        }
    }

    /// Ends ``run()``: it publishes what is left (within the drain timeout) and returns.
    public func stop() {
        stopped.store(true, ordering: .releasing)
        signal.notify()
    }

    /// Publishes until ``stop()``, then drains the backlog.
    public func run() async {
        var lastPrune = Date.distantPast
        while !stopped.load(ordering: .acquiring) && !Task.isCancelled {
            let published = await publishRound()
            if Date().timeIntervalSince(lastPrune) > settings.pruneInterval {
                await prune()
                lastPrune = Date()
            }
            if published == 0 { await signal.wait(timeout: settings.pollInterval) }
        }
        await drain()
    }

    /// Publishes what is in the outbox now; returns how many rows were confirmed.
    @discardableResult
    func publishRound() async -> Int {
        let rows: [OutboxRow]
        do {
            let cursor = marks.withLock { $0.cursor }
            if let taken = takeHanded(after: cursor, limit: settings.batchSize) {
                rows = taken
            } else {
                rows = try await store.read { [batchSize = settings.batchSize] db in
                    try Outbox.unpublished(db, after: cursor, limit: batchSize)
                }
            }
        } catch {
            if Task.isCancelled { return 0 }
            logger.error(
                "cannot read the outbox", metadata: ["store.error": "\(StoreError(error, doing: "read the outbox"))"])
            try? await Task.sleep(for: .seconds(1))
            return 0
        }
        guard let last = rows.last else {
            await flushMarks()
            return 0
        }
        let user = connection.configuration.user
        let results = await connection.publish(batch: rows.map { $0.publish(as: user) })
        var confirmed: [Int64] = []
        var failure: AMQPError?
        for (row, result) in zip(rows, results) {
            switch result {
            case .success:
                confirmed.append(row.seq)
                metrics.published(type: row.type)
            case .failure(let e):
                failure = failure ?? e
                metrics.publishFailed(type: row.type)
            }
        }
        let due = marks.withLock { m in
            m.pending.append(contentsOf: confirmed)
            m.cursor = last.seq
            return m.pending.count >= 2048 || ContinuousClock.now - m.lastFlush > .milliseconds(250)
        }
        if let failure {
            // Mark what went out, then read the rest again from the start of the backlog.
            await flushMarks()
            marks.withLock { $0.cursor = 0 }
            logger.warning(
                "outbox publish failed, retrying",
                metadata: [
                    "amqp.error": .string(failure.description), "outbox.failed": "\(rows.count - confirmed.count)",
                ])
            try? await Task.sleep(for: .milliseconds(failure.isRetriable ? 200 : 2000))
        } else if due {
            await flushMarks()
        }
        return confirmed.count
    }

    /// Writes the pending marks; on failure they stay pending for the next flush.
    private func flushMarks() async {
        let seqs = marks.withLock { m -> [Int64] in
            m.lastFlush = .now
            return m.pending
        }
        guard !seqs.isEmpty else { return }
        do {
            try await store.write { db in try Outbox.markPublished(seqs, db) }
            marks.withLock { $0.pending.removeFirst(min(seqs.count, $0.pending.count)) }
        } catch {
            logger.warning("cannot mark outbox rows published", metadata: ["store.error": "\(error)"])
        }
    }

    /// On shutdown: publishes the backlog until it is empty or the drain timeout passed.
    func drain() async {
        let deadline = Date().addingTimeInterval(settings.drainTimeout)
        while Date() < deadline, connection.isConnected {
            await flushMarks()
            let backlog = (try? await store.read { db in try Outbox.backlog(db) }) ?? 0
            if backlog == 0 { return }
            await publishRound()
        }
        await flushMarks()
        let left = (try? await store.read { db in try Outbox.backlog(db) }) ?? 0
        if left > 0 {
            logger.warning(
                "stopping with unpublished outbox rows; they go out at the next start",
                metadata: ["outbox.backlog": "\(left)"])
        }
    }

    private func prune() async {
        let cutoff = Date().addingTimeInterval(-settings.retention)
        do {
            let n = try await store.write { db in try Outbox.prune(publishedBefore: cutoff, db) }
            if n > 0 { logger.debug("pruned published outbox rows", metadata: ["outbox.pruned": "\(n)"]) }
        } catch {
            logger.warning("cannot prune the outbox", metadata: ["store.error": "\(error)"])
        }
    }
}
