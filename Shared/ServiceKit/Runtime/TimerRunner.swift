import Contracts
import Foundation
import Logging
import Synchronization

/// Runs a service's timers until stopped: each in a write transaction, handing what it emitted to
/// the outbox relay after commit.
final class TimerRunner: Sendable {
    private let timers: [ServiceTimer]
    private let service: String
    private let store: Store
    private let relay: OutboxRelay
    private let logger: Logger
    private let signal = Signal()
    private let stopped = Atomic(false)

    init(timers: [ServiceTimer], service: String, store: Store, relay: OutboxRelay, logger: Logger) {
        self.timers = timers
        self.service = service
        self.store = store
        self.relay = relay
        self.logger = logger
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        signal.notify()
    }

    func run() async {
        guard !timers.isEmpty else { return }
        var next = timers.map { _ in ContinuousClock.now }
        while !stopped.load(ordering: .acquiring) && !Task.isCancelled {
            let now = ContinuousClock.now
            for (i, timer) in timers.enumerated() where next[i] <= now {
                await runOnce(timer)
                next[i] = ContinuousClock.now + .milliseconds(Int(timer.interval * 1000))
            }
            let wait = (next.min() ?? now) - ContinuousClock.now
            if wait > .zero { await signal.wait(for: wait) }
        }
    }

    /// One run of a timer; true when it committed.
    @discardableResult
    func runOnce(_ timer: ServiceTimer) async -> Bool {
        let type = "\(MessageType.prefix)\(service).timer.\(timer.name).v1"
        let attributes = EnvelopeAttributes(source: "/rbn/\(service)", type: type)
        do {
            let emitted = try await store.write { db in
                let context = MessageContext(db: db, message: attributes, wantsReply: false)
                try timer.body(context)
                return context.emitted
            }
            if !emitted.isEmpty { relay.committed(emitted) }
            return true
        } catch {
            if !Task.isCancelled {
                logger.warning(
                    "timer failed; it runs again at the next tick",
                    metadata: [
                        "timer": .string(timer.name), "error": "\(StoreError(error, doing: "run \(timer.name)"))",
                    ])
            }
            return false
        }
    }
}
