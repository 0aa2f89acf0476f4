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
    private let deliveries: AsyncThrowingStream<[AMQPDelivery], any Error>

    init(
        connection: AMQPConnection, id: UInt64, queue: String, tag: String,
        deliveries: AsyncThrowingStream<[AMQPDelivery], any Error>
    ) {
        self.connection = connection
        self.id = id
        self.queue = queue
        self.tag = tag
        self.deliveries = deliveries
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(batches: deliveries.makeAsyncIterator())
    }

    /// Yields the deliveries of each batch the connection thread handed over, one by one.
    public struct Iterator: AsyncIteratorProtocol {
        var batches: AsyncThrowingStream<[AMQPDelivery], any Error>.AsyncIterator
        var batch: [AMQPDelivery] = []
        var index = 0

        public mutating func next() async throws -> AMQPDelivery? {
            if index == batch.count {
                guard let next = try await batches.next() else { return nil }
                batch = next
                index = 0
            }
            defer { index += 1 }
            return batch[index]
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
