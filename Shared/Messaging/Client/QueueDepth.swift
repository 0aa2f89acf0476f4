/// What a queue holds: ready messages (not those delivered and unacknowledged) and consumers.
public struct QueueDepth: Sendable, Hashable {
    public var queue: String
    public var messages: Int
    public var consumers: Int

    public init(queue: String, messages: Int, consumers: Int) {
        self.queue = queue
        self.messages = messages
        self.consumers = consumers
    }
}
