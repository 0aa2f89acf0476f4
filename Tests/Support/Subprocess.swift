import Foundation
import Glibc

/// Runs programs from tests with posix_spawn and waitpid, never with Foundation's Process.
///
/// Why not Process: it learns of a child's exit through a socket the child inherits, and its output
/// through pipes. A program that another thread starts at the same moment inherits those too (glibc
/// has no close-on-exec default), so a CLI's exit went unnoticed for as long as a service started
/// beside it ran. Here the standard streams are files, the child keeps no other descriptor, and
/// the exit is taken with waitpid on the child's own pid.
public enum Subprocess {
    /// What a program did: its exit code (128 + the signal if one ended it, as a shell reports it)
    /// and what it wrote.
    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// Standard output, then standard error.
        public var output: String { stdout + stderr }
    }

    /// Runs `argv` to its end on a thread of its own, so the wait holds none of the few threads that
    /// async code shares, and at most as many programs at once as `slots` has (none: unbounded).
    /// - Parameters:
    ///   - argv: the program (looked up in PATH unless it is a path) and its arguments.
    ///   - environment: variables over this process's environment.
    ///   - replacing: the whole environment instead, if given (then `environment` is added to it).
    ///   - stdin: its standard input.
    ///   - slots: bounds how many run at once.
    public static func run(
        _ argv: [String], environment: [String: String] = [:], replacing base: [String: String]? = nil,
        stdin: String = "", slots: ProcessSlots? = .shared
    ) async -> Outcome {
        let body: @Sendable () async -> Outcome = {
            await withCheckedContinuation { done in
                Thread.detachNewThread {
                    done.resume(returning: runBlocking(argv, environment: environment, replacing: base, stdin: stdin))
                }
            }
        }
        guard let slots else { return await body() }
        return await slots.run(body)
    }

    /// ``run(_:environment:replacing:stdin:slots:)`` on the calling thread: only for code that is not
    /// async (a test broker's setup before any test runs).
    public static func runBlocking(
        _ argv: [String], environment: [String: String] = [:], replacing base: [String: String]? = nil,
        stdin: String = ""
    ) -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("subprocess-\(UUID().uuidString)")
        let (input, output, errors) = (scratch.path + ".in", scratch.path + ".out", scratch.path + ".err")
        defer { for path in [input, output, errors] { unlink(path) } }
        guard FileManager.default.createFile(atPath: input, contents: Data(stdin.utf8)) else {
            return Outcome(status: -1, stdout: "", stderr: "cannot write \(input)")
        }
        let env = (base ?? ProcessInfo.processInfo.environment).merging(environment) { $1 }
        let pid: pid_t
        do {
            pid = try spawn(argv, environment: env, stdin: input, stdout: output, stderr: errors)
        } catch {
            return Outcome(status: -1, stdout: "", stderr: "\(error)")
        }
        let status = waitForExit(pid)
        return Outcome(status: status, stdout: read(output), stderr: read(errors))
    }

    /// Starts `argv` with exactly `environment`, its standard streams on the files named (`stdout`
    /// and `stderr` may be the same; `append` appends instead of truncating), no other descriptor
    /// inherited, no signal blocked and SIGTERM and SIGINT at their defaults (the test process
    /// blocks some in its threads, and a child must stop when it is told to).
    public static func spawn(
        _ argv: [String], environment: [String: String], stdin: String = "/dev/null", stdout: String,
        stderr: String, append: Bool = false
    ) throws -> pid_t {
        guard let program = argv.first else { throw TestSetupError("no program to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let writing = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, writing, 0o600)
        if stderr == stdout {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, writing, 0o600)
        }
        if let closeFrom = closeFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = environment.map { strdup("\($0)=\($1)") } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let failed = posix_spawnp(&pid, program, &actions, &attributes, &cArgs, &cEnv)
        guard failed == 0 else {
            throw TestSetupError("could not start \(program): \(String(cString: strerror(failed)))")
        }
        return pid
    }

    /// Waits for `pid` to end; its exit code, or 128 + the signal that ended it.
    public static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return exitCode(status)
    }

    /// A wait status as a shell reports it.
    public static func exitCode(_ status: Int32) -> Int32 {
        (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    private static func read(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
    /// module does not import; looked up in the loaded libraries (RTLD_DEFAULT is a null handle).
    private static let closeFrom: CloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: CloseFrom.self)
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
