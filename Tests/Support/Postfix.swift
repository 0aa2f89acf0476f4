import Foundation
import Glibc

/// A Postfix of the test's own (Debian's, `Tests/Mail/postfix-instance`): it takes SMTP on a free
/// loopback port and relays one domain over LMTP to a listener, the way a school's mail reaches
/// the support desk. Mails go in through Python's `smtplib` (`Tests/Mail/send.py`).
public final class PostfixInstance: Sendable {
    public let directory: String
    public let smtpPort: Int
    let process: ChildProcess

    private init(directory: String, smtpPort: Int, process: ChildProcess) {
        self.directory = directory
        self.smtpPort = smtpPort
        self.process = process
    }

    /// Starts Postfix relaying `domain` to the LMTP listener on `lmtpPort`; returns once it takes SMTP.
    public static func start(relaying domain: String, to lmtpPort: Int) async throws -> PostfixInstance {
        try await start(domain: domain, target: "127.0.0.1:\(lmtpPort)")
    }

    /// Starts Postfix delivering `domain` into the maildir at `path` itself (no LMTP).
    public static func start(delivering domain: String, intoMaildir path: String) async throws -> PostfixInstance {
        try await start(domain: domain, target: "maildir:\(path)")
    }

    private static func start(domain: String, target: String) async throws -> PostfixInstance {
        let directory = NSTemporaryDirectory() + "rbn-postfix-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let port = TCPPort.free()
        let process = try ChildProcess(
            "\(SystemUnderTest.repository)/Tests/Mail/postfix-instance",
            arguments: [directory, "\(port)", target, domain], environment: [:],
            logPath: directory + ".log")
        let postfix = PostfixInstance(directory: directory, smtpPort: port, process: process)
        let up = await eventually(until: { $0 || process.hasExited }) { TCPPort.accepts(port) }
        guard up, !process.hasExited else {
            throw TestSetupError("Postfix did not start:\n\(process.tail())\n\(postfix.maillog.suffix(2000))")
        }
        return postfix
    }

    /// Sends mail files through this Postfix, each to the address its `To:` names (or `to`).
    public func send(_ files: [String], to: String? = nil, repeat times: Int = 1) async throws {
        var argv = ["python3", "\(SystemUnderTest.repository)/Tests/Mail/send.py", "127.0.0.1", "\(smtpPort)"]
        if let to { argv += ["--to", to] }
        argv += ["--repeat", "\(times)"] + files
        let r = await Subprocess.run(argv)
        guard r.status == 0 else { throw TestSetupError("send.py failed: \(r.output)") }
    }

    /// Postfix's log.
    public var maillog: String { (try? String(contentsOfFile: directory + "/maillog", encoding: .utf8)) ?? "" }

    /// How many deliveries Postfix logged as done (`status=sent`), one per recipient.
    public var delivered: Int { maillog.split(separator: "\n").filter { $0.contains("status=sent") }.count }

    /// How many it logged as deferred, to be tried again.
    public var deferred: Int { maillog.split(separator: "\n").filter { $0.contains("status=deferred") }.count }

    /// Stops Postfix and removes its files.
    public func stop() async {
        // Its master runs in a session of its own: stopping the script that started it is not
        // enough. Its children end when it does.
        let pidFile = directory + "/queue/pid/master.pid"
        let master = await eventually(until: { $0 != nil || process.hasExited }) {
            (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap {
                pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        if let master {
            kill(master, SIGTERM)
            let gone = await eventually(until: { $0 }) { kill(master, 0) != 0 }
            if !gone { kill(master, SIGKILL) }
        }
        await process.stop(grace: 20)
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: directory + ".log")
    }
}

/// Loopback TCP ports for programs a test starts.
public enum TCPPort {
    /// A port nothing listens on now (the kernel's choice for port 0).
    public static func free() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts connections on the loopback port.
    public static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
