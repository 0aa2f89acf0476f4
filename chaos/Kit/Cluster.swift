import Foundation
import Glibc
import Messaging
import RBNTestSupport

/// Scenario 3's cluster: three nodes of this run's own, on ports 5791 to 5793.
struct Cluster {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
        "rbn-chaos-cluster-\(UUID().uuidString.prefix(6).lowercased())"
    ).path
    let prefix = "rbn-chaos-c"
    let base = 5791
    var url: String { "amqp://guest:guest@" + (0..<3).map { "127.0.0.1:\(base + $0)" }.joined(separator: ",") }

    func run(_ args: [String]) async -> Subprocess.Outcome {
        await Subprocess.run(
            [
                "/usr/bin/env", "RBN_CLUSTER_DIR=\(root)", "RBN_CLUSTER_NAME=\(prefix)", "RBN_CLUSTER_PORT=\(base)",
                "\(SystemUnderTest.repository)/deploy/rabbitmq/cluster",
            ] + args)
    }

    /// The environment that points local-broker (and so the system's rabbitmqctl) at node `i`.
    func node(_ i: Int) -> [String: String] {
        [
            "RBN_BROKER_NAME": "\(prefix)\(i)", "RBN_BROKER_PORT": "\(base + i - 1)",
            "RBN_BROKER_DIR": "\(root)/\(prefix)\(i)",
        ]
    }

    /// The node (1 to 3) leading a queue of `vhost`, asking whichever node answers.
    func leader(of queue: String, vhost: String) async -> Int? {
        let ctl = "\(SystemUnderTest.repository)/deploy/rabbitmq/local-broker"
        for i in 1...3 {
            let r = await Subprocess.run(
                [ctl, "ctl", "list_queues", "-p", vhost, "name", "leader", "--quiet"], environment: node(i))
            guard r.status == 0 else { continue }
            let line = r.output.split(separator: "\n").first { $0.hasPrefix("\(queue)\t") } ?? ""
            return (1...3).first { line.hasSuffix("\t\(prefix)\($0)@localhost") }
        }
        return nil
    }
}

/// Scenario 3: kills the node leading the busiest queue `count` times during the load, starting it
/// again each time; the nodes killed.
func clusterFaults(_ sys: SystemUnderTest, _ cluster: Cluster, count: Int, over seconds: Double) async throws -> [Int] {
    var killed: [Int] = []
    for _ in 0..<count {
        try await Task.sleep(for: .seconds(Double.random(in: 1...max(2, seconds / Double(max(1, count))))))
        guard let leader = await cluster.leader(of: RBNTopology.eventsQueue("notification"), vhost: sys.vhost) else {
            throw ChaosError("no node of the cluster says which leads notification.events")
        }
        let r = await cluster.run(["kill", "\(leader)"])
        guard r.status == 0 else { throw ChaosError("could not kill node \(leader): \(r.output)") }
        debug("cluster: killed node \(leader), the leader of notification.events")
        killed.append(leader)
        try await Task.sleep(for: .seconds(3))
        let started = await cluster.run(["start", "\(leader)"])
        guard started.status == 0 else { throw ChaosError("node \(leader) did not start again: \(started.output)") }
        debug("cluster: node \(leader) back")
    }
    return killed
}

func clusterScenario(_ o: Options) async throws -> (Tally, killed: [Int]) {
    let cluster = Cluster()
    let up = await cluster.run(["up"])
    defer {
        _ = Subprocess.runBlocking([
            "/usr/bin/env", "RBN_CLUSTER_DIR=\(cluster.root)", "RBN_CLUSTER_NAME=\(cluster.prefix)",
            "RBN_CLUSTER_PORT=\(cluster.base)", "\(SystemUnderTest.repository)/deploy/rabbitmq/cluster", "down",
        ])
        try? FileManager.default.removeItem(atPath: cluster.root)
    }
    guard up.status == 0 else { throw ChaosError("the cluster did not come up: \(up.output)") }
    // The system takes its broker from the environment: all three nodes for the services and
    // CLIs, node 1 for rabbitmqctl. Put back afterwards, for the scenarios that follow.
    let saved = ["RBN_TEST_AMQP_URL", "RBN_BROKER_NAME", "RBN_BROKER_PORT", "RBN_BROKER_DIR", "RBN_BROKER_CTL"].map {
        ($0, ProcessInfo.processInfo.environment[$0])
    }
    defer { for (k, v) in saved { if let v { setenv(k, v, 1) } else { unsetenv(k) } } }
    setenv("RBN_TEST_AMQP_URL", cluster.url, 1)
    setenv("RBN_BROKER_CTL", "\(SystemUnderTest.repository)/deploy/rabbitmq/local-broker", 1)
    for (k, v) in cluster.node(1) { setenv(k, v, 1) }
    var result = (Tally(), killed: [Int]())
    try await SystemUnderTest.with(services: Array(services.dropFirst())) { sys in
        let eveningID = try await SuiteLoad.evening(sys)
        let run = "cluster\(UUID().uuidString.prefix(6).lowercased())"
        let seconds = Double(o.commands) / 200
        async let killed = clusterFaults(sys, cluster, count: o.faults, over: seconds)
        try await load(sys, run: run, commands: o.commands, eveningID: eveningID, seconds: seconds)
        result.killed = try await killed
        result.0 = try await settle(sys, run: run, commands: o.commands)
        if result.0.lost > 0 { for s in services { debug("\(s):\n\(sys.tail(s))") } }
    }
    return result
}
