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
/// a restart, a failed publish, more rows handed over than it keeps, ``notify()`` for rows written
/// without a hand-over) makes the relay read the table, which is always the truth. With nothing
/// handed over and no gap, a round reads nothing: the table is read again only once a poll
/// interval has passed without a read, as a safety net.
///
/// Marks are written in bulk (every 2,048 rows, and otherwise at most every 250 ms, before a retry
/// and on stop) so the relay does not compete for the write lock after every round; a cursor keeps
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
    /// Set when rows may be in the table that were not handed over (``notify()``, an overflow of
    /// the handed rows, the drain on stop): the next round reads the table.
    private let unhanded = Atomic(false)
    /// When the table was last read, for the poll that reads it once in a while anyway.
    private let lastRead = Mutex(ContinuousClock.now)
    /// How long after a write of the marks the next one may come, unless 2,048 rows are waiting.
    private static let markDelay = Duration.milliseconds(250)

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

    /// Tells the relay that a commit wrote outbox rows without handing them over: it reads the table.
    public func notify() {
        unhanded.store(true, ordering: .releasing)
        signal.notify()
    }

    /// Hands over the rows a commit wrote (in the order written) and wakes the relay.
    func committed(_ rows: [OutboxRow]) {
        handed.withLock { h in
            if h.count + rows.count > Self.handedLimit {
                h.removeAll()
                unhanded.store(true, ordering: .releasing)
            } else {
                h.append(contentsOf: rows)
            }
        }
        signal.notify()
    }

    /// What a round takes from the handed-over rows.
    private enum Handed {
        /// Rows that continue the sequence after the cursor.
        case rows([OutboxRow])
        /// Nothing handed over.
        case nothing
        /// The table must be read: the cursor is unknown (start, after a failed publish) or the
        /// handed-over rows do not continue the sequence.
        case gap
    }

    /// The handed-over rows that continue the sequence after `cursor`, up to `limit`.
    private func takeHanded(after cursor: Int64, limit: Int) -> Handed {
        handed.withLock { h -> Handed in
            h.removeAll { $0.seq <= cursor }
            guard cursor > 0 else { return .gap }
            guard !h.isEmpty else { return .nothing }
            h.sort { $0.seq < $1.seq }
            var n = 0
            while n < h.count, n < limit, h[n].seq == cursor + Int64(n) + 1 { n += 1 }
            guard n > 0 else { return .gap }
            let taken = Array(h[0..<n])
            h.removeFirst(n)
            return .rows(taken)
        }
    }

    /// Whether a round with nothing handed over reads the table: rows were written without a
    /// hand-over, or a poll interval passed since the last read.
    private func tableMayHoldMore() -> Bool {
        if unhanded.load(ordering: .acquiring) { return true }
        let since = lastRead.withLock { ContinuousClock.now - $0 }
        return since >= .seconds(settings.pollInterval)
    }

    /// Reads the rows after `cursor` from the table.
    private func readTable(after cursor: Int64) async throws -> [OutboxRow] {
        unhanded.store(false, ordering: .releasing)
        lastRead.withLock { $0 = .now }
        return try await store.read { [batchSize = settings.batchSize] db in
            try Outbox.unpublished(db, after: cursor, limit: batchSize)
        }
    }

    /// How long an idle relay waits for a signal: the poll interval, or less when confirmed rows
    /// wait for their mark.
    private func idleTimeout() -> Duration {
        let poll = Duration.seconds(settings.pollInterval)
        return marks.withLock { m -> Duration in
            guard !m.pending.isEmpty else { return poll }
            return min(poll, max(.milliseconds(1), Self.markDelay - (ContinuousClock.now - m.lastFlush)))
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
            if published == 0 { await signal.wait(for: idleTimeout()) }
        }
        await drain()
    }

    /// Publishes what is in the outbox now; returns how many rows were confirmed.
    @discardableResult
    func publishRound() async -> Int {
        let rows: [OutboxRow]
        do {
            let cursor = marks.withLock { $0.cursor }
            switch takeHanded(after: cursor, limit: settings.batchSize) {
            case .rows(let taken): rows = taken
            case .gap: rows = try await readTable(after: cursor)
            case .nothing: rows = tableMayHoldMore() ? try await readTable(after: cursor) : []
            }
        } catch {
            if Task.isCancelled { return 0 }
            logger.error(
                "cannot read the outbox", metadata: ["store.error": "\(StoreError(error, doing: "read the outbox"))"])
            try? await Task.sleep(for: .seconds(1))
            return 0
        }
        guard let last = rows.last else {
            if marksDue() { await flushMarks() }
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
        marks.withLock { m in
            m.pending.append(contentsOf: confirmed)
            m.cursor = last.seq
        }
        let due = marksDue()
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

    /// Whether the pending marks are to be written now: 2,048 of them, or 250 ms since the last write.
    private func marksDue() -> Bool {
        marks.withLock { m in
            !m.pending.isEmpty && (m.pending.count >= 2048 || ContinuousClock.now - m.lastFlush >= Self.markDelay)
        }
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
            unhanded.store(true, ordering: .releasing)
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
