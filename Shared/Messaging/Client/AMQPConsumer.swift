/// Deliveries from one queue, as an async sequence, and the ways to settle them.
///
/// The sequence ends when the consumer is cancelled or the connection closed, and throws when the
/// broker cancels the consumer (its queue was deleted). A reconnect does not end it: deliveries
/// resume, and the broker redelivers what was not acknowledged.
public final class AMQPConsumer: AsyncSequence, Sendable {
    public typealias Element = AMQPDelivery

    private let connection: AMQPConnection
    private let id: UInt64
    public let queue: String
    public let tag: String
    private let deliveries: DeliveryBuffer

    init(
        connection: AMQPConnection, id: UInt64, queue: String, tag: String,
        deliveries: DeliveryBuffer
    ) {
        self.connection = connection
        self.id = id
        self.queue = queue
        self.tag = tag
        self.deliveries = deliveries
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(buffer: deliveries)
    }

    /// Yields the deliveries one by one, or in batches with ``nextBatch(max:)``.
    public struct Iterator: AsyncIteratorProtocol {
        let buffer: DeliveryBuffer
        var batch: [AMQPDelivery] = []
        var index = 0

        public mutating func next() async throws -> AMQPDelivery? {
            if index == batch.count {
                guard let next = try await buffer.next(max: .max) else { return nil }
                batch = next
                index = 0
            }
            defer { index += 1 }
            return batch[index]
        }

        /// Every delivery that arrived and was not read yet, up to `max`, waiting only for the
        /// first. `nil` when the sequence ended.
        public mutating func nextBatch(max: Int) async throws -> [AMQPDelivery]? {
            if index < batch.count {
                let end = Swift.min(batch.count, index + Swift.max(1, max))
                defer { index = end }
                return Array(batch[index..<end])
            }
            return try await buffer.next(max: max)
        }
    }

    /// Acknowledges the delivery, and with `multiple` every earlier one of this consumer too.
    /// Throws ``AMQPError/Code/staleDelivery`` when the channel it came on is gone.
    public func ack(_ delivery: AMQPDelivery, multiple: Bool = false) async throws(AMQPError) {
        try await settle(delivery, multiple: multiple, .ack)
    }

    /// Negatively acknowledges: back to the queue with `requeue`, else dead-lettered or dropped.
    public func nack(_ delivery: AMQPDelivery, multiple: Bool = false, requeue: Bool) async throws(AMQPError) {
        try await settle(delivery, multiple: multiple, .nack(requeue: requeue))
    }

    /// Rejects one delivery: back to the queue with `requeue`, else dead-lettered or dropped.
    public func reject(_ delivery: AMQPDelivery, requeue: Bool) async throws(AMQPError) {
        try await settle(delivery, multiple: false, .reject(requeue: requeue))
    }

    /// Asks the broker to stop delivering and ends the sequence after what already arrived, but keeps
    /// the channel open so those deliveries can still be acknowledged; ``cancel()`` closes it. Returns
    /// at once: usable from a synchronous shutdown handler.
    public func stopConsuming() {
        connection.loop.submit(.stopConsuming(consumerID: id, { _ in }))
    }

    /// Stops consuming; unacknowledged deliveries go back to the queue.
    public func cancel() async {
        await connection.cancelConsumer(id)
    }

    private func settle(_ d: AMQPDelivery, multiple: Bool, _ kind: Settlement.Kind) async throws(AMQPError) {
        try await connection.settle(
            Settlement(
                token: d.channelToken, deliveryTag: d.deliveryTag, multiple: multiple,
                kind: kind))
    }
}
