// bench-amqp: throughput of the Swift AMQP client against the C baseline (librabbitmq directly),
// in one run on one broker. Both publish COUNT persistent 1 KiB messages to a quorum queue with
// 256 confirms in flight and consume them with manual acks (prefetch 300, a multiple-ack every
// 50 deliveries). Rounds alternate C and Swift; the ratio compares the medians.
//
//   bench-amqp --baseline PATH [--count N] [--rounds N] [--csv FILE]     (broker: RBN_TEST_AMQP_URL)
import BenchSupport
import Foundation
import Messaging

struct Options {
    var baseline = ".build/bench/baseline"
    var count = 30_000
    var rounds = 5
    var csv = "var/bench/amqp.csv"
    let size = 1024, window = 256, prefetch: UInt16 = 300, ackEvery = 50

    init(_ args: [String]) throws {
        let known: Set = ["--baseline", "--count", "--rounds", "--csv"]
        for (arg, value) in try BenchOptions.pairs(args, known: known, usage: "bench/amqp/main.swift") {
            switch arg {
            case "--baseline": baseline = value
            case "--count": count = try BenchOptions.positive(arg, value)
            case "--rounds": rounds = try BenchOptions.positive(arg, value)
            default: csv = value
            }
        }
    }
}

/// One measured run: messages and seconds from the first publish to the last delivery.
struct Run {
    let client: String
    let round: Int
    let seconds: Double
    let publishSeconds: Double
    let messages: Int
    var rate: Double { Double(messages) / seconds }
}

func runSwift(_ o: Options, config: AMQPConfiguration, queue: String, round: Int) async throws -> Run {
    var pubConfig = config
    pubConfig.clientName = "bench-publisher"
    pubConfig.confirmWindow = o.window
    var subConfig = config
    subConfig.clientName = "bench-consumer"
    let publisher = try await AMQPConnection.connect(pubConfig, logger: Stats.quietLogger)
    let subscriber = try await AMQPConnection.connect(subConfig, logger: Stats.quietLogger)
    let message = AMQPMessage(
        body: Data(repeating: UInt8(ascii: "x"), count: o.size),
        properties: AMQPProperties(contentType: "application/octet-stream"))
    let start = ContinuousClock.now
    let consumer = try await subscriber.consume(queue: queue, prefetch: o.prefetch)
    let consuming = Task {
        var received = 0
        for try await d in consumer {
            received += 1
            if received % o.ackEvery == 0 || received == o.count { try await consumer.ack(d, multiple: true) }
            if received == o.count { break }
        }
        return ContinuousClock.now
    }
    // Two publishers take turns with batches, so the confirm window never runs dry between batches.
    let batch = 512
    try await withThrowingTaskGroup(of: Void.self) { group in
        for lane in 0..<2 {
            group.addTask {
                var first = lane * batch
                while first < o.count {
                    let n = min(batch, o.count - first)
                    let items = Array(
                        repeating: AMQPPublish(exchange: "", routingKey: queue, message: message), count: n)
                    for result in await publisher.publish(batch: items) { try result.get() }
                    first += 2 * batch
                }
            }
        }
        try await group.waitForAll()
    }
    let published = ContinuousClock.now
    let done = try await consuming.value
    await consumer.cancel()
    await publisher.close()
    await subscriber.close()
    return Run(
        client: "swift-messaging", round: round, seconds: Stats.seconds(max(done, published) - start),
        publishSeconds: Stats.seconds(published - start), messages: o.count)
}

do {
    let o = try Options(CommandLine.arguments)
    guard let uri = ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] else {
        throw BenchError("RBN_TEST_AMQP_URL is not set; run 'make bench', which starts a broker")
    }
    let config = try AMQPConfiguration(uri: uri)
    let admin = try await AMQPConnection.connect(config, logger: Stats.quietLogger)
    var runs: [Run] = []
    print(
        "bench-amqp: \(o.count) × \(o.size) B persistent to a quorum queue, \(o.window) confirms in flight, "
            + "prefetch \(o.prefetch), ack every \(o.ackEvery); \(o.rounds) rounds")
    for round in 1...o.rounds {
        for client in ["c", "swift"] {
            let queue = "bench.\(client).\(round)"
            try await admin.declare(Topology(queues: [.quorum(queue)]))
            try await admin.purge(queue: queue)
            let run: Run
            if client == "c" {
                var baseline = Baseline(path: o.baseline)
                baseline.count = o.count
                let r = try baseline.run(config: config, queue: queue)
                run = Run(
                    client: "c-librabbitmq", round: round, seconds: r.seconds, publishSeconds: r.publishSeconds,
                    messages: o.count)
            } else {
                run = try await runSwift(o, config: config, queue: queue, round: round)
            }
            try await admin.delete(queue: queue)
            runs.append(run)
            let name = run.client.padding(toLength: 16, withPad: " ", startingAt: 0)
            print(
                String(
                    format: "  round %d  %@ %8.0f msg/s  (%.2f s; publishing %.2f s)", round, name, run.rate,
                    run.seconds, run.publishSeconds))
        }
    }
    await admin.close()
    let c = Stats.median(runs.filter { $0.client.hasPrefix("c") }.map(\.rate))
    let swift = Stats.median(runs.filter { $0.client.hasPrefix("swift") }.map(\.rate))
    print("")
    print("client            median msg/s")
    print(String(format: "c-librabbitmq     %12.0f", c))
    print(String(format: "swift-messaging   %12.0f", swift))
    print(String(format: "ratio swift/c     %12.2f   (goal ≥ 0.80)", swift / c))
    let csvURL = URL(fileURLWithPath: o.csv)
    try FileManager.default.createDirectory(at: csvURL.deletingLastPathComponent(), withIntermediateDirectories: true)
    var csv = "client,round,messages,seconds,publish_seconds,msg_per_s\n"
    for r in runs {
        csv += String(
            format: "%@,%d,%d,%.6f,%.6f,%.1f\n", r.client as NSString, r.round, r.messages, r.seconds,
            r.publishSeconds, r.rate)
    }
    csv += String(format: "ratio,,,,,%.4f\n", swift / c)
    try csv.write(to: csvURL, atomically: true, encoding: .utf8)
    print("bench-amqp: wrote \(o.csv)")
} catch {
    FileHandle.standardError.write(Data("bench-amqp: \(error)\n".utf8))
    exit(1)
}
