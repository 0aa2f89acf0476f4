// rbn-chaos: the suite's promises under faults, with real processes and a real broker. A load of
// commands (tickets opened, parents registered for an evening) goes in while a fault hits the
// services; afterwards each store and the mail folder are counted. One line per scenario:
//
//   kill: 20000 sent, 20000 handled, 0 lost, 0 doubled
//
// and exit status 1 when anything was lost or doubled.
//
//   rbn-chaos [--scenario kill|broker|cluster|term|poison|disk|all] [--commands N (20,000)] [--faults N (5)]
//
// Scenarios (numbers of issue 10): 1 `kill`: every service SIGKILLed `--faults` times at random
// moments and restarted; 2 `broker`: the broker node stopped and started again `--faults` times
// during the load (services, and the load generator, reconnect by themselves); 3 `cluster`: the
// suite on a 3-node cluster of its own (deploy/rabbitmq/cluster), every service given all three
// nodes, and the node leading the busiest quorum queue (notification.events, which every
// operation's event and every other event of the suite goes through) SIGKILLed `--faults` times
// during the load and started again; 4 `poison`: one poison message (malformed, wrong version, oversized,
// unknown type, wrong content type) per ten good commands, all of which must end in the
// support desk's dead-letter queue with a reason while every good one is handled; 5 `term`: every
// service stopped with SIGTERM during the load and restarted; 6 `disk`: the support desk's store on
// a small file system of its own (tmpfs: needs root), filled up during the load until the service
// reports not ready on /health/ready, then freed; it must be ready again and have lost nothing.
//
// Runs under scripts/with-test-broker (make chaos), each scenario in a virtual host of its own.
// RBN_CHAOS_DEBUG=1 prints each fault, and the counts (tickets, registrations, mails) as they settle.
import Contracts
import Foundation
import Logging
import Messaging
import RBNTestSupport

struct Options {
    static let all = ["kill", "broker", "cluster", "term", "poison", "disk"]
    var scenarios = Options.all
    var commands = 20_000
    var faults = 5

    init(_ args: [String]) throws {
        var i = 0
        while i < args.count {
            let arg = args[i]
            guard i + 1 < args.count else { throw ChaosError("\(arg) needs a value; see chaos/main.swift") }
            let value = args[i + 1]
            switch arg {
            case "--scenario": scenarios = value == "all" ? Options.all : [value]
            case "--commands": commands = Int(value) ?? 0
            case "--faults": faults = Int(value) ?? -1
            default: throw ChaosError("unknown option \(arg); see chaos/main.swift")
            }
            i += 2
        }
        guard scenarios.allSatisfy({ Options.all.contains($0) }) else {
            throw ChaosError("--scenario is \(Options.all.joined(separator: ", ")) or all")
        }
        guard commands > 0, faults >= 0 else { throw ChaosError("--commands and --faults are positive numbers") }
    }
}

struct ChaosError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// With RBN_CHAOS_DEBUG set, a line on standard error.
func debug(_ line: String) {
    guard ProcessInfo.processInfo.environment["RBN_CHAOS_DEBUG"] != nil else { return }
    FileHandle.standardError.write(Data("\(line)\n".utf8))
}

/// What a scenario came to: commands sent, and effects found once per command.
struct Tally {
    var sent = 0
    var handled = 0
    var lost = 0
    var doubled = 0
    /// Every row and mail found, to tell whether anything still moves.
    var progress = 0
    var line: String { "\(sent) sent, \(handled) handled, \(lost) lost, \(doubled) doubled" }
}

let services = ["registry", "support-desk", "training", "notification"]

/// The load: tickets opened and parents registered, alternating, spread over `seconds`.
func load(_ sys: SystemUnderTest, run: String, commands: Int, eveningID: Int, seconds: Double) async throws {
    let quiet = Logger(label: "chaos") { _ in SwiftLogNoOpLogHandler() }
    let connection = try await AMQPConnection.connect(try AMQPConfiguration(uri: sys.brokerURL()), logger: quiet)
    let chunk = 20
    let pause = seconds / Double(max(1, commands / chunk))
    for start in stride(from: 0, to: commands, by: chunk) {
        let batch = try (start..<min(commands, start + chunk)).map {
            try SuiteLoad.command($0, run: run, eveningID: eveningID)
        }
        // Every command is confirmed by the broker, or sent again: the sender's part of "never lost".
        var pending = batch
        while !pending.isEmpty {
            let results = await connection.publish(batch: pending)
            pending = zip(pending, results).compactMap { p, r in
                if case .failure = r { return p }
                return nil
            }
            if !pending.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
        }
        try await Task.sleep(for: .seconds(pause))
    }
    await connection.close()
}

