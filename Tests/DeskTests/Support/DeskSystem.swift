import Foundation
import RBNTestSupport

/// A whole system for the `desk` binary, in a virtual host of its own on the test broker: the real
/// `registry` and `support-desk` processes, the demo seeds loaded with `rbnctl`, and a way to run
/// `desk` as a process with arguments, standard input and environment.
final class DeskSystem: @unchecked Sendable {
    let vhost: String
    let directory: String
    let port: String
    private(set) var registry: ChildProcess?
    private(set) var supportDesk: ChildProcess?

    static var binaries: String { URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path }
    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// Runs `body` against a fresh system and stops its processes whatever happens.
    static func with(_ body: (DeskSystem) async throws -> Void) async throws {
        let system = try DeskSystem()
        do {
            try await system.prepare()
            try await body(system)
        } catch {
            await system.stop()
            throw error
        }
        await system.stop()
    }

    private init() throws {
        guard let url = ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"],
            let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"]
        else {
            throw TestSetupError("RBN_TEST_AMQP_URL and RBN_BROKER_CTL are not set: run the tests with 'make test'")
        }
        port = String(url.split(separator: ":").last ?? "5672")
        let id = UUID().uuidString.prefix(8).lowercased()
        vhost = "desk-\(id)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-desk-\(id)").path
        try FileManager.default.createDirectory(atPath: "\(directory)/state", withIntermediateDirectories: true)
        for args in [
            ["add_vhost", vhost], ["set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
        ] {
            let r = Subprocess.run([ctl, "ctl"] + args)
            guard r.status == 0 else { throw TestSetupError("rabbitmqctl \(args[0]) failed: \(r.output)") }
        }
    }

    /// Starts the services and loads the seeds.
    private func prepare() async throws {
        registry = try start("registry")
        try startSupportDesk()
        // The seeds go in once the registry has declared its queue (loading twice changes nothing).
        var seeded = (status: Int32(-1), output: "")
        for _ in 0..<240 where seeded.status != 0 {
            seeded = Subprocess.run(
                ["\(Self.binaries)/rbnctl", "registry", "seed", "\(Self.repository)/seeds", "--timeout", "60"],
                environment: ["RBN_AMQP_URL": brokerURL()])
            if seeded.status == 5 { try await Task.sleep(for: .milliseconds(250)) } else { break }
        }
        guard seeded.status == 0 else { throw TestSetupError("rbnctl registry seed failed: \(seeded.output)") }
    }

    /// A second broker user with rights in this virtual host.
    func addUser(_ name: String, password: String) throws {
        let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? ""
        for args in [["add_user", name, password], ["set_permissions", "-p", vhost, name, ".*", ".*", ".*"]] {
            let r = Subprocess.run([ctl, "ctl"] + args)
            guard r.status == 0 else { throw TestSetupError("rabbitmqctl \(args[0]) failed: \(r.output)") }
        }
    }

    func brokerURL(user: String = "guest", password: String = "guest") -> String {
        "amqp://\(user):\(password)@127.0.0.1:\(port)/\(vhost)"
    }

    private func start(_ binary: String) throws -> ChildProcess {
        try ChildProcess(
            "\(Self.binaries)/\(binary)",
            environment: [
                "RBN_AMQP_URL": brokerURL(), "RBN_DATA_DIR": directory, "RBN_HTTP_ADDR": "off",
                "RBN_LOG_LEVEL": "warning", "RBN_DESK_ADMINS": "guest",
            ], logPath: "\(directory)/\(binary).log")
    }

    func startSupportDesk() throws { supportDesk = try start("support-desk") }

    func stopSupportDesk() async {
        await supportDesk?.stop()
        supportDesk = nil
    }

    func stop() async {
        await supportDesk?.stop()
        await registry?.stop()
        let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? ""
        _ = Subprocess.run([ctl, "ctl", "delete_vhost", vhost])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// What one run of `desk` did.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `desk` as guest (an admin) unless `environment` says otherwise; no config file, state
    /// in this system's directory, no terminal (so no colour, and the text comes from `stdin`).
    func desk(_ args: [String], stdin: String = "", environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(Self.binaries)/desk")
        process.arguments = args
        var env = ProcessInfo.processInfo.environment
        for key in ["DESK_AGENT", "DESK_PASSWORD", "EDITOR", "VISUAL", "XDG_CONFIG_HOME"] { env[key] = nil }
        env["RBN_AMQP_URL"] = brokerURL()
        env["XDG_STATE_HOME"] = "\(directory)/state"
        env["HOME"] = directory
        process.environment = env.merging(environment) { $1 }
        let (input, output, errors) = (Pipe(), Pipe(), Pipe())
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    /// Opens a ticket, retrying while the support desk has not yet learnt the school from the
    /// registry's events; returns its id.
    func openTicket(school: String = "193001", title: String, text: String = "Bitte prüfen.") async throws -> Int {
        for _ in 0..<120 {
            let r = try desk(
                [
                    "open", "--school", school, "--title", title, "--category", "network", "--requester",
                    "Anna Becker <anna.becker@schule.example>", "-m", text, "--json",
                ])
            if r.status == 0, let id = Self.ticketID(r.stdout) { return id }
            guard r.stderr.contains("unknown-school") || r.status == 5 else {
                throw TestSetupError("desk open failed (\(r.status)): \(r.stderr)")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw TestSetupError("the support desk never learnt school \(school)")
    }

    /// The ticket id of a `--json` ticket details answer.
    static func ticketID(_ json: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let ticket = object["ticket"] as? [String: Any]
        else { return nil }
        return ticket["id"] as? Int
    }
}
