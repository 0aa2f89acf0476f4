import Foundation
import Messaging

/// Reads a consumer in a background task and keeps what arrived, so tests can wait for a number
/// of deliveries with a timeout without ending the consumer's sequence.
public final class Collector: Sendable {
    public let consumer: AMQPConsumer
    private let box = LockedBox<(items: [AMQPDelivery], error: String?)>(([], nil))
    private let task: Task<Void, Never>

    public init(_ consumer: AMQPConsumer, ack: Bool = true) {
        self.consumer = consumer
        let box = self.box
        task = Task {
            do {
                for try await d in consumer {
                    if ack {
                        do {
                            try await consumer.ack(d)
                        } catch let failure as AMQPError where failure.isRetriable {
                            continue  // came over a connection that is gone: the broker delivers it again
                        }
                    }
                    box.withLock { $0.items.append(d) }
                }
            } catch {
                box.withLock { $0.error = "\(error)" }
            }
        }
    }

    public var items: [AMQPDelivery] { box.withLock { $0.items } }

    /// Waits until at least `count` deliveries arrived in all, or `timeout` seconds passed.
    @discardableResult
    public func wait(for count: Int, timeout: Double = 60) async -> [AMQPDelivery] {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if box.withLock({ $0.items.count >= count }) { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return items
    }

    public func stop() async {
        await consumer.cancel()
        task.cancel()
    }
}
