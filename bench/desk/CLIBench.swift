import BenchSupport
import Foundation
import GRDB
import RBNTestSupport
import ServiceKit
import SupportDeskService

/// The `desk` CLI as an agent meets it: the wall time of `desk show ID` and `desk list` (50 rows),
/// process start, connection and answer included, against a real support-desk process whose store
/// holds `tickets` tickets; beside the wall time of `sqlite3` running the same list query on the
/// store (the floor: a process that only opens the file and reads 50 rows).
struct CLIBench {
    let desk: String
    let service: String
    let brokerURL: String
    let tickets: Int
    let runs: Int

    struct Result {
        let name: String
        let median: Double
        let p90: Double
    }

    func run() async throws -> [Result] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-bench-cli-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, newest) = try await syntheticStore(tickets: tickets, in: dir)
        let path = store.path

        let process = try ChildProcess(
            service,
            environment: [
                "RBN_AMQP_URL": brokerURL, "RBN_DATA_DIR": dir, "RBN_HTTP_ADDR": "off", "RBN_PUBLISHERS": "*",
                "RBN_LOG_LEVEL": "warning",
                "RBN_DESK_ADMINS": "guest",
            ], logPath: "\(dir)/support-desk.log")
        defer { process.signal(SIGKILL) }
        let show = ["show", "\(newest / 2)"]
        let list = ["list", "--limit", "50"]
        // Ready when it answers.
        var ready = false
        for _ in 0..<200 where !ready {
            ready = try time(desk, show + ["--timeout", "2"]).status == 0
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        guard ready else { throw BenchError("support-desk did not answer: \(process.tail())") }

        let sql = "SELECT * FROM tickets ORDER BY id DESC LIMIT 50"
        let cases: [(String, String, [String])] = [
            ("desk show ID", desk, show), ("desk list (50 rows)", desk, list),
            ("sqlite3, the same 50 rows (floor)", "/usr/bin/sqlite3", [path, sql]),
        ]
        var results: [Result] = []
        for (name, program, args) in cases {
            var times: [Double] = []
            for i in 0..<(runs + 3) {
                let (status, seconds) = try time(program, args)
                guard status == 0 else { throw BenchError("\(name) failed with exit code \(status)") }
                if i >= 3 { times.append(seconds) }  // the first runs warm the page cache
            }
            results.append(Result(name: name, median: Stats.median(times), p90: Stats.percentile(times, 90)))
        }
        await process.stop()
        return results
    }

    /// Runs a program to its end, output discarded; its exit status and wall time.
    private func time(_ program: String, _ args: [String]) throws -> (status: Int32, seconds: Double) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["RBN_AMQP_URL"] = brokerURL
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        let clock = ContinuousClock()
        let start = clock.now
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, Stats.seconds(clock.now - start))
    }
}
