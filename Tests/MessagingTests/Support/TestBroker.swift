import Foundation
import Logging
import Messaging
import RBNTestSupport
import Testing

/// The broker the integration tests talk to: `RBN_TEST_AMQP_URL`, which `make test` sets after
/// starting a throwaway node.
enum TestBroker {
    static var uri: String {
        get throws {
            guard let uri = ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"], !uri.isEmpty else {
                throw TestSetupError(
                    "RBN_TEST_AMQP_URL is not set: run the tests with 'make test', which starts a broker")
            }
            return uri
        }
    }

    static func configuration(name: String = #function, heartbeat: Int = 10) throws -> AMQPConfiguration {
        var c = try AMQPConfiguration(uri: uri)
        c.clientName = "test-\(name.prefix(while: { $0 != "(" }))-\(UUID().uuidString.prefix(8))"
        c.heartbeat = heartbeat
        c.reconnectInitialDelay = 0.05
        c.reconnectMaxDelay = 1
        return c
    }

    static func connect(name: String = #function, heartbeat: Int = 10) async throws -> AMQPConnection {
        try await AMQPConnection.connect(configuration(name: name, heartbeat: heartbeat), logger: logger)
    }

    static let logger: Logger = {
        var l = Logger(label: "test.amqp") { _ in SwiftLogNoOpLogHandler() }
        l.logLevel = .critical
        return l
    }()

    /// A queue name no other test uses.
    static func uniqueName(_ prefix: String) -> String { "test.\(prefix).\(UUID().uuidString.prefix(8))" }
}

/// Runs `deploy/rabbitmq/local-broker` for the test broker, e.g. `ctl list_connections`.
enum BrokerControl {
    /// Runs the script on a thread of its own and returns its output; throws with the output when
    /// it fails.
    @discardableResult
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> String {
        guard let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] else {
            throw TestSetupError("RBN_BROKER_CTL is not set: run the tests with 'make test'")
        }
        let result = await Subprocess.run([ctl] + arguments, environment: extra)
        guard result.status == 0 else {
            throw TestSetupError("local-broker \(arguments.joined(separator: " ")) failed: \(result.output)")
        }
        return result.output
    }

    /// The broker's view of the connections with this client name: pid and negotiated heartbeat.
    static func connections(named name: String) async throws -> [(pid: String, heartbeat: Int)] {
        let listing = try await run(["ctl", "list_connections", "pid", "timeout", "client_properties", "--silent"])
        return listing.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t")
            guard fields.count >= 3, fields[2].contains("{\"connection_name\",\"\(name)\"}") else { return nil }
            return (String(fields[0]), Int(fields[1]) ?? -1)
        }
    }

    /// Closes the broker side of every connection with this client name; returns how many.
    static func closeConnections(named name: String) async throws -> Int {
        let found = try await connections(named: name)
        for c in found { try await run(["ctl", "close_connection", c.pid, "closed by test"]) }
        return found.count
    }
}

extension AMQPMessage {
    static func text(_ s: String, id: String? = nil, headers: AMQPTable = [:]) -> AMQPMessage {
        AMQPMessage(
            body: Data(s.utf8), properties: AMQPProperties(contentType: "text/plain", headers: headers, messageID: id))
    }
}

/// Takes deliveries from a new collector until `count` arrived or `timeout` passed.
func collect(_ consumer: AMQPConsumer, count: Int, timeout: Double = 120, ack: Bool = true) async -> [AMQPDelivery] {
    let collector = Collector(consumer, ack: ack)
    let items = await collector.wait(for: count, timeout: timeout)
    return Array(items.prefix(count))
}
