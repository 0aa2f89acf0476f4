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

/// Sends what the rules queued, outside any transaction: claims nothing (one worker per
/// service), sends each due delivery, then records the outcome and emits
/// `notification.delivery.sent|failed` in one transaction.
struct Deliveries: Sendable {
    /// The channels by kind: e-mail (SMTP or maildir) and, when configured, webhooks.
    let channels: [Notifications.Channel: any Channel]
    let retry: RetryPolicy
    let batch = 100

    var worker: ServiceWorker {
        ServiceWorker("deliver") { w in
            while !w.isStopped {
                let due = try await w.read { db in try DeliveryRows.due(by: Date(), limit: batch, db) }
                for (_, message) in due {
                    let outcome: Outcome
                    if let channel = channels[message.channel] {
                        outcome = await channel.send(message)
                    } else {
                        outcome = .permanent("no \(message.channel.rawValue) channel is configured")
                    }
                    try await w.write { ctx in try record(message.deliveryID, outcome, ctx) }
                }
                if due.count < batch { await w.sleep(0.5) }
            }
        }
    }

    func record(_ id: Int, _ outcome: Outcome, _ ctx: MessageContext) throws {
        guard let before = try DeliveryRows.find(id, ctx.db) else { return }
        switch outcome {
        case .sent:
            try DeliveryRows.markSent(id, at: ctx.now, ctx.db)
        case .transient(let why):
            try DeliveryRows.markFailed(
                id, error: why, retryAt: retry.next(after: before.attempts + 1, now: ctx.now), ctx.db)
        case .permanent(let why):
            try DeliveryRows.markFailed(id, error: why, retryAt: nil, ctx.db)
        }
        guard let after = try DeliveryRows.find(id, ctx.db) else { return }
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
