import Foundation
import Logging
import Messaging
import ServiceLifecycle

/// The broker side of a service: connects (retrying until the broker is there), declares the
/// topology, runs the outbox relay and one processor per queue, and on shutdown stops consuming,
/// finishes the batches in hand, drains the outbox and closes the connection, in that order.
final class MessagingService: Service, Sendable {
    private let definition: ServiceDefinition
    private let settings: ServiceSettings
    private let store: Store
    private let metrics: RuntimeMetrics
    private let readiness: Readiness
    private let logger: Logger

    init(
        definition: ServiceDefinition, settings: ServiceSettings, store: Store, metrics: RuntimeMetrics,
        readiness: Readiness, logger: Logger
    ) {
        self.definition = definition
        self.settings = settings
        self.store = store
        self.metrics = metrics
        self.readiness = readiness
        self.logger = logger
    }

    func run() async throws {
        guard let connection = await connect() else { return }
        readiness.connected(connection)
        do {
            try await declareTopology(on: connection)
            try await serve(on: connection)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    private func serve(on connection: AMQPConnection) async throws {
        var relaySettings = OutboxRelay.Settings()
        relaySettings.retention = settings.outboxRetentionHours * 3600
        let relay = OutboxRelay(
            store: store, connection: connection, settings: relaySettings, metrics: metrics,
            logger: logger)
        let operations = OperationsHandlers(
            service: definition.name, store: store, queues: queues, readiness: readiness)
        var handlers = definition.handlers
        operations.register(&handlers)
        let key = try await store.write { db in try ServiceKey.load(db) }
        let workers = definition.workers.map {
            (
                $0,
                WorkerContext(
                    store: store, relay: relay, connection: connection, user: settings.amqp.user,
                    service: definition.name, worker: $0.name, logger: logger)
            )
        }
        // Work a handler committed (a mail to send) is picked up at once, not at the worker's next look.
        let contexts = workers.map(\.1)
        let wakeWorkers: @Sendable () -> Void = { for c in contexts { c.wake() } }
        let processors = queues.map { queue in
            MessageProcessor(
                settings: .init(
                    service: definition.name, queue: queue, prefetch: settings.prefetch,
                    deliveryLimit: settings.deliveryLimit, roles: settings.roles,
                    publishers: settings.publishers),
                connection: connection, store: store, handlers: handlers, relay: relay, metrics: metrics,
                readiness: readiness, key: key, afterCommit: wakeWorkers, logger: logger)
        }
        let maintenance = Maintenance(
            store: store, metrics: metrics, inboxRetentionDays: settings.inboxRetentionDays,
            logger: logger)
        let timers = TimerRunner(
            timers: definition.timers, service: definition.name, store: store, relay: relay, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await relay.run() }
            group.addTask { await maintenance.run() }
            group.addTask { await timers.run() }
            group.addTask { await operations.watch(connection) }
            for (worker, context) in workers {
                group.addTask { [logger] in
                    do {
                        try await worker.body(context)
                    } catch {
                        logger.error(
                            "worker stopped", metadata: ["worker": .string(worker.name), "error": "\(error)"])
                    }
                }
            }
            readiness.consuming(true)
            logger.info("consuming", metadata: ["amqp.queues": .string(queues.joined(separator: ","))])
            defer { readiness.consuming(false) }
            do {
                try await withThrowingTaskGroup(of: Void.self) { consumers in
                    for p in processors { consumers.addTask { try await p.run() } }
                    try await consumers.waitForAll()
                }
            } catch {
                for (_, context) in workers { context.stop() }
                operations.stop()
                timers.stop()
                relay.stop()
                maintenance.stop()
                throw error
            }
            for (_, context) in workers { context.stop() }
            operations.stop()
            timers.stop()
            relay.stop()
            maintenance.stop()
            try await group.waitForAll()
        }
    }

    /// The service's queues: commands always (every service answers the operations requests and
    /// takes its replayed dead letters there), events when it has event handlers.
    private var queues: [String] {
        var queues = [RBNTopology.commandsQueue(definition.name)]
        if !definition.handlers.eventRoutingKeys.isEmpty { queues.append(RBNTopology.eventsQueue(definition.name)) }
        return queues
    }

    /// Connects, retrying with backoff while the broker is unreachable; nil if asked to stop first.
    private func connect() async -> AMQPConnection? {
        var amqp = settings.amqp
        amqp.clientName = definition.storeName
        amqp.confirmWindow = max(amqp.confirmWindow, Int(settings.prefetch))
        var delay = 0.2
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                return try await AMQPConnection.connect(amqp, logger: logger)
            } catch {
                logger.warning(
                    "cannot connect to the broker yet",
                    metadata: [
                        "amqp.uri": .string(amqp.redactedURI), "amqp.error": .string(error.description),
                    ])
                try? await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 5)
            }
        }
        return nil
    }

    private func declareTopology(on connection: AMQPConnection) async throws {
        let topology = RBNTopology.service(
            definition.name, eventPatterns: definition.handlers.eventRoutingKeys, deliveryLimit: settings.deliveryLimit,
            singleActiveConsumer: definition.singleActiveConsumer)
        while true {
            let result: Result<Void, AMQPError>
            do {
                try await connection.declare(topology)
                result = .success(())
            } catch {
                result = .failure(error)
            }
            guard case .failure(let error) = result else { return }
            guard error.isRetriable, !Task.isShuttingDownGracefully else { throw error }
            try await Task.sleep(for: .seconds(1))
        }
    }
}
