import Foundation
import Glibc

/// A program started in the background that tests can signal and wait for, e.g. a service to
/// SIGKILL. Output goes to a log file.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    public let logPath: String
    private var exitStatus: Int32?

    /// Starts `path` with the environment plus `environment`, output appended to `logPath`, and
    /// with the file mode creation mask `umask` if given (set by a shell that then execs it).
    public init(
        _ path: String, arguments: [String] = [], environment extra: [String: String], logPath: String,
        umask: mode_t? = nil
    ) throws {
        self.logPath = logPath
        let env = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let argv =
            umask.map { ["/bin/sh", "-c", "umask \(String($0, radix: 8)) && exec \"$0\" \"$@\"", path] } ?? [path]
        pid = try Subprocess.spawn(argv + arguments, environment: env, stdout: logPath, stderr: logPath, append: true)
    }

    public func signal(_ sig: Int32) { Glibc.kill(pid, sig) }

    /// The exit code (or 128 + signal) once the process ended, waiting up to `timeout` seconds;
    /// nil if it is still running then.
    public func wait(timeout: Double) async -> Int32? {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                exitStatus = code
                return code
            }
            if r < 0 { return -1 }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Whether it has ended, asked without waiting (its exit code is kept for ``wait(timeout:)``).
    public var hasExited: Bool {
        if exitStatus != nil { return true }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return false }
        exitStatus = Subprocess.exitCode(status)
        return true
    }

    /// Stops it: SIGTERM, then SIGKILL if it is still running after `grace` seconds.
    @discardableResult
    public func stop(grace: Double = 10) async -> Int32? {
        signal(SIGTERM)
        if let code = await wait(timeout: grace) { return code }
        signal(SIGKILL)
        return await wait(timeout: 5)
    }

    /// The port a test server announces with a line `ready <port>` in its output, once it does;
    /// nil when it exits first.
    public func announcedPort() async -> Int? {
        await eventually(every: .milliseconds(50), until: { $0 != nil || self.hasExited }) {
            let text = (try? String(contentsOfFile: self.logPath, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").first { $0.hasPrefix("ready ") }.flatMap { Int($0.dropFirst(6)) }
        }
    }

    /// The last lines of its output, for failure messages.
    public func tail(_ lines: Int = 20) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
