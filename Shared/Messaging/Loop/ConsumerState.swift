import Foundation

/// What a consumer asked for and where its deliveries go. The connection thread owns the mutable
/// parts (channel, tag, pending deliveries); the delivery buffer is thread-safe.
///
/// Deliveries read in one pass of the connection thread go to the consumer's task as one batch,
/// which saves a task wake-up per message under load.
final class ConsumerState: @unchecked Sendable {
    let id: UInt64
    let queue: String
    let prefetch: UInt16
    let exclusive: Bool
    let noAck: Bool
    let arguments: AMQPTable
    private let sink: DeliveryBuffer
    private var pending: [AMQPDelivery] = []
    var channel: UInt16?
    var tag: String
    /// The broker stopped delivering (basic.cancel) but the channel stays open for acknowledgements.
    var stopped = false

    init(
        id: UInt64, queue: String, prefetch: UInt16, exclusive: Bool, noAck: Bool, arguments: AMQPTable,
        tag: String, sink: DeliveryBuffer
    ) {
        self.id = id
        self.queue = queue
        self.prefetch = prefetch
        self.exclusive = exclusive
        self.noAck = noAck
        self.arguments = arguments
        self.tag = tag
        self.sink = sink
    }

    /// Queues a delivery for the next ``flush()``.
    func deliver(_ delivery: AMQPDelivery) { pending.append(delivery) }

    /// Hands the queued deliveries to the consumer's task.
    func flush() {
        guard !pending.isEmpty else { return }
        sink.append(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Ends the consumer's sequence after what is queued, with an error if given.
    func finish(throwing error: AMQPError? = nil) {
        flush()
        sink.finish(throwing: error)
    }
}

/// Builds messages from a method frame (`basic.deliver` or `basic.return`), a header frame and
/// body frames, which arrive in this order on one channel.
struct ContentAssembler {
    enum Start {
        case deliver(consumerTag: String, deliveryTag: UInt64, redelivered: Bool, exchange: String, routingKey: String)
        case returned(replyCode: UInt16, replyText: String, exchange: String, routingKey: String)
    }

    struct Complete {
        let start: Start
        let properties: AMQPProperties
        let body: Data
    }

    private struct Partial {
        var start: Start
        var properties = AMQPProperties()
        var size: UInt64 = 0
        var body = Data()
        var hasHeader = false
    }

    private var partial: [UInt16: Partial] = [:]

    mutating func begin(_ channel: UInt16, _ start: Start) {
        partial[channel] = Partial(start: start)
    }

    /// Adds a header; returns the message when its body is empty.
    mutating func header(_ channel: UInt16, size: UInt64, properties: AMQPProperties) -> Complete? {
        guard var p = partial[channel] else { return nil }
        p.properties = properties
        p.size = size
        p.hasHeader = true
        if size == 0 {
            partial[channel] = nil
            return Complete(start: p.start, properties: properties, body: Data())
        }
        p.body.reserveCapacity(Int(size))
        partial[channel] = p
        return nil
    }

    /// Adds a body fragment; returns the message when it is whole.
    mutating func body(_ channel: UInt16, _ bytes: UnsafeRawBufferPointer) -> Complete? {
        guard var p = partial[channel], p.hasHeader else { return nil }
        partial[channel] = nil  // avoid copy-on-write of the body while appending
        p.body.append(contentsOf: bytes)
        if UInt64(p.body.count) >= p.size {
            return Complete(start: p.start, properties: p.properties, body: p.body)
        }
        partial[channel] = p
        return nil
    }

    mutating func discard(_ channel: UInt16) { partial[channel] = nil }
    mutating func removeAll() { partial.removeAll() }
}

/// Calls waiting for a reply on the direct reply-to pseudo queue, by correlation id.
struct RPCState {
    struct Call {
        let deadline: UInt64
        let completion: Completion<AMQPDelivery>
    }

    var channel: UInt16?
    var calls: [String: Call] = [:]

    mutating func complete(_ correlationID: String?, _ result: Result<AMQPDelivery, AMQPError>) {
        guard let correlationID, let call = calls.removeValue(forKey: correlationID) else { return }
        call.completion(result)
    }

    mutating func expire(now: UInt64) {
        for (id, call) in calls where call.deadline <= now {
            calls[id] = nil
            call.completion(.failure(AMQPError(.timeout, "no reply within the timeout")))
        }
    }

    mutating func failAll(_ error: AMQPError) {
        let all = calls
        calls.removeAll()
        for call in all.values { call.completion(.failure(error)) }
    }
}
