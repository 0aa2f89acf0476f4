// bench-service: commands through a service built on the runtime (command → handler → outbox →
// event → a sink service with inbox), against the C broker baseline in the same run.
//
// Prints handled commands/s, broker messages per command, the efficiency
// (commands/s × messages per command ÷ baseline msg/s; goal ≥ 0.5), and the command-to-event
// latency (p50/p99/p99.9) at a steady offered load of a fifth of the measured capacity.
//
//   bench-service --baseline PATH --service PATH [--commands N] [--rounds R] [--latency-seconds S]
//                 [--csv FILE]
import BenchSupport
import Contracts
import Foundation
import GRDB
import Glibc
import Messaging
import RBNTestSupport
import Synchronization
import TestServiceKit

struct Options {
    var baseline = ".build/bench/baseline"
    var service = ""
    var commands = 20_000
    var rounds = 3
    var latencySeconds = 10.0
    var csv = "var/bench/service.csv"

    init(_ args: [String]) throws {
        let known: Set = ["--baseline", "--service", "--commands", "--rounds", "--latency-seconds", "--csv"]
        for (arg, value) in try BenchOptions.pairs(args, known: known, usage: "bench/service/main.swift") {
            switch arg {
            case "--baseline": baseline = value
            case "--service": service = value
            case "--commands": commands = try BenchOptions.positive(arg, value)
            case "--rounds": rounds = try BenchOptions.positive(arg, value)
            case "--latency-seconds": latencySeconds = Double(try BenchOptions.positive(arg, value))
            default: csv = value
            }
        }
        guard !service.isEmpty else { throw BenchError("--service PATH (the rbn-testservice binary) is required") }
    }
}

/// When each event arrived, by item key.
final class Arrivals: Sendable {
    private let times = Mutex<[String: ContinuousClock.Instant]>([:])
    func record(_ key: String) { times.withLock { if $0[key] == nil { $0[key] = .now } } }
    func count(prefix: String) -> Int { times.withLock { $0.keys.filter { $0.hasPrefix(prefix) }.count } }
    func snapshot() -> [String: ContinuousClock.Instant] { times.withLock { $0 } }
}

