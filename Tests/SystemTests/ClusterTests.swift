import Foundation
import RBNTestSupport
import Testing

/// deploy/rabbitmq/cluster: three nodes on this host; a service's quorum queues are replicated on
/// all three, the suite keeps working while a node is down, and the node catches up when it returns.
@Suite("A 3-node broker cluster", .hangGuard)
struct ClusterTests {
    /// The cluster script with a state directory, node names and ports of this test's own.
    struct Cluster {
        let directory: String
        let name: String
        let port = 5781

        func run(_ args: [String]) async -> Subprocess.Outcome {
            let r = await Subprocess.run(
                [
                    "/usr/bin/env", "RBN_CLUSTER_DIR=\(directory)", "RBN_CLUSTER_NAME=\(name)",
                    "RBN_CLUSTER_PORT=\(port)", "\(SystemUnderTest.repository)/deploy/rabbitmq/cluster",
                ] + args)
            return r
        }

        func url(_ node: Int) -> String { "amqp://guest:guest@127.0.0.1:\(port + node - 1)" }

        /// Each queue's online members, by `rabbitmqctl list_queues`.
        func online() async throws -> [String: Int] {
            let r = await run(["ctl", "list_queues", "name", "online", "--formatter", "json"])
            guard r.status == 0, let start = r.output.firstIndex(of: "["),
                let rows = try JSONSerialization.jsonObject(with: Data(r.output[start...].utf8)) as? [[String: Any]]
            else { throw TestSetupError("list_queues failed: \(r.output)") }
            return Dictionary(
                uniqueKeysWithValues: rows.map { ($0["name"] as? String ?? "", ($0["online"] as? [Any])?.count ?? 0) })
        }
    }

    @Test func quorumQueuesSurviveANodeAndCatchUp() async throws {
        let id = UUID().uuidString.prefix(4).lowercased()
        let cluster = Cluster(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent("cluster-\(id)").path,
            name: "rbn-t\(id)-")
        let up = await cluster.run(["up"])
        do {
            try await exercise(cluster, up: up)
        } catch {
            _ = await cluster.run(["down"])
            try? FileManager.default.removeItem(atPath: cluster.directory)
            throw error
        }
        _ = await cluster.run(["down"])
        try? FileManager.default.removeItem(atPath: cluster.directory)
    }

    private func exercise(_ cluster: Cluster, up: Subprocess.Outcome) async throws {
        #expect(up.status == 0, "\(up.output)")
        let nodes = up.output.split(separator: "\n").filter { $0.hasPrefix(cluster.name) && $0.hasSuffix(" running") }
        #expect(nodes.count == 3, "\(up.output)")

        // The registry on node 1; rbnctl through node 2.
        let data = "\(cluster.directory)/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let registry = try ChildProcess(
            "\(SystemUnderTest.binaries)/registry",
            environment: [
                "RBN_AMQP_URL": cluster.url(1), "RBN_DATA_DIR": data, "RBN_HTTP_ADDR": "off", "RBN_OPERATORS": "guest",
                "RBN_PUBLISHERS": "*",
            ],
            logPath: "\(cluster.directory)/registry.log")
        defer { registry.signal(SIGKILL) }
        func networks() async -> Int32 {
            await Subprocess.run(
                ["\(SystemUnderTest.binaries)/rbnctl", "registry", "networks", "--timeout", "10"],
                environment: ["RBN_AMQP_URL": cluster.url(2)]
            ).status
        }
        let answered = await eventually(every: .milliseconds(500), until: { $0 == 0 }) { await networks() }
        #expect(answered == 0)
        #expect(try await cluster.online()["registry.commands"] == 3, "replicated on every node")

        // Node 3 crashes: the queues keep a majority and the registry keeps answering.
        #expect(await cluster.run(["kill", "3"]).status == 0)
        #expect(await cluster.run(["status"]).output.contains("down"))
        #expect(await networks() == 0)
        #expect(try await cluster.online()["registry.commands"] == 2)

        // It comes back and its replicas catch up.
        #expect(await cluster.run(["start", "3"]).status == 0)
        let online = try await eventually(every: .milliseconds(500), until: { $0 == 3 }) {
            try await cluster.online()["registry.commands"] ?? 0
        }
        #expect(online == 3)
        #expect(await networks() == 0)
    }
}