/// Counts each command's effects: its ticket or registration in the store, and its one mail.
/// `desk`: the support desk's data directory, when it is not the system's.
func count(_ sys: SystemUnderTest, run: String, commands: Int, desk: String? = nil) -> Tally {
    func rows(_ store: String, _ sql: String) -> (all: Int, distinct: Int) {
        let directory = store == "support-desk" ? desk ?? sys.directory : sys.directory
        let r = Subprocess.run(["sqlite3", "-readonly", "\(directory)/\(store).sqlite", sql])
        let parts = r.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").compactMap {
            Int($0)
        }
        return parts.count == 2 ? (parts[0], parts[1]) : (0, 0)
    }
    let tickets = rows(
        "support-desk", "SELECT count(*), count(DISTINCT title) FROM tickets WHERE title LIKE '\(run)-%'")
    let registrations = rows(
        "training", "SELECT count(*), count(DISTINCT email) FROM registrations WHERE email LIKE '\(run)-%'")
    let mails = SuiteLoad.mails(in: "\(sys.directory)/maildir/new", run: run)
    debug("tickets \(tickets), registrations \(registrations), mails \(mails.count)")
    var t = Tally(sent: commands)
    let effects = tickets.distinct + registrations.distinct
    let mailed = mails.count
    t.handled = min(effects, mailed)
    t.progress = tickets.all + registrations.all + mails.values.reduce(0, +)
    t.lost = commands - t.handled
    t.doubled =
        (tickets.all - tickets.distinct) + (registrations.all - registrations.distinct)
        + mails.values.reduce(0) { $0 + max(0, $1 - 1) }
    return t
}

/// Waits until every command has its effects, or nothing moved (in a store or the mail folder)
/// for 30 s.
func settle(_ sys: SystemUnderTest, run: String, commands: Int, desk: String? = nil) async throws -> Tally {
    var last = count(sys, run: run, commands: commands, desk: desk)
    var still = ContinuousClock.now
    while last.handled < commands, ContinuousClock.now - still < .seconds(30) {
        try await Task.sleep(for: .seconds(1))
        let now = count(sys, run: run, commands: commands, desk: desk)
        if now.progress != last.progress { still = ContinuousClock.now }
        last = now
    }
    // A moment more: a doubled effect would come after the last expected one.
    try await Task.sleep(for: .seconds(2))
    return count(sys, run: run, commands: commands, desk: desk)
}

/// The faults, spread over the load: each service `faults` times, in random order; or the broker
/// restarted `faults` times.
func faults(_ sys: SystemUnderTest, scenario: String, count: Int, over seconds: Double) async throws {
    if scenario == "broker" {
        for _ in 0..<count {
            try await Task.sleep(for: .seconds(Double.random(in: 0.5...max(1, seconds / Double(max(1, count))))))
            let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? ""
            let r = await Subprocess.runInBackground([ctl, "restart"])
            guard r.status == 0 else { throw ChaosError("the broker did not restart: \(r.output)") }
            debug("broker restarted")
        }
        return
    }
    var plan = (0..<count).flatMap { _ in services }.shuffled()
    let gap = seconds / Double(max(1, plan.count))
    while let service = plan.popLast() {
        try await Task.sleep(for: .seconds(Double.random(in: 0.3...max(0.4, gap))))
        if scenario == "kill" { await sys.kill(service) } else { await sys.stopService(service) }
        debug("\(service): \(scenario == "kill" ? "SIGKILL" : "SIGTERM")")
        try await Task.sleep(for: .milliseconds(Int.random(in: 100...800)))
        try sys.start(service)
    }
}

/// Poison for the support desk's commands queue, of five kinds in turn.
func poison(_ i: Int, run: String) throws -> AMQPMessage {
    let good = try EnvelopeCodec.message(
        for: Envelope(
            SupportDesk.OpenTicket(
                schulnummer: "193001", title: "\(run)-poison-\(i)", description: "Gift", category: .hardware,
                requester: .init(name: "Gift", email: "\(run)-poison-\(i)@chaos.example")),
            id: "\(run)-poison-\(i)"))
    var m = good
    // Oversized ones (over 1 MiB each) only a few times: the broker need not hold gigabytes.
    switch i % 5 == 2 && i > 20 ? 0 : i % 5 {
    case 0: m.body = Data("kein JSON \(i)".utf8)
    case 1:
        m.properties.type = "de.nrw.rbn.supportdesk.ticket.open.v9"
        m.body = Data(
            String(decoding: good.body, as: UTF8.self).replacingOccurrences(of: ".open.v1", with: ".open.v9").utf8)
    case 2: m.body = good.body + Data(repeating: 0x20, count: 1 << 20)
    case 3:
        m.properties.type = "de.nrw.rbn.supportdesk.ticket.frobnicate.v1"
        m.body = Data(
            String(decoding: good.body, as: UTF8.self).replacingOccurrences(of: ".open.v1", with: ".frobnicate.v1").utf8
        )
    default: m.properties.contentType = "text/plain"
    }
    m.properties.userID = "guest"
    return m
}

