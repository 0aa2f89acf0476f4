import Contracts
import Foundation
import GRDB
import Logging
import Messaging
import RBNTestSupport
import TestServiceKit

/// Runs the test service and its sink as real processes against the test broker, each with its own
/// store in a temporary directory, and sends them commands.
final class Harness: @unchecked Sendable {
    let name: String
    let sinkName: String
    let directory: String
    let connection: AMQPConnection
    /// The broker the processes use, and the environment that points local-broker at it.
    let uri: String
    let brokerEnvironment: [String: String]
    private(set) var service: ChildProcess?
    private(set) var sink: ChildProcess?

    /// Runs `body` with a new harness and always stops its processes and deletes its queues.
    static func with(
        _ label: String, uri: String? = nil, brokerEnvironment: [String: String] = [:],
        _ body: (Harness) async throws -> Void
    ) async throws {
        let h = try await Harness(label, uri: uri, brokerEnvironment: brokerEnvironment)
        do {
            try await body(h)
        } catch {
            await h.shutDown()
            throw error
        }
        await h.shutDown()
        // Stores and logs stay for a failed test only.
        try? FileManager.default.removeItem(atPath: h.directory)
    }

    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "rbn-testservice"
        ).path
    }

    init(_ label: String, uri: String? = nil, brokerEnvironment: [String: String] = [:]) async throws {
        let id = UUID().uuidString.prefix(6).lowercased()
        name = "ts\(label)\(id)"
        sinkName = "sink\(label)\(id)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-\(name)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let uri = uri ?? ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] else {
            throw TestSetupError("RBN_TEST_AMQP_URL is not set: run the tests with 'make test'")
        }
        self.uri = uri
        self.brokerEnvironment = brokerEnvironment
        var config = try AMQPConfiguration(uri: uri)
        config.reconnectMaxDelay = 1
        config.clientName = "harness-\(name)"
        var logger = Logger(label: "harness") { _ in SwiftLogNoOpLogHandler() }
        logger.logLevel = .critical
        connection = try await AMQPConnection.connect(config, logger: logger)
    }

    func environment(role: String, name: String, http: String = "off") -> [String: String] {
        [
            "RBN_AMQP_URL": uri,
            "RBN_DATA_DIR": directory, "RBN_HTTP_ADDR": http, "RBN_PUBLISHERS": "*", "RBN_LOG_LEVEL": "notice",
            "RBN_TEST_ROLE": role, "RBN_TEST_NAME": name,
        ]
    }

    /// Starts (or restarts) the service and waits until its queue has a consumer.
    func startService(http: String = "off", extra: [String: String] = [:]) async throws {
        service = try ChildProcess(
            Self.binary, environment: environment(role: "service", name: name, http: http).merging(extra) { $1 },
            logPath: "\(directory)/service.log")
        try await waitForConsumer(queue: RBNTopology.commandsQueue(name), process: service!)
    }

    func startSink() async throws {
        sink = try ChildProcess(
            Self.binary, environment: environment(role: "sink", name: sinkName),
            logPath: "\(directory)/sink.log")
        try await waitForConsumer(queue: RBNTopology.eventsQueue(sinkName), process: sink!)
    }

    /// Waits until the process consumes `queue` (declaring it passively until it exists and has a consumer).
    private func waitForConsumer(queue: String, process: ChildProcess) async throws {
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            if let code = await process.wait(timeout: 0) {
                throw TestSetupError("the service exited with \(code): \(process.tail())")
            }
            let out = await Subprocess.run(
                [
                    ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? "false", "ctl", "list_queues", "name",
                    "consumers", "--silent",
                ], environment: brokerEnvironment)
            if out.output.split(separator: "\n").contains(where: { $0.hasPrefix("\(queue)\t") && !$0.hasSuffix("\t0") })
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("\(queue) got no consumer within 90 s: \(process.tail())")
    }

    /// A command envelope as an AMQP message with a chosen id.
    static func command(_ key: String, id: String = UUID().uuidString.lowercased()) throws -> AMQPMessage {
        try EnvelopeCodec.message(for: Envelope(CreateItem(key: key), id: id))
    }

    /// Publishes commands straight to the service's queue, retrying what was not confirmed.
    func send(_ messages: [AMQPMessage]) async throws {
        var pending = messages
        while !pending.isEmpty {
            let chunk = Array(pending.prefix(500))
            pending.removeFirst(chunk.count)
            let results = await connection.publish(
                batch: chunk.map {
                    AMQPPublish(exchange: "", routingKey: RBNTopology.commandsQueue(name), message: $0)
                })
            var failed = false
            for (m, r) in zip(chunk, results) {
                if case .failure(let e) = r {
                    guard e.isRetriable else { throw e }
                    pending.append(m)
                    failed = true
                }
            }
            if failed { try await Task.sleep(for: .milliseconds(200)) }
        }
    }

    /// Sends a command or query over RPC and returns the reply's type and body.
    func call(_ message: AMQPMessage, timeout: Double = 10) async throws -> (type: String, body: Data) {
        let reply = try await connection.call(
            message, exchange: "", routingKey: RBNTopology.commandsQueue(name),
            timeout: timeout)
        return (reply.properties.type ?? "", reply.body)
    }

    func storePath(_ service: String) -> String { "\(directory)/\(service).sqlite" }

    /// Runs a read on a store file (the service may be running: WAL allows a concurrent reader).
    func read<T>(_ service: String, _ body: (Database) throws -> T) throws -> T {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        return try DatabaseQueue(path: storePath(service), configuration: config).read(body)
    }

    /// Waits until `condition` holds for the sink's store, up to `timeout` seconds.
    func waitForSink(timeout: Double = 60, _ condition: (Database) throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if FileManager.default.fileExists(atPath: storePath(sinkName)), (try? read(sinkName, condition)) == true {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    func shutDown() async {
        await service?.stop()
        await sink?.stop()
        for q in ["commands", "events", "dead"] {
            try? await connection.delete(queue: "\(name).\(q)")
            try? await connection.delete(queue: "\(sinkName).\(q)")
        }
        await connection.close()
    }
}
