// bench-suite: the whole suite end to end, against the C broker baseline in the same run.
// Operations are tickets opened through `supportdesk.ticket.open` (support-desk → event →
// notification → a mail in the maildir) and parents registered for an evening through
// `training.evening.register` (training → event → notification → a mail), half and half.
//
// Prints and writes to var/bench/suite.csv: operations/s (all of a round's commands at once, until
// the last mail is written), broker messages per operation (the broker's own count of messages
// published), the efficiency (operations/s × messages per operation ÷ baseline msg/s; goal ≥ 0.5),
// the latency from command to delivered mail (p50/p99/p99.9) at a steady load of a fifth of the
// capacity (every latency in var/bench/suite-latency.csv), each service's resident memory idle and
// its peak under load (goal < 60 MB), and its time from process start to ready (goal < 1 s).
//
//   bench-suite --baseline PATH [--operations N (6,000)] [--rounds R (3)] [--latency-seconds S (20)]
//
// Runs under scripts/with-test-broker (make bench), with the release binaries next to it.
import BenchSupport
import Contracts
import Foundation
import Glibc
import Messaging
import RBNTestSupport
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct Options {
    var baseline = ".build/bench/baseline"
    var operations = 6_000
    var rounds = 3
    var latencySeconds = 20.0
    var directory = "var/bench"

    init(_ args: [String]) throws {
        let known: Set = ["--baseline", "--operations", "--rounds", "--latency-seconds", "--directory"]
        for (arg, value) in try BenchOptions.pairs(args, known: known, usage: "bench/suite/main.swift") {
            switch arg {
            case "--baseline": baseline = value
            case "--operations": operations = try BenchOptions.positive(arg, value)
            case "--rounds": rounds = try BenchOptions.positive(arg, value)
            case "--latency-seconds": latencySeconds = Double(try BenchOptions.positive(arg, value))
            default: directory = value
            }
        }
    }
}

let services = SuiteCatalogue.services.map(\.executable)

/// Each service's health address, on ports of this run.
let httpPorts = Dictionary(
    uniqueKeysWithValues: services.enumerated().map { ($1, 31_000 + Int.random(in: 0..<900) * 4 + $0) })

/// A service's memory from /proc, in MB: resident now, the peak so far, and of the resident the
/// process's own (anonymous) memory, as opposed to pages of its store file mapped by SQLite
/// (shared with the kernel's file cache, and given back under memory pressure).
func memory(_ pid: pid_t) -> (rss: Double, peak: Double, anonymous: Double) {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    func kB(_ field: String) -> Double {
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return (Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? .nan)
            / 1024
    }
    return (kB("VmRSS"), kB("VmHWM"), kB("RssAnon"))
}

/// The largest anonymous memory of each process, looked at every 50 ms on a thread of its own.
final class PeakSampler: Sendable {
    private let peaks = Mutex<[String: Double]>([:])
    private let stopped = Atomic(false)

    init(_ pids: [(String, pid_t)]) {
        Thread.detachNewThread { [self] in
            while !stopped.load(ordering: .acquiring) {
                for (name, pid) in pids {
                    let a = memory(pid).anonymous
                    peaks.withLock { $0[name] = max($0[name] ?? 0, a) }
                }
                usleep(50_000)
            }
        }
    }

    /// Stops looking; the peaks seen.
    func stop() -> [String: Double] {
        stopped.store(true, ordering: .releasing)
        return peaks.withLock { $0 }
    }
}

/// CPU time a process has used so far (user and system), in seconds.
func cpuSeconds(_ pid: pid_t) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return .nan }
    // After the command name in brackets: state is field 3; utime and stime are fields 14 and 15.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// The broker node's process, from the pid file local-broker keeps.
func brokerPID() -> pid_t? {
    let dir = ProcessInfo.processInfo.environment["RBN_BROKER_DIR"] ?? ""
    return (try? String(contentsOfFile: "\(dir)/rabbitmq.pid", encoding: .utf8))
        .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
}

/// True when the service at `port` answers ready.
func isReady(_ port: Int) async -> Bool {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/health/ready")!)
    request.timeoutInterval = 1
    guard let (_, response) = try? await URLSession.shared.data(for: request) else { return false }
    return (response as? HTTPURLResponse)?.statusCode == 200
}