/// Scenario 4: good commands with poison among them; every poison message dead-lettered with a
/// reason, every good one handled.
func poisonScenario(_ sys: SystemUnderTest, _ o: Options) async throws -> (Tally, dead: Int, reasons: Set<String>) {
    let eveningID = try await SuiteLoad.evening(sys)
    let run = "poison\(UUID().uuidString.prefix(6).lowercased())"
    let poisons = max(5, o.commands / 10)
    let quiet = Logger(label: "chaos") { _ in SwiftLogNoOpLogHandler() }
    let connection = try await AMQPConnection.connect(try AMQPConfiguration(uri: sys.brokerURL()), logger: quiet)
    for i in 0..<poisons {
        try await connection.publish(
            try poison(i, run: run), exchange: RBNTopology.commandsExchange, routingKey: "supportdesk")
    }
    await connection.close()
    try await load(sys, run: run, commands: o.commands, eveningID: eveningID, seconds: Double(o.commands) / 400)
    var tally = try await settle(sys, run: run, commands: o.commands)
    tally.sent += poisons
    var dead = 0
    for _ in 0..<60 {
        let out = try sys.ctl(["list_queues", "-p", sys.vhost, "name", "messages", "--quiet"])
        dead =
            out.split(separator: "\n").first { $0.hasPrefix("supportdesk.dead\t") }
            .flatMap { Int($0.split(separator: "\t").last ?? "") } ?? 0
        if dead >= poisons { break }
        try await Task.sleep(for: .milliseconds(500))
    }
    let list = try sys.run("rbnctl", ["dlq", "list", "supportdesk", "--limit", "1000", "--json"])
    let letters = (try? JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]) ?? []
    let reasons = Set(letters.compactMap { ($0["reason"] as? String)?.split(separator: ":").first.map(String.init) })
    tally.lost += max(0, poisons - dead)
    return (tally, dead, reasons)
}

/// `/health/ready` of a service at `port`: the status code and the body.
func readiness(port: Int) async -> (status: Int, body: String) {
    let r = await Subprocess.runInBackground([
        "curl", "-s", "-m", "3", "-w", "\n%{http_code}", "http://127.0.0.1:\(port)/health/ready",
    ])
    let lines = r.output.split(separator: "\n", omittingEmptySubsequences: false)
    return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
}

/// Waits up to a minute for `condition` on the readiness at `port`; true when it came.
func waitFor(readiness port: Int, _ condition: ((status: Int, body: String)) -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
        if condition(await readiness(port: port)) { return true }
        try await Task.sleep(for: .milliseconds(250))
    }
    return false
}

/// Scenario 6: the support desk's store on a file system of its own, filled during the load
/// (after `after` seconds), kept full for `hold` seconds, then freed. Whether the desk reported
/// not ready while full, and ready again after.
func fillAndFree(_ mount: String, port: Int, after: Double, hold: Double) async throws -> (Bool, Bool) {
    try await Task.sleep(for: .seconds(after))
    // The space left, taken by one file, and whatever rounding left by a second one.
    var fs = statvfs()
    guard statvfs(mount, &fs) == 0 else { throw ChaosError("cannot read the free space of \(mount)") }
    let free = UInt64(fs.f_bavail) * UInt64(fs.f_frsize)
    _ = await Subprocess.runInBackground(["fallocate", "-l", "\(free)", "\(mount)/filler"])
    _ = await Subprocess.runInBackground(["dd", "if=/dev/zero", "of=\(mount)/filler2", "bs=4k"])
    debug("disk full")
    let notReady = try await waitFor(readiness: port) { $0.status == 503 && $0.body.contains("the store cannot write") }
    debug("support-desk not ready: \(notReady)")
    try await Task.sleep(for: .seconds(hold))
    for f in ["filler", "filler2"] { try? FileManager.default.removeItem(atPath: "\(mount)/\(f)") }
    debug("disk freed")
    let readyAgain = try await waitFor(readiness: port) { $0.status == 200 }
    debug("support-desk ready again: \(readyAgain)")
    return (notReady, readyAgain)
}

