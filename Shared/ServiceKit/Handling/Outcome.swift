import Foundation
import Messaging

/// What became of one consumed message, and so how it is settled.
enum Outcome: Sendable {
    /// Handled and committed; a reply to send if it was a command or query.
    case handled(reply: HandlerRegistry.Reply?)
    /// Seen before: skipped, with the reply recorded the first time.
    case duplicate(reply: HandlerRegistry.Reply?)
    /// Refused by the domain, recorded with its error reply.
    case refused(reply: HandlerRegistry.Reply)
    /// Not a message this service can ever handle: to the dead-letter queue with the reason.
    case poison(code: String, reason: String)
    /// Failed for a reason that may pass: back to the queue.
    case retry(reason: String)
    /// An event of a type this service does not handle: acknowledged and dropped.
    case ignored

    var reply: HandlerRegistry.Reply? {
        switch self {
        case .handled(let r), .duplicate(let r): r
        case .refused(let r): r
        default: nil
        }
    }
}

/// How a batch of deliveries is settled after commit, in this order: dead-letter copies published,
/// requeues sent one by one, then one multiple-ack for the rest (the requeued ones are no longer
/// outstanding by then, so the multiple-ack cannot take them along).
struct SettlementPlan: Equatable {
    var deadLetters: [Int] = []
    var requeues: [Int] = []
    /// Index of the delivery to multiple-ack up to, if any delivery is acknowledged.
    var ackUpTo: Int?

    /// - Parameter giveUp: whether a message to retry has used its last delivery and goes to the
    ///   dead-letter queue instead.
    init(_ outcomes: [Outcome], giveUp: (Int) -> Bool) {
        for (i, outcome) in outcomes.enumerated() {
            switch outcome {
            case .poison: deadLetters.append(i)
            case .retry where giveUp(i): deadLetters.append(i)
            case .retry: requeues.append(i)
            default: break
            }
        }
        let acked = outcomes.indices.filter { !requeues.contains($0) }
        ackUpTo = acked.last
    }

    init(deadLetters: [Int], requeues: [Int], ackUpTo: Int?) {
        self.deadLetters = deadLetters
        self.requeues = requeues
        self.ackUpTo = ackUpTo
    }
}
