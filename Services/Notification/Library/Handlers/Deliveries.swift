import Contracts
import Foundation
import ServiceKit

/// How often a transient failure is tried again: exponential backoff with jitter, up to a limit.
public struct RetryPolicy: Sendable {
    public var firstDelay: Double = 30
    public var maxDelay: Double = 3600
    public var maxAttempts: Int = 8

    public init(firstDelay: Double = 30, maxDelay: Double = 3600, maxAttempts: Int = 8) {
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
        self.maxAttempts = maxAttempts
    }

    /// When attempt `attempts + 1` goes out after `attempts` failed ones; nil when none is left.
    public func next(after attempts: Int, now: Date, jitter: Double = Double.random(in: 0.5...1.0)) -> Date? {
        guard attempts < maxAttempts else { return nil }
        let delay = min(maxDelay, firstDelay * pow(2, Double(max(0, attempts - 1))))
        return now.addingTimeInterval(delay * jitter)
    }
}

/// Sends what the rules queued, outside any transaction (one worker per service), then records
/// each outcome and emits `notification.delivery.sent|failed` in a transaction. A channel that
/// delivers batches (the maildir: written, made durable with one sync, moved) gets the batch at
/// once, and its outcomes are recorded in one transaction once it is durable; other channels send
/// up to `parallel` at once, each outcome recorded right after its send (an idempotent channel's
/// together at the end), so a crash can repeat at most the sends in flight.
struct Deliveries: Sendable {
    /// The channels by kind: e-mail (SMTP or maildir) and, when configured, webhooks.
    let channels: [Notifications.Channel: any Channel]
    let retry: RetryPolicy
    /// Deliveries taken at once. A batch's fixed costs (the read, one sync of the file system and
    /// one of `new/`, the outcomes' transaction) are shared by its messages: under load the worker
    /// keeps pace with the events only with batches this large; a quiet service sends each message
    /// as it comes.
    let batch = 500
    let parallel = 8

    var worker: ServiceWorker {
        ServiceWorker("deliver") { w in
            while !w.isStopped {
                let due = try await w.read { db in try DeliveryRows.due(by: Date(), limit: batch, db) }
                try await send(due, w)
                if due.count < batch { await w.sleep(0.5) }
            }
        }
    }

    func send(_ messages: [Outgoing], _ w: WorkerContext) async throws {
        // A channel that delivers batches gets its messages at once (the maildir makes them durable
        // with one sync); the others one by one, up to `parallel` at a time.
        var single: [Outgoing] = []
        for (kind, group) in Dictionary(grouping: messages, by: \.channel) {
            guard let channel = channels[kind] as? any BatchChannel else {
                single += group
                continue
            }
            let outcomes = Array(zip(group.map(\.deliveryID), await channel.send(batch: group)))
            try await w.write { ctx in for (id, outcome) in outcomes { try record(id, outcome, ctx) } }
        }
        var together: [(Int, Outcome)] = []
        try await withThrowingTaskGroup(of: (Outgoing, Outcome).self) { group in
            var waiting = single[...]
            for _ in 0..<parallel {
                guard let m = waiting.popFirst() else { break }
                group.addTask { (m, await attempt(m)) }
            }
            while let (m, outcome) = try await group.next() {
                if channels[m.channel]?.idempotent == true {
                    together.append((m.deliveryID, outcome))
                } else {
                    try await w.write { ctx in try record(m.deliveryID, outcome, ctx) }
                }
                if let next = waiting.popFirst() { group.addTask { (next, await attempt(next)) } }
            }
            if !together.isEmpty {
                let outcomes = together
                try await w.write { ctx in for (id, outcome) in outcomes { try record(id, outcome, ctx) } }
            }
        }
    }

    func attempt(_ m: Outgoing) async -> Outcome {
        guard let channel = channels[m.channel] else {
            return .permanent("no \(m.channel.rawValue) channel is configured")
        }
        return await channel.send(m)
    }

    func record(_ id: Int, _ outcome: Outcome, _ ctx: MessageContext) throws {
        let after: Notifications.Delivery?
        switch outcome {
        case .sent:
            after = try DeliveryRows.markSent(id, at: ctx.now, ctx.db)
        case .transient(let why):
            after = try DeliveryRows.markFailed(
                id, error: why, retryAt: { retry.next(after: $0, now: ctx.now) }, ctx.db)
        case .permanent(let why):
            after = try DeliveryRows.markFailed(id, error: why, retryAt: { _ in nil }, ctx.db)
        }
        guard let after else { return }
        switch after.status {
        case .sent: try ctx.emit(Notifications.DeliverySent(delivery: after), subject: "\(id)")
        case .failed: try ctx.emit(Notifications.DeliveryFailed(delivery: after), subject: "\(id)")
        case .pending: break
        }
    }

    func register(_ h: inout HandlerRegistry) {
        h.query(Notifications.ListDeliveries.self) { q, ctx in
            Notifications.DeliveryList(deliveries: try DeliveryRows.list(q.data, ctx.db))
        }
        h.command(Notifications.RetryDeliveries.self) { c, ctx in
            let ids = try DeliveryRows.retry(c.data.ids, now: ctx.now, ctx.db)
            return Notifications.DeliveryList(deliveries: try ids.compactMap { try DeliveryRows.find($0, ctx.db) })
        }
    }
}
