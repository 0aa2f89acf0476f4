import Foundation

/// Reports the result of a request back to the task that made it.
typealias Completion<T> = @Sendable (Result<T, AMQPError>) -> Void

/// Work handed to the connection thread.
enum LoopRequest {
    case declare(Topology, Completion<Void>)
    case publish([AMQPPublish], PublishWaiter)
    case consume(ConsumerState, Completion<String>)
    case cancel(consumerID: UInt64, Completion<Void>)
    case stopConsuming(consumerID: UInt64, Completion<Void>)
    case settle(Settlement, Completion<Void>)
    case call(AMQPPublish, timeout: Double, Completion<AMQPDelivery>)
    case purge(queue: String, Completion<Int>)
    case depth(queue: String, Completion<QueueDepth>)
    case deleteQueue(String, Completion<Void>)
    case unbind(Topology.Binding, Completion<Void>)
    case deleteExchange(String, Completion<Void>)
    case close(Completion<Void>)

    /// Fails the request without doing it.
    func fail(_ error: AMQPError) {
        switch self {
        case .declare(_, let c), .cancel(_, let c), .stopConsuming(_, let c), .settle(_, let c), .deleteQueue(_, let c),
            .deleteExchange(_, let c), .unbind(_, let c), .close(let c):
            c(.failure(error))
        case .publish(let items, let waiter):
            for i in items.indices { waiter.complete(i, .failure(error)) }
        case .consume(_, let c): c(.failure(error))
        case .call(_, _, let c): c(.failure(error))
        case .purge(_, let c): c(.failure(error))
        case .depth(_, let c): c(.failure(error))
        }
    }
}

/// An acknowledgement, negative acknowledgement or rejection of a delivery.
struct Settlement {
    enum Kind { case ack, nack(requeue: Bool), reject(requeue: Bool) }
    let token: ChannelToken
    let deliveryTag: UInt64
    let multiple: Bool
    let kind: Kind
}

/// Collects the results of one batch of publishes and resumes the caller when all are known.
/// Touched only by the connection thread after creation.
final class PublishWaiter: @unchecked Sendable {
    private var results: [Result<Void, AMQPError>?]
    private var remaining: Int
    private let done: @Sendable ([Result<Void, AMQPError>]) -> Void

    init(count: Int, done: @escaping @Sendable ([Result<Void, AMQPError>]) -> Void) {
        results = Array(repeating: nil, count: count)
        remaining = count
        self.done = done
        if count == 0 { done([]) }
    }

    func complete(_ index: Int, _ result: Result<Void, AMQPError>) {
        guard results[index] == nil else { return }
        results[index] = result
        remaining -= 1
        if remaining == 0 { done(results.map { $0! }) }
    }
}
