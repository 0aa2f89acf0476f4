import GRDB

/// Everything that makes a service itself: its names, its store's migrations and its handlers.
/// The runtime supplies the rest.
public struct ServiceDefinition: Sendable {
    /// The broker name: queues `<name>.commands`, `<name>.events`, `<name>.dead`; e.g. `supportdesk`.
    public var name: String
    /// The process and store name: `<storeName>.sqlite`; e.g. `support-desk`.
    public var storeName: String
    /// One line for `--help`.
    public var summary: String
    /// The health and metrics port when `http.addr` is not set.
    public var defaultHTTPPort: Int
    public var handlers: HandlerRegistry
    /// Registers the store's migrations, in order.
    public var migrations: @Sendable (inout DatabaseMigrator) -> Void
    /// One consumer per queue at a time, where order per aggregate matters.
    public var singleActiveConsumer: Bool
    /// Work on a clock (SLA checks, expiries), each run in its own transaction.
    public var timers: [ServiceTimer]
    /// Work beside the consumers that must leave the transaction (sending mail), while connected.
    public var workers: [ServiceWorker] = []
    /// How much of the store file readers map into memory (see ``Store/init(directory:name:synchronous:busyTimeout:mappedBytes:migrations:)``):
    /// worth it for a store searched across (the support desk's tickets), not for one read a
    /// batch at a time, whose mapped pages would only swell the process's resident memory.
    public var mappedStoreBytes = 256 << 20
    /// Settings of the service's own, read like the runtime's (flags, `RBN_*`, the config file) and
    /// listed by `--help`.
    public var settingsKeys: [ServiceSettings.Key] = []
    /// Builds the service from its settings once they are read; a thrown ``SettingsError`` ends the
    /// start with its message (exit 2).
    public var configure: (@Sendable (ServiceSettings) throws(SettingsError) -> ServiceDefinition)?

    public init(
        name: String, storeName: String, summary: String, defaultHTTPPort: Int, handlers: HandlerRegistry,
        singleActiveConsumer: Bool = true, timers: [ServiceTimer] = [],
        migrations: @escaping @Sendable (inout DatabaseMigrator) -> Void
    ) {
        self.timers = timers
        self.name = name
        self.storeName = storeName
        self.summary = summary
        self.defaultHTTPPort = defaultHTTPPort
        self.handlers = handlers
        self.singleActiveConsumer = singleActiveConsumer
        self.migrations = migrations
    }
}
