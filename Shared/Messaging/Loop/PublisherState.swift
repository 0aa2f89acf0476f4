import Foundation

/// Publishes on the confirm-mode channel: a queue of messages waiting for a slot in the confirm
/// window, and the messages sent and not yet confirmed, by delivery tag.
struct PublisherState {
    struct Entry {
        let publish: AMQPPublish
        let waiter: PublishWaiter
        let index: Int
        let deadline: UInt64
        var returned: AMQPError?
    }

    private(set) var waiting: [Entry] = []
    private var waitingHead = 0
    private var outstanding: [UInt64: Entry] = [:]
    private var lowestTag: UInt64 = 1
    private(set) var nextTag: UInt64 = 1

    var outstandingCount: Int { outstanding.count }
    var hasWaiting: Bool { waitingHead < waiting.count }

    mutating func enqueue(_ items: [AMQPPublish], waiter: PublishWaiter, timeout: Double) {
        let deadline = Monotonic.after(timeout)
        for (i, p) in items.enumerated() {
            waiting.append(Entry(publish: p, waiter: waiter, index: i, deadline: deadline))
        }
    }

    /// The next message to send, if the window has room.
    mutating func nextToSend(window: Int) -> Entry? {
        guard hasWaiting, outstanding.count < window else { return nil }
        let e = waiting[waitingHead]
        waitingHead += 1
        if waitingHead > 1024 && waitingHead * 2 > waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
        return e
    }

    /// Records a sent message under the next delivery tag.
    mutating func sent(_ e: Entry) {
        outstanding[nextTag] = e
        nextTag += 1
    }

    /// Marks the oldest unconfirmed message that matches a `basic.return` as unroutable.
    mutating func markReturned(exchange: String, routingKey: String, message: AMQPMessage, error: AMQPError) {
        var tag = lowestTag
        var fallback: UInt64?
        while tag < nextTag {
            if let e = outstanding[tag], e.returned == nil, e.publish.exchange == exchange,
                e.publish.routingKey == routingKey
            {
                if let id = message.properties.messageID, e.publish.message.properties.messageID == id {
                    outstanding[tag]!.returned = error
                    return
                }
                if fallback == nil && e.publish.message.body == message.body { fallback = tag }
            }
            tag += 1
        }
        if let fallback { outstanding[fallback]!.returned = error }
    }

    /// Completes the messages a `basic.ack` or `basic.nack` covers.
    mutating func confirm(tag: UInt64, multiple: Bool, nacked: Bool) {
        func finish(_ t: UInt64) {
            guard let e = outstanding.removeValue(forKey: t) else { return }
            let result: Result<Void, AMQPError>
            if let returned = e.returned {
                result = .failure(returned)
            } else if nacked {
                result = .failure(AMQPError(.nacked, "the broker refused the message (basic.nack)"))
            } else {
                result = .success(())
            }
            e.waiter.complete(e.index, result)
        }
        if multiple {
            var t = lowestTag
            while t <= tag { finish(t); t += 1 }
        } else {
            finish(tag)
        }
        advanceLowest()
    }

    private mutating func advanceLowest() {
        while lowestTag < nextTag && outstanding[lowestTag] == nil { lowestTag += 1 }
    }

    /// Fails every message whose confirm did not come in time.
    mutating func expire(now: UInt64) {
        while lowestTag < nextTag, let e = outstanding[lowestTag], e.deadline <= now {
            outstanding[lowestTag] = nil
            e.waiter.complete(e.index, .failure(AMQPError(.timeout, "the broker did not confirm the message in time")))
            advanceLowest()
        }
        while hasWaiting, waiting[waitingHead].deadline <= now {
            let e = waiting[waitingHead]
            waitingHead += 1
            e.waiter.complete(e.index, .failure(AMQPError(.timeout, "no room in the confirm window in time")))
        }
    }

    /// Fails everything sent and not confirmed; after a lost channel or connection.
    mutating func failOutstanding(_ error: AMQPError) {
        for tag in outstanding.keys.sorted() {
            let e = outstanding[tag]!
            e.waiter.complete(e.index, .failure(error))
        }
        outstanding.removeAll()
    }

    /// Fails everything, sent or waiting.
    mutating func failAll(_ error: AMQPError) {
        failOutstanding(error)
        while hasWaiting {
            let e = waiting[waitingHead]
            waitingHead += 1
            e.waiter.complete(e.index, .failure(error))
        }
        waiting.removeAll()
        waitingHead = 0
    }

    /// Starts counting delivery tags from 1 again, for a newly opened confirm channel.
    mutating func resetTags() {
        precondition(outstanding.isEmpty)
        nextTag = 1
        lowestTag = 1
    }
}
