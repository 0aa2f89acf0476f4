import CLIKit
import Contracts
import Foundation
import RBNTestSupport
import RegistryService

/// The registry in a ``ServiceHarness``.
typealias RegistryHarness = ServiceHarness

extension ServiceHarness {
    /// Runs `body` with a started registry.
    static func with(_ body: (ServiceHarness) async throws -> Void) async throws {
        try await with(
            service: Registry.service, events: "registry.#", { RegistryService.definition(name: $0) },
            ready: { h in _ = try await h.query(Registry.ListNetworks(), as: Registry.NetworkList.self, timeout: 1) },
            body)
    }

    /// A CLI client whose requests reach this registry, and whose events ``emitted(expecting:timeout:)`` counts.
    func client() async throws -> RequestClient {
        try await RequestClient.connect(
            url: ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] ?? "", clientName: "test-cli", timeout: 10,
            routes: [Registry.service: name]
        ) { [self] id in track(id) }
    }
}
