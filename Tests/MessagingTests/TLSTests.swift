import Foundation
import Messaging
import RBNTestSupport
import Testing

/// amqps:// against the test broker's TLS listener, which `make test` sets up with a throwaway CA.
@Suite(
    "TLS connections",
    .enabled(
        if: ProcessInfo.processInfo.environment["RBN_TEST_AMQPS_URL"] != nil,
        "RBN_TEST_AMQPS_URL is set by make test when it starts its own broker"))
struct TLSTests {
    static var uri: String { ProcessInfo.processInfo.environment["RBN_TEST_AMQPS_URL"] ?? "" }
    static var dir: String { ProcessInfo.processInfo.environment["RBN_TEST_TLS_DIR"] ?? "" }

    @Test func roundTripWithClientCertificate() async throws {
        var config = try AMQPConfiguration(uri: Self.uri)
        #expect(config.tls?.certificateFile != nil && config.tls?.verifyPeer == true)
        config.clientName = "test-tls-\(UUID().uuidString.prefix(8))"
        let conn = try await AMQPConnection.connect(config, logger: TestBroker.logger)
        defer { Task { await conn.close() } }
        let queue = TestBroker.uniqueName("tls")
        try await conn.declare(Topology(queues: [.quorum(queue)]))
        try await conn.publish(.text("über TLS", id: "t1"), exchange: "", routingKey: queue)
        let got = await collect(try await conn.consume(queue: queue), count: 1)
        #expect(got.first.map { String(decoding: $0.body, as: UTF8.self) } == "über TLS")
        try await conn.delete(queue: queue)
    }

    @Test func untrustedBrokerCertificateIsRefused() async throws {
        var config = try AMQPConfiguration(uri: Self.uri)
        config.tls?.caCertificateFile = Self.dir + "/other-ca.pem"
        await #expect { _ = try await AMQPConnection.connect(config, logger: TestBroker.logger) } throws: {
            ($0 as? AMQPError)?.code == .connectionFailed
        }
    }

    @Test func verifyNoneAcceptsAnyCertificate() async throws {
        var config = try AMQPConfiguration(uri: Self.uri + "&verify=verify_none")
        config.tls?.caCertificateFile = Self.dir + "/other-ca.pem"
        let conn = try await AMQPConnection.connect(config, logger: TestBroker.logger)
        #expect(conn.isConnected)
        await conn.close()
    }

    @Test func missingCertificateFileIsAClearError() async throws {
        var config = try AMQPConfiguration(uri: Self.uri)
        config.tls?.caCertificateFile = "/nonexistent/ca.pem"
        await #expect { _ = try await AMQPConnection.connect(config, logger: TestBroker.logger) } throws: { error in
            let e = error as? AMQPError
            return e?.code == .invalidConfiguration && e?.message.contains("/nonexistent/ca.pem") == true
        }
    }
}
