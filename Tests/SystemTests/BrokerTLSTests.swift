import Foundation
import RBNTestSupport
import Testing

/// A service and rbnctl over amqps://, against the test broker's TLS listener with a throwaway CA
/// (scripts/make-test-certs; deploy/rabbitmq/tls.conf is the same for a real broker).
@Suite("Services over TLS", .hangGuard)
struct BrokerTLSTests {
    @Test func theRegistryRunsOverAMQPS() async throws {
        guard let tls = ProcessInfo.processInfo.environment["RBN_TEST_AMQPS_URL"] else {
            throw TestSetupError("RBN_TEST_AMQPS_URL is not set: run the tests with 'make test'")
        }
        try await SystemUnderTest.with(services: [], registry: false) { sys in
            // The same listener, in this system's virtual host.
            let parts = tls.split(separator: "?", maxSplits: 1)
            let url = "\(parts[0])/\(sys.vhost)?\(parts.count > 1 ? parts[1] : "")"
            try sys.start("registry", url: url)
            let asCtl = ["RBN_AMQP_URL": url]
            let seeded = try await sys.retryWhileUnavailable(
                ["registry", "seed", "\(SystemUnderTest.repository)/seeds", "--timeout", "60"], environment: asCtl)
            #expect(seeded.status == 0, "\(seeded.stderr)")
            let networks = try await sys.run("rbnctl", ["registry", "networks"], environment: asCtl)
            #expect(networks.stdout.contains("kreis-lippe"))
            // The broker sees the service's connection as TLS.
            // (list_connections shows every virtual host: only this one's lines count.)
            let connections = try await sys.ctl(["list_connections", "vhost", "ssl", "ssl_protocol", "--quiet"])
            let lines = connections.split(separator: "\n").filter { $0.hasPrefix("\(sys.vhost)\t") }
                .map { $0.dropFirst(sys.vhost.count + 1) }
            #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("true") }, "\(connections)")
        }
    }
}
