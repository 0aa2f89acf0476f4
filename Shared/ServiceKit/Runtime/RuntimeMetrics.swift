import Metrics
import Synchronization

/// The runtime's metrics, through swift-metrics (exported in Prometheus text format by the
/// service's HTTP endpoint): messages consumed by outcome, published, failed to publish,
/// handler latency, outbox backlog and inbox size. Metric handles are made once per label set.
final class RuntimeMetrics: Sendable {
    /// What happened to a consumed message.
    enum Outcome: String {
        case handled, duplicate, refused, poison, retried, deadLettered = "dead_lettered"
    }

    let service: String
    let factory: any MetricsFactory
    private let counters = Mutex<[CounterKey: Counter]>([:])

    /// A counter's label and dimension values, hashed as they are (no string built per message).
    private struct CounterKey: Hashable {
        let label: String
        let type: String
        let outcome: String?
    }
    private let timers = Mutex<[String: Timer]>([:])

    init(service: String, factory: any MetricsFactory) {
        self.service = service
        self.factory = factory
    }

    func consumed(type: String, _ outcome: Outcome) {
        counter("rbn_messages_consumed_total", type: type, outcome: outcome.rawValue).increment()
    }

    func published(type: String) {
        counter("rbn_messages_published_total", type: type).increment()
    }

    func publishFailed(type: String) {
        counter("rbn_messages_publish_failed_total", type: type).increment()
    }

    func handlerDuration(type: String, nanoseconds: UInt64) {
        let timer = timers.withLock { timers in
            if let t = timers[type] { return t }
            let t = Timer(
                label: "rbn_handler_duration_seconds", dimensions: [("service", service), ("type", type)],
                factory: factory)
            timers[type] = t
            return t
        }
        timer.recordNanoseconds(Int64(nanoseconds))
    }

    func outboxBacklog(_ n: Int) {
        Gauge(label: "rbn_outbox_backlog", dimensions: [("service", service)], factory: factory).record(n)
    }

    func inboxSize(_ n: Int) {
        Gauge(label: "rbn_inbox_size", dimensions: [("service", service)], factory: factory).record(n)
    }

    private func counter(_ label: String, type: String, outcome: String? = nil) -> Counter {
        let key = CounterKey(label: label, type: type, outcome: outcome)
        return counters.withLock { counters in
            if let c = counters[key] { return c }
            let dimensions = [("service", service), ("type", type)] + (outcome.map { [("outcome", $0)] } ?? [])
            let c = Counter(label: label, dimensions: dimensions, factory: factory)
            counters[key] = c
            return c
        }
    }
}
