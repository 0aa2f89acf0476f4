import Contracts
import Foundation
import Synchronization

/// Answers to the public's read-only queries (networks, evenings, articles), kept a few seconds:
/// under load every page of a network would ask the same three questions over the broker, for the
/// same answer. Free places on a list may be a few seconds old; a page that acts (the evening's
/// form, a registration) always asks afresh.
final class AnswerCache: Sendable {
    /// How long an answer is kept.
    let lifetime: Duration
    /// The most answers kept; the oldest go first.
    let capacity: Int
    private let entries = Mutex<[String: (until: ContinuousClock.Instant, value: any Sendable)]>([:])

    init(lifetime: Duration = .seconds(5), capacity: Int = 512) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The kept answer to `payload`, or `fetch`'s, kept when it is a reply.
    func answer<C: MessagePayload, R: MessagePayload>(
        _ payload: C, _ fetch: () async -> PortalApp.Asked<R>
    ) async -> PortalApp.Asked<R> {
        let key =
            C.messageType.rawValue
            + ((try? JSONEncoder().encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "")
        let now = ContinuousClock.now
        if let kept = entries.withLock({ $0[key] }), kept.until > now, let value = kept.value as? R {
            return .reply(value)
        }
        let fresh = await fetch()
        if case .reply(let value) = fresh {
            entries.withLock { e in
                if e.count >= capacity {
                    // Expired ones first, then the soonest to expire.
                    e = e.filter { $0.value.until > now }
                    while e.count >= capacity, let oldest = e.min(by: { $0.value.until < $1.value.until })?.key {
                        e[oldest] = nil
                    }
                }
                e[key] = (now + lifetime, value)
            }
        }
        return fresh
    }
}