func run() async throws {
    let o = try Options(CommandLine.arguments)
    guard let uri = ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] else {
        throw BenchError("RBN_TEST_AMQP_URL is not set; run 'make bench', which starts a broker")
    }
    let config = try AMQPConfiguration(uri: uri)
    let admin = try await AMQPConnection.connect(config, logger: Stats.quietLogger)
    print(
        "bench-service: \(o.rounds) rounds of the C baseline and \(o.commands) commands, "
            + "then \(Int(o.latencySeconds)) s at a fifth of the capacity")

    let baseline = Baseline(path: o.baseline)

    // The service and its sink, each with a fresh store.
    let id = UUID().uuidString.prefix(6).lowercased()
    let (serviceName, sinkName) = ("benchsvc\(id)", "benchsink\(id)")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-bench-\(id)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    func start(_ role: String, _ name: String) throws -> ChildProcess {
        try ChildProcess(
            o.service,
            environment: [
                "RBN_AMQP_URL": uri, "RBN_DATA_DIR": dir, "RBN_HTTP_ADDR": "off", "RBN_PUBLISHERS": "*",
                "RBN_LOG_LEVEL": "warning",
                "RBN_TEST_ROLE": role, "RBN_TEST_NAME": name, "RBN_PREFETCH": "256",
            ], logPath: "\(dir)/\(role).log")
    }
    let sink = try start("sink", sinkName)
    let service = try start("service", serviceName)

    try await admin.declare(RBNTopology.exchanges)

    let sender = try await AMQPConnection.connect(config, logger: Stats.quietLogger)
    let commandQueue = RBNTopology.commandsQueue(serviceName)
    func command(_ key: String) throws -> AMQPPublish {
        AMQPPublish(
            exchange: "", routingKey: commandQueue,
            message: try EnvelopeCodec.message(for: Envelope(CreateItem(key: key))))
    }
    // How many events the sink recorded: its rows are only ever inserted, so the largest rowid is
    // their count, read in O(log n) over one connection kept open, so that watching costs the
    // machine next to nothing while it is being measured.
    let sinkPath = "\(dir)/\(sinkName).sqlite"
    var sinkReader: DatabaseQueue?
    func sinkCount() -> Int {
        if sinkReader == nil, FileManager.default.fileExists(atPath: sinkPath) {
            var c = Configuration()
            c.readonly = true
            sinkReader = try? DatabaseQueue(path: sinkPath, configuration: c)
        }
        return (try? sinkReader?.read { try Int.fetchOne($0, sql: "SELECT MAX(rowid) FROM received") ?? 0 }) ?? 0
    }
    func waitUntil(_ what: String, timeout: Double, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                throw BenchError("timed out waiting for \(what); logs in \(dir)")
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    // Warm up until the command reaches the service and its event the sink.
    let startedAt = ContinuousClock.now
    while sinkCount() == 0 {
        guard ContinuousClock.now - startedAt < .seconds(60) else {
            throw BenchError("the service did not start; logs in \(dir)")
        }
        _ = await sender.publish(batch: [try command("warmup-\(UUID().uuidString.prefix(4))")])
        try await Task.sleep(for: .milliseconds(500))
    }

    // Capacity, in rounds that alternate with the C baseline so both see the same machine: all of a
    // round's commands at once; done when the sink recorded every event. The commands are encoded
    // before the clock starts: the load generator's JSON is not the system under test, and the C
    // baseline does not encode either.
    var baselineRates: [Double] = []
    var capacities: [Double] = []
    for round in 1...o.rounds {
        baselineRates.append(try await baseline.median(rounds: 1, connection: admin, config: config))
        let commands = try (0..<o.commands).map { try command("cap\(round)-\($0)") }
        let before = sinkCount()
        let t0 = ContinuousClock.now
        try await Publishing.all(commands, on: sender)
        try await waitUntil("the sink to record every event", timeout: 600) { sinkCount() - before >= o.commands }
        capacities.append(Double(o.commands) / Stats.seconds(ContinuousClock.now - t0))
        print(
            String(
                format: "  round %d  C baseline %8.0f msg/s   service %6.0f commands/s", round, baselineRates.last!,
                capacities.last!))
    }
    let baselineRate = Stats.median(baselineRates)
    let capacity = Stats.median(capacities)
    let messagesPerCommand = 2.0  // the command and its event
    let efficiency = capacity * messagesPerCommand / baselineRate
    print(String(format: "  C baseline (median of %d)       %10.0f msg/s", o.rounds, baselineRate))
    print(String(format: "  commands handled end to end    %10.0f commands/s (median of %d)", capacity, o.rounds))
    print(String(format: "  broker messages per command    %10.0f (command, event)", messagesPerCommand))
    print(String(format: "  efficiency vs. C baseline      %10.2f   (goal ≥ 0.50)", efficiency))

    // Events as they arrive, on a queue of the benchmark's own, bound only now so that it does not
    // load the broker while capacity is measured.
    let arrivals = Arrivals()
    let eventQueue = "bench.events.\(id)"
    try await admin.declare(
        Topology(
            queues: [.init(eventQueue, durable: false, exclusive: true)],
            bindings: [
                .init(
                    queue: eventQueue, exchange: RBNTopology.eventsExchange,
                    routingKey: ItemCreated.messageType.eventRoutingKey)
            ]))
    let events = try await admin.consume(queue: eventQueue, prefetch: 1000)
    let listening = Task {
        var n = 0
        for try await d in events {
            if let e = try? EnvelopeCodec.decode(ItemCreated.self, from: d) { arrivals.record(e.data.key) }
            n += 1
            if n % 200 == 0 { try await events.ack(d, multiple: true) }
        }
    }

    // Latency at a fifth of capacity: a steady schedule, command to event at our consumer.
    let rate = capacity / 5
    let total = Int(rate * o.latencySeconds)
    var sent: [String: ContinuousClock.Instant] = [:]
    let l0 = ContinuousClock.now
    var next = 0
    while next < total {
        let due = min(total, Int(Stats.seconds(ContinuousClock.now - l0) * rate) + 1)
        if due > next {
            let keys = (next..<due).map { "lat-\($0)" }
            let now = ContinuousClock.now
            for k in keys { sent[k] = now }
            for r in await sender.publish(batch: try keys.map(command)) { try r.get() }
            next = due
        }
        try await Task.sleep(for: .milliseconds(2))
    }
    try await waitUntil("every latency event", timeout: 120) { arrivals.count(prefix: "lat-") >= total }
    let arrived = arrivals.snapshot()
    let latencies = sent.compactMap { k, t in arrived[k].map { Stats.seconds($0 - t) * 1000 } }
    let (p50, p99, p999) = (
        Stats.percentile(latencies, 50), Stats.percentile(latencies, 99), Stats.percentile(latencies, 99.9)
    )
    print(
        String(
            format: "  latency at %.0f commands/s      p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (%d commands)", rate,
            p50,
            p99, p999, latencies.count))

    listening.cancel()
    await events.cancel()
    let codes = [await service.stop(), await sink.stop()]
    if codes != [0, 0] { print("bench-service: warning: the services exited with \(codes); logs in \(dir)") }
    for name in [serviceName, sinkName] {
        for queue in [RBNTopology.commandsQueue(name), RBNTopology.eventsQueue(name), RBNTopology.deadQueue(name)] {
            try? await admin.delete(queue: queue)
        }
    }
    try? FileManager.default.removeItem(atPath: dir)
    await sender.close()
    await admin.close()
    try Stats.writeCSV(
        o.csv, header: "metric,value",
        rows: [
            "baseline_msg_per_s,\(baselineRate)", "commands_per_s,\(capacity)",
            "messages_per_command,\(messagesPerCommand)",
            "efficiency,\(efficiency)", "latency_load_commands_per_s,\(rate)", "latency_p50_ms,\(p50)",
            "latency_p99_ms,\(p99)",
            "latency_p999_ms,\(p999)",
        ])
    print("bench-service: wrote \(o.csv)")
}

do {
    try await run()
} catch {
    FileHandle.standardError.write(Data("bench-service: \(error)\n".utf8))
    exit(1)
}
