import Foundation
import Glibc

/// Runs programs from tests with posix_spawn and waitpid. Foundation's Process can miss the exit
/// of a script that starts a detached daemon (as `rabbitmq-server -detached` does).
public enum Subprocess {
    /// Runs `argv` (the program is looked up in PATH) with extra environment variables, standard
    /// input from /dev/null; returns the exit status and the combined output.
    public static func run(
        _ argv: [String], environment extra: [String: String] = [:]
    ) -> (status: Int32, output: String) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("subprocess-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: out) }
        let shell = ["/bin/sh", "-c", "exec \"$@\" >\"\(out.path)\" 2>&1 </dev/null", "sh"] + argv
        let env = ProcessInfo.processInfo.environment.merging(extra) { $1 }.map { "\($0)=\($1)" }
        var cArgs = shell.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, nil, &cArgs, &cEnv) == 0 else { return (-1, "cannot start \(argv[0])") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // The exit code when it exited, else 128 + the signal (as a shell reports it).
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (code, (try? String(contentsOf: out, encoding: .utf8)) ?? "")
    }

    /// ``run(_:environment:)`` on a thread of its own, so a long wait (a broker restarting) does not
    /// hold one of the few threads that async code shares; at most ``ProcessSlots`` at once.
    public static func runInBackground(
        _ argv: [String], environment extra: [String: String] = [:]
    ) async -> (status: Int32, output: String) {
        await ProcessSlots.shared.run {
            await withCheckedContinuation { done in
                Thread.detachNewThread { done.resume(returning: run(argv, environment: extra)) }
            }
        }
    }
}

/// How many helper programs (CLIs, rabbitmqctl, which starts an Erlang VM) the tests run at once.
/// Waiting for a slot suspends the task and holds no thread; without a bound, the suites running in
/// parallel start dozens at once and starve the services they test on a 2-core machine.
public actor ProcessSlots {
    public static let shared = ProcessSlots(slots: max(2, ProcessInfo.processInfo.activeProcessorCount))
    /// How many whole systems (``SystemUnderTest``: a vhost and up to four service processes) run
    /// at once: the suites run in parallel, and more would starve each other on 2 cores.
    public static let systems = ProcessSlots(slots: max(3, ProcessInfo.processInfo.activeProcessorCount + 1))
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(slots: Int) { free = slots }

    /// Runs `body` once a slot is free, and frees it afterwards.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    /// Waits for a slot; pair with ``release()``.
    public func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    public func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