/// Messages the broker received from publishers so far (its global counter).
func brokerReceived(_ sys: SystemUnderTest) async throws -> Int {
    let out = try await sys.ctl([
        "eval", "maps:get(messages_received_total, maps:get([{protocol,amqp091}], rabbit_global_counters:overview())).",
    ])
    guard let n = Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw BenchError("unexpected answer from the broker's counters: \(out)")
    }
    return n
}

/// When each mail arrived in a maildir's `new` folder (renamed in from `tmp`), by file name, as
/// inotify reports it: file times are too coarse (a few ms) for latencies this short. It also
/// counts the mails: listing a folder of tens of thousands of files every 20 ms took the bench a
/// growing share of the machine the suite runs on, round after round.
final class MailArrivals: @unchecked Sendable {
    private struct State {
        var times: [String: Date] = [:]
        /// The files already there when the watch began (listed after it began, so none is missed).
        var initial: Set<String> = []
        /// Arrived names that were not there when the watch began.
        var fresh = 0
        /// The kernel dropped events (its queue overflowed): counts come from the folder then.
        var overflowed = false
    }
    private let fd: Int32
    private let folder: String
    private let state = Mutex(State())

    init(_ folder: String) throws {
        self.folder = folder
        fd = inotify_init1(0)
        guard fd >= 0, inotify_add_watch(fd, folder, UInt32(IN_MOVED_TO | IN_CREATE)) >= 0 else {
            throw BenchError("cannot watch \(folder) with inotify")
        }
        Thread.detachNewThread { [self] in read() }
        let initial = Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        state.withLock { s in
            s.initial = initial
            s.fresh = s.times.keys.filter { !initial.contains($0) }.count
        }
    }

    private func read() {
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        while true {
            let n = Glibc.read(fd, buffer, size)
            guard n > 0 else { return }
            let now = Date()
            var offset = 0
            var names: [String] = []
            var overflow = false
            while offset < n {
                let event = buffer.advanced(by: offset).assumingMemoryBound(to: inotify_event.self)
                let length = Int(event.pointee.len)
                if event.pointee.mask & UInt32(IN_Q_OVERFLOW) != 0 { overflow = true }
                if length > 0 {
                    names.append(
                        String(
                            cString: buffer.advanced(by: offset + MemoryLayout<inotify_event>.size).assumingMemoryBound(
                                to: CChar.self)))
                }
                offset += MemoryLayout<inotify_event>.size + length
            }
            state.withLock { s in
                if overflow { s.overflowed = true }
                for name in names where s.times[name] == nil {
                    s.times[name] = now
                    if !s.initial.contains(name) { s.fresh += 1 }
                }
            }
        }
    }

    func snapshot() -> [String: Date] { state.withLock { $0.times } }

    /// The mails in the folder: those there when the watch began and those that arrived since
    /// (after an overflow of the kernel's queue, by listing the folder).
    var count: Int {
        let (overflowed, n) = state.withLock { ($0.overflowed, $0.initial.count + $0.fresh) }
        return overflowed ? mailCount(folder) : n
    }
}

/// Files in the maildir's `new` folder: one per mail delivered.
func mailCount(_ folder: String) -> Int { (try? FileManager.default.contentsOfDirectory(atPath: folder).count) ?? 0 }

