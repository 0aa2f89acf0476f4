import Synchronization

/// The deliveries of one consumer between the connection thread and the consuming task.
///
/// Unlike an `AsyncStream` of batches, a reader takes everything that arrived since its last read
/// in one go (up to a maximum), however many passes of the connection thread it came in; so a
/// service that falls behind catches up in large batches: one commit and one acknowledgement for
/// many messages.
///
/// The reading task being cancelled terminates the buffer and calls `onTermination` once, so the broker gets unacknowledged deliveries back instead of holding them
/// for a consumer nobody reads.
final class DeliveryBuffer: Sendable {
    private struct State {
        var items: [AMQPDelivery] = []
        var head = 0
        var end: (any Error)?? = nil
        var waiter: CheckedContinuation<Void, Never>?
        var terminated = false
    }

    private let state = Mutex(State())
    private let onTermination: Mutex<(@Sendable () -> Void)?>

    init(onTermination: @escaping @Sendable () -> Void) {
        self.onTermination = Mutex(onTermination)
    }

    /// Adds deliveries (from the connection thread) and wakes the reader.
    func append(_ deliveries: [AMQPDelivery]) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard s.end == nil, !s.terminated else { return nil }
            s.items.append(contentsOf: deliveries)
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Ends the sequence after what is buffered, with an error if given.
    func finish(throwing error: (any Error)? = nil) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard s.end == nil else { return nil }
            s.end = .some(error)
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Stops delivering to the reader and tells the owner once.
    func terminate() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.terminated = true
            s.items.removeAll()
            s.head = 0
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
        onTermination.withLock { callback in
            let c = callback
            callback = nil
            return c
        }?()
    }

    private enum Taken {
        case items([AMQPDelivery])
        case ended((any Error)?)
        case empty
    }

    /// Up to `max` deliveries, waiting for the first; `nil` when the sequence ended or the reading
    /// task was cancelled; throws the error the sequence ended with.
    func next(max: Int) async throws -> [AMQPDelivery]? {
        while true {
            if Task.isCancelled {
                terminate()
                return nil
            }
            switch take(max: max) {
            case .items(let items): return items
            case .ended(nil): return nil
            case .ended(let error?): throw error
            case .empty: break
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { s -> Bool in
                        if s.head < s.items.count || s.end != nil || s.terminated { return true }
                        s.waiter = c
                        return false
                    }
                    if resumeNow { c.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                    defer { s.waiter = nil }
                    return s.waiter
                }
                waiter?.resume()
            }
        }
    }

    private func take(max: Int) -> Taken {
        state.withLock { s in
            if s.terminated { return .ended(nil) }
            let available = s.items.count - s.head
            guard available > 0 else {
                if let end = s.end { return .ended(end) }
                return .empty
            }
            let n = Swift.min(Swift.max(1, max), available)
            let taken = Array(s.items[s.head..<(s.head + n)])
            s.head += n
            if s.head == s.items.count {
                s.items.removeAll(keepingCapacity: true)
                s.head = 0
            } else if s.head > 4096 {
                s.items.removeFirst(s.head)
                s.head = 0
            }
            return .items(taken)
        }
    }
}
