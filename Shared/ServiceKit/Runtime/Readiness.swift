import Messaging
import Synchronization

/// What `/health/ready` checks: the broker connection, the store, and that consumers run.
final class Readiness: Sendable {
    private struct State {
        var connection: AMQPConnection?
        var consuming = false
        /// Store outages by the queue whose batch they hold up.
        var outages: [String: String] = [:]
    }
    private let state = Mutex(State())
    private let store: Store

    init(store: Store) {
        self.store = store
    }

    func connected(_ connection: AMQPConnection) { state.withLock { $0.connection = connection } }
    func consuming(_ on: Bool) { state.withLock { $0.consuming = on } }
    /// A queue's batch cannot be committed because the store cannot write (`reason`), or, with
    /// `nil`, can again.
    func storeOutage(_ reason: String?, queue: String) { state.withLock { $0.outages[queue] = reason } }

    /// Empty when ready; otherwise what is wrong, in words.
    func problems() async -> [String] {
        var problems: [String] = []
        let (connection, consuming, outages) = state.withLock { ($0.connection, $0.consuming, $0.outages) }
        if connection?.isConnected != true { problems.append("not connected to the broker") }
        if !consuming { problems.append("not consuming") }
        if let reason = outages.values.sorted().first { problems.append("the store cannot write: \(reason)") }
        if await !store.isHealthy() { problems.append("the store does not answer") }
        return problems
    }
}
