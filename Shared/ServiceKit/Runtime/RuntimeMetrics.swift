import Dispatch
import Metrics

/// The runtime's metrics, through swift-metrics (exported in Prometheus text format by the
/// service's HTTP endpoint): messages consumed by outcome, published, failed to publish,
/// handler latency, outbox backlog and inbox size.
struct RuntimeMetrics: Sendable {
    /// What happened to a consumed message.
    enum Outcome: String {
        case handled, duplicate, refused, poison, retried, deadLettered = "dead_lettered"
    }

    let service: String
    let factory: any MetricsFactory

    func consumed(type: String, _ outcome: Outcome) {
        Counter(
            label: "rbn_messages_consumed_total",
            dimensions: [("service", service), ("type", type), ("outcome", outcome.rawValue)], factory: factory
        )
        .increment()
    }

    func published(type: String) {
        Counter(
            label: "rbn_messages_published_total", dimensions: [("service", service), ("type", type)], factory: factory
        )
        .increment()
    }

    func publishFailed(type: String) {
        Counter(
            label: "rbn_messages_publish_failed_total", dimensions: [("service", service), ("type", type)],
            factory: factory
        ).increment()
    }

    func handlerDuration(type: String, nanoseconds: UInt64) {
        Timer(
            label: "rbn_handler_duration_seconds", dimensions: [("service", service), ("type", type)], factory: factory
        )
        .recordNanoseconds(Int64(nanoseconds))
    }

    func outboxBacklog(_ n: Int) {
        Gauge(label: "rbn_outbox_backlog", dimensions: [("service", service)], factory: factory).record(n)
    }

    func inboxSize(_ n: Int) {
        Gauge(label: "rbn_inbox_size", dimensions: [("service", service)], factory: factory).record(n)
    }
}
