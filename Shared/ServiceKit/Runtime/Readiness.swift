import Messaging
import Synchronization

/// What `/health/ready` checks: the broker connection, the store, and that consumers run.
final class Readiness: Sendable {
    private struct State {
        var connection: AMQPConnection?
        var consuming = false
    }
    private let state = Mutex(State())
    private let store: Store

    init(store: Store) {
        self.store = store
    }

    func connected(_ connection: AMQPConnection) { state.withLock { $0.connection = connection } }
    func consuming(_ on: Bool) { state.withLock { $0.consuming = on } }

    /// Empty when ready; otherwise what is wrong, in words.
    func problems() async -> [String] {
        var problems: [String] = []
        let (connection, consuming) = state.withLock { ($0.connection, $0.consuming) }
        if connection?.isConnected != true { problems.append("not connected to the broker") }
        if !consuming { problems.append("not consuming") }
        if await !store.isHealthy() { problems.append("the store does not answer") }
        return problems
    }
}
