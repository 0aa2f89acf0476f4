import Messaging

/// How the benchmarks put a round's commands on the broker: all at once, confirmed, in batches of
/// 500 on two lanes, so one batch is on the wire while the other waits for its confirms.
public enum Publishing {
    /// Publishes every message; throws the first failure.
    public static func all(_ messages: [AMQPPublish], on connection: AMQPConnection) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<2 {
                group.addTask {
                    for first in stride(from: lane * 500, to: messages.count, by: 1000) {
                        let batch = Array(messages[first..<min(first + 500, messages.count)])
                        for r in await connection.publish(batch: batch) { try r.get() }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