func diskScenario(_ o: Options) async throws -> (Tally, notReady: Bool, readyAgain: Bool) {
    let mount = FileManager.default.temporaryDirectory.appendingPathComponent(
        "rbn-chaos-disk-\(UUID().uuidString.prefix(6).lowercased())"
    ).path
    try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
    let mounted = await Subprocess.runInBackground(["mount", "-t", "tmpfs", "-o", "size=256m", "rbn-chaos", mount])
    guard mounted.status == 0 else {
        try? FileManager.default.removeItem(atPath: mount)
        throw ChaosError(
            "this scenario puts the support desk's store on a small file system of its own (tmpfs), "
                + "which needs root: \(mounted.output.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    defer {
        _ = Subprocess.run(["umount", "-l", mount])
        try? FileManager.default.removeItem(atPath: mount)
    }
    let port = Int.random(in: 40_000...49_999)
    var result = (Tally(), notReady: false, readyAgain: false)
    try await SystemUnderTest.with(
        services: Array(services.dropFirst()),
        environment: ["support-desk": ["RBN_DATA_DIR": mount, "RBN_HTTP_ADDR": "127.0.0.1:\(port)"]]
    ) { sys in
        let eveningID = try await SuiteLoad.evening(sys)
        let run = "disk\(UUID().uuidString.prefix(6).lowercased())"
        let seconds = Double(o.commands) / 200
        async let filled = fillAndFree(mount, port: port, after: seconds / 4, hold: max(5, seconds / 4))
        try await load(sys, run: run, commands: o.commands, eveningID: eveningID, seconds: seconds)
        let (notReady, readyAgain) = try await filled
        result = (try await settle(sys, run: run, commands: o.commands, desk: mount), notReady, readyAgain)
    }
    return result
}

/// Scenario 3's cluster: three nodes of this run's own, on ports 5791 to 5793.
struct Cluster {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
        "rbn-chaos-cluster-\(UUID().uuidString.prefix(6).lowercased())"
    ).path
    let prefix = "rbn-chaos-c"
    let base = 5791
    var url: String { "amqp://guest:guest@" + (0..<3).map { "127.0.0.1:\(base + $0)" }.joined(separator: ",") }

    func run(_ args: [String]) async -> (status: Int32, output: String) {
        await Subprocess.runInBackground(
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
            let r = await Subprocess.runInBackground(
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
        _ = Subprocess.run([
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

func scenario(_ name: String, _ o: Options) async throws -> Tally {
    var tally = Tally()
    try await SystemUnderTest.with(services: Array(services.dropFirst())) { sys in
        let eveningID = try await SuiteLoad.evening(sys)
        let run = "\(name)\(UUID().uuidString.prefix(6).lowercased())"
        let seconds = Double(o.commands) / 200
        async let faulted: Void = faults(sys, scenario: name, count: o.faults, over: seconds)
        try await load(sys, run: run, commands: o.commands, eveningID: eveningID, seconds: seconds)
        try await faulted
        tally = try await settle(sys, run: run, commands: o.commands)
    }
    return tally
}

/// A result line, written at once (`print` would hold it in a buffer when the output is a file).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
let options: Options
do {
    options = try Options(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("rbn-chaos: \(error)\n".utf8))
    exit(2)
}
// Ctrl-C or a stop: the services this run started go too, instead of running on without it.
signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let stops = [SIGINT, SIGTERM].map { sig in
    let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
    source.setEventHandler {
        _ = Subprocess.run(["pkill", "-KILL", "-P", "\(getpid())"])
        FileHandle.standardError.write(Data("rbn-chaos: stopped; its services were killed\n".utf8))
        exit(130)
    }
    source.resume()
    return source
}
var failed = false
for name in options.scenarios {
    do {
        if name == "poison" {
            try await SystemUnderTest.with(services: Array(services.dropFirst())) { sys in
                let (t, dead, reasons) = try await poisonScenario(sys, options)
                let kinds = reasons.sorted().joined(separator: ", ")
                say("poison: \(t.line); \(dead) dead-lettered with reasons (\(kinds))")
                if t.lost > 0 || t.doubled > 0 || reasons.count < 5 { failed = true }
            }
            continue
        }
        if name == "cluster" {
            let (t, killed) = try await clusterScenario(options)
            let nodes = killed.map(String.init).joined(separator: ", ")
            say("cluster: \(t.line); the leader of notification.events killed \(killed.count) times (nodes \(nodes))")
            if t.lost > 0 || t.doubled > 0 { failed = true }
            continue
        }
        if name == "disk" {
            let (t, notReady, readyAgain) = try await diskScenario(options)
            let seen = [
                notReady ? "not ready while the disk was full" : "NEVER reported not ready while the disk was full",
                readyAgain ? "ready again when space returned" : "NOT ready again when space returned",
            ]
            say("disk: \(t.line); \(seen.joined(separator: ", "))")
            if t.lost > 0 || t.doubled > 0 || !notReady || !readyAgain { failed = true }
            continue
        }
        let t = try await scenario(name, options)
        say("\(name): \(t.line)")
        if t.lost > 0 || t.doubled > 0 { failed = true }
    } catch {
        say("\(name): could not run: \(error)")
        failed = true
    }
}
exit(failed ? 1 : 0)
