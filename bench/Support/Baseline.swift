import Foundation
import Messaging

/// The C baseline (bench/amqp/baseline.c on librabbitmq): publishes `count` persistent messages of
/// `size` bytes to a quorum queue with `window` confirms in flight and consumes them with manual
/// acks (`prefetch`, a multiple-ack every `ackEvery`).
public struct Baseline: Sendable {
    public var path: String
    public var count = 30_000
    public var size = 1024
    public var window = 256
    public var prefetch = 300
    public var ackEvery = 50

    public init(path: String) { self.path = path }

    /// One run on `queue` (which must exist and be empty): messages per second, publish and consume together.
    public func run(
        config: AMQPConfiguration, queue: String
    ) throws -> (rate: Double, seconds: Double, publishSeconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            config.host, "\(config.port)", queue, "\(count)", "\(size)", "\(window)", "\(prefetch)",
            "\(ackEvery)",
        ]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("the C baseline failed: \(text)") }
        func field(_ name: String) -> Double? {
            text.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix(name + "=") }
                .flatMap { Double($0.dropFirst(name.count + 1)) }
        }
        guard let seconds = field("seconds"), let publish = field("publish_seconds") else {
            throw BenchError("unexpected baseline output: \(text)")
        }
        return (Double(count) / seconds, seconds, publish)
    }

    /// Median msg/s of `rounds` runs, each on a fresh quorum queue.
    public func median(rounds: Int, connection: AMQPConnection, config: AMQPConfiguration) async throws -> Double {
        var rates: [Double] = []
        for round in 1...rounds {
            let queue = "bench.baseline.\(round).\(UUID().uuidString.prefix(6))"
            try await connection.declare(Topology(queues: [.quorum(queue)]))
            rates.append(try run(config: config, queue: queue).rate)
            try await connection.delete(queue: queue)
        }
        return Stats.median(rates)
    }
}

/// A failure of a benchmark, with what to do about it.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
