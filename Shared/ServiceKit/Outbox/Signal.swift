import Dispatch
import Synchronization

/// Wakes one waiting task: the outbox relay waits on it, each commit that wrote outbox rows
/// signals it. A signal with nobody waiting is kept for the next wait.
final class Signal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
        var generation: UInt64 = 0
    }
    private let state = Mutex(State())
    private static let timers = DispatchQueue(label: "rbn.signal.timers")

    func notify() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let w = s.waiter else {
                s.pending = true
                return nil
            }
            s.waiter = nil
            return w
        }
        waiter?.resume()
    }

    /// ``wait(timeout:)`` for a duration.
    func wait(for duration: Duration) async {
        let (seconds, attoseconds) = duration.components
        await wait(timeout: Double(seconds) + Double(attoseconds) * 1e-18)
    }

    /// Returns at the next signal (or at once if one is pending), after `timeout` seconds, or on
    /// cancellation, whichever comes first.
    func wait(timeout: Double) async {
        let generation = state.withLock { s -> UInt64? in
            if s.pending {
                s.pending = false
                return nil
            }
            s.generation += 1
            return s.generation
        }
        guard let generation else { return }
        // A timer on a dispatch queue, not a task that sleeps: a waiting task costs two jobs on the
        // cooperative pool per wait (its start, and its end when cancelled), and the relay and the
        // workers wait once per round.
        let timer = DispatchWorkItem { [self] in wake(generation) }
        Self.timers.asyncAfter(deadline: .now() + timeout, execute: timer)
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { s -> Bool in
                    guard s.generation == generation, !s.pending, !Task.isCancelled else {
                        s.pending = false
                        return true
                    }
                    s.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            wake(generation)
        }
        timer.cancel()
    }

    /// Resumes the waiter of `generation`, if it still waits.
    private func wake(_ generation: UInt64) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard s.generation == generation, let w = s.waiter else { return nil }
            s.waiter = nil
            return w
        }
        waiter?.resume()
    }
}