/// Waits until `condition`, polling every 20 ms, for at most `timeout` seconds.
func waitUntil(_ what: String, timeout: Double, _ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(timeout)
    while await !condition() {
        guard ContinuousClock.now < deadline else { throw BenchError("timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}

struct Figures {
    var baseline = 0.0
    var capacity = 0.0
    var messagesPerOperation = 0.0
    var efficiency: Double { capacity * messagesPerOperation / baseline }
    var latencyRate = 0.0
    var latencies: [Double] = []
    var idle: [String: Double] = [:]
    var peak: [String: Double] = [:]
    var peakOwn: [String: Double] = [:]
    var ready: [String: Double] = [:]
    /// CPU milliseconds per operation while capacity was measured, by process (and "broker").
    var cpu: [String: Double] = [:]
}

func measure(_ o: Options, _ sys: SystemUnderTest) async throws -> Figures {
    var f = Figures()
    let config = try AMQPConfiguration(uri: sys.brokerURL())
    let connection = try await AMQPConnection.connect(config, logger: Stats.quietLogger)
    // The baseline runs in the broker's default virtual host, as the C program connects there.
    let root = try AMQPConfiguration(uri: ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] ?? "")
    let admin = try await AMQPConnection.connect(root, logger: Stats.quietLogger)
    let eveningID = try await SuiteLoad.evening(sys)
    let maildir = "\(sys.directory)/maildir/new"

    // Warm up (first connections, caches, the seeds' mails), then let the suite go quiet.
    let warm = try (0..<100).map { try SuiteLoad.command($0, run: "warm", eveningID: eveningID) }
    // Every mail from here on is counted as inotify reports it, not by listing the folder.
    let arrivals = try MailArrivals(maildir)
    func mailsNow() -> Int { arrivals.count }
    let before = mailsNow()
    try await Publishing.all(warm, on: connection)
    try await waitUntil("the warm-up mails", timeout: 120) { mailsNow() >= before + warm.count }
    try await Task.sleep(for: .seconds(5))
    for s in services { f.idle[s] = sys.pid(of: s).map { memory($0).rss } }

    // Capacity, in rounds that alternate with the C baseline so both see the same machine.
    let baseline = Baseline(path: o.baseline)
    var rates: [Double] = []
    var capacities: [Double] = []
    var perOperation: [Double] = []
    var processes = services.compactMap { s in sys.pid(of: s).map { (s, $0) } }
    let sampler = PeakSampler(processes)
    if let broker = brokerPID() { processes.append(("broker", broker)) }
    var cpu: [String: Double] = [:]
    for round in 1...o.rounds {
        rates.append(try await baseline.median(rounds: 1, connection: admin, config: root))
        let commands = try (0..<o.operations).map {
            try SuiteLoad.command($0, run: "cap\(round)", eveningID: eveningID)
        }
        let mails = mailsNow()
        let received = try await brokerReceived(sys)
        let cpu0 = processes.map { cpuSeconds($0.1) }
        let t0 = ContinuousClock.now
        try await Publishing.all(commands, on: connection)
        try await waitUntil("every mail of round \(round)", timeout: 900) { mailsNow() >= mails + o.operations }
        capacities.append(Double(o.operations) / Stats.seconds(ContinuousClock.now - t0))
        for ((name, pid), before) in zip(processes, cpu0) {
            cpu[name, default: 0] += (cpuSeconds(pid) - before) * 1000 / Double(o.operations * o.rounds)
        }
        // The events that follow the mails (delivery recorded) come a moment later.
        try await Task.sleep(for: .seconds(3))
        perOperation.append(Double(try await brokerReceived(sys) - received) / Double(o.operations))
        print(
            String(
                format:
                    "  round %d  C baseline %8.0f msg/s   suite %6.0f operations/s   %.1f broker messages/operation",
                round, rates.last!, capacities.last!, perOperation.last!))
    }
    f.baseline = Stats.median(rates)
    f.capacity = Stats.median(capacities)
    f.messagesPerOperation = Stats.median(perOperation)
    f.cpu = cpu

    // Latency at a fifth of capacity: a steady schedule; a mail's delivery time is its file's.
    f.latencyRate = f.capacity / 5
    let total = Int(f.latencyRate * o.latencySeconds)
    var sent: [String: Date] = [:]
    let l0 = ContinuousClock.now
    var next = 0
    let latencyStart = mailsNow()
    while next < total {
        let due = min(total, Int(Stats.seconds(ContinuousClock.now - l0) * f.latencyRate) + 1)
        if due > next {
            let batch = try (next..<due).map { try SuiteLoad.command($0, run: "lat", eveningID: eveningID) }
            let now = Date()
            for i in next..<due { sent["lat-\(i)"] = now }
            for r in await connection.publish(batch: batch) { try r.get() }
            next = due
        }
        try await Task.sleep(for: .milliseconds(2))
    }
    try await waitUntil("every latency mail", timeout: 300) { mailsNow() >= latencyStart + total }
    try await Task.sleep(for: .milliseconds(500))
    let arrived = arrivals.snapshot()
    let mails = SuiteLoad.mailFiles(in: maildir, run: "lat")
    f.latencies = sent.compactMap { key, t in mails[key].flatMap { arrived[$0] }.map { $0.timeIntervalSince(t) * 1000 }
    }
    // The kernel's high-water mark: the peak of the capacity rounds and the latency run alike.
    for s in services { f.peak[s] = sys.pid(of: s).map { memory($0).peak } }
    f.peakOwn = sampler.stop()

    // Start to ready: each service stopped and started again (its store and queues exist, as after
    // a restart), timed until /health/ready says ready; the median of three.
    for s in services {
        var times: [Double] = []
        for _ in 0..<3 {
            await sys.stopService(s)
            let t0 = ContinuousClock.now
            try sys.start(s)
            try await waitUntil("\(s) to be ready", timeout: 60) { await isReady(httpPorts[s]!) }
            times.append(Stats.seconds(ContinuousClock.now - t0))
        }
        f.ready[s] = Stats.median(times)
    }
    await connection.close()
    await admin.close()
    return f
}

func report(_ o: Options, _ f: Figures) throws {
    let (p50, p99, p999) = (
        Stats.percentile(f.latencies, 50), Stats.percentile(f.latencies, 99), Stats.percentile(f.latencies, 99.9)
    )
    print(String(format: "  C baseline (median of %d)          %10.0f msg/s", o.rounds, f.baseline))
    print(
        String(format: "  operations end to end             %10.0f operations/s (median of %d)", f.capacity, o.rounds))
    print(String(format: "  broker messages per operation     %10.1f (counted by the broker)", f.messagesPerOperation))
    print(String(format: "  efficiency vs. C baseline         %10.2f   (goal ≥ 0.50)", f.efficiency))
    print(
        String(
            format:
                "  latency at %.0f operations/s, command to mail: p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms (%d operations)",
            f.latencyRate, p50, p99, p999, f.latencies.count))
    let cpu = (services + ["broker"]).map { "\($0) " + String(format: "%.2f", f.cpu[$0] ?? .nan) }
    print("  CPU ms per operation at capacity: \(cpu.joined(separator: ", "))")
    print("  service        RSS idle   peak under load   of it own memory   start to ready   (goals: < 60 MB, < 1 s)")
    for s in services {
        let name = s.padding(toLength: 13, withPad: " ", startingAt: 0)
        print(
            "  \(name)"
                + String(
                    format: "%6.1f MB        %6.1f MB         %6.1f MB        %6.3f s", f.idle[s] ?? .nan,
                    f.peak[s] ?? .nan, f.peakOwn[s] ?? .nan, f.ready[s] ?? .nan))
    }
    var rows = [
        "baseline_msg_per_s,,\(f.baseline)", "operations_per_s,,\(f.capacity)",
        "messages_per_operation,,\(f.messagesPerOperation)", "efficiency,,\(f.efficiency)",
        "latency_load_operations_per_s,,\(f.latencyRate)", "latency_p50_ms,,\(p50)", "latency_p99_ms,,\(p99)",
        "latency_p999_ms,,\(p999)",
    ]
    for s in services {
        rows += [
            "rss_idle_mb,\(s),\(f.idle[s] ?? .nan)", "rss_peak_load_mb,\(s),\(f.peak[s] ?? .nan)",
            "anonymous_peak_load_mb,\(s),\(f.peakOwn[s] ?? .nan)",
            "start_to_ready_s,\(s),\(f.ready[s] ?? .nan)",
        ]
    }
    for s in services + ["broker"] { rows.append("cpu_ms_per_operation,\(s),\(f.cpu[s] ?? .nan)") }
    try Stats.writeCSV("\(o.directory)/suite.csv", header: "metric,service,value", rows: rows)
    let sorted = f.latencies.sorted()
    try Stats.writeCSV(
        "\(o.directory)/suite-latency.csv", header: "fraction,latency_ms",
        rows: sorted.enumerated().map { "\(Double($0.offset + 1) / Double(sorted.count)),\($0.element)" })
    print("bench-suite: wrote \(o.directory)/suite.csv and \(o.directory)/suite-latency.csv")
}

do {
    let o = try Options(CommandLine.arguments)
    print(
        "bench-suite: the four services; \(o.rounds) rounds of the C baseline and \(o.operations) operations, "
            + "then \(Int(o.latencySeconds)) s at a fifth of the capacity")
    var figures = Figures()
    try await SystemUnderTest.with(
        services: Array(services.dropFirst()),
        environment: httpPorts.mapValues { ["RBN_HTTP_ADDR": "127.0.0.1:\($0)", "RBN_LOG_LEVEL": "error"] }
    ) { sys in figures = try await measure(o, sys) }
    try report(o, figures)
} catch {
    FileHandle.standardError.write(Data("bench-suite: \(error)\n".utf8))
    exit(1)
}
