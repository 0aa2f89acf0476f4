import Foundation
import Messaging

/// A part of the suite run for real, in a RabbitMQ virtual host of its own on the test broker: the
/// `registry` and the services named, as the built processes, with the demo seeds loaded through
/// `rbnctl`; and CLIs (`desk`, `rbnctl`) run as processes with arguments, standard input and
/// environment.
public final class SystemUnderTest: @unchecked Sendable {
    public let vhost: String
    private let ctlPath: String
    public let directory: String
    /// The broker's port (the first node's, for a cluster).
    public let port: String
    /// The broker's nodes as a URI lists them: `127.0.0.1:5699`, or several, comma-separated.
    public let nodes: String
    private let services: [String]
    private let registry: Bool
    private var processes: [String: ChildProcess] = [:]
    /// Environment of a service's own, over the defaults of ``start(_:user:password:url:)``.
    private let environments: [String: [String: String]]
    /// The file mode creation mask the services start with, if not the test process's.
    private let umask: mode_t?

    /// Where `swift build` put the binaries: next to the test bundle.
    public static var binaries: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    }
    public static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// Runs `body` against a fresh system of the registry and `services`, and stops its processes
    /// whatever happens.
    /// - Parameter registry: false for services that need no directory (no registry, no seeds).
    /// - Parameter environment: variables of a service's own (by binary), such as a data
    ///   directory elsewhere or a health address, kept for each restart.
    /// - Parameter umask: the file mode creation mask the services start with (the test process's
    ///   is never changed: other tests write files meanwhile).
    public static func with(
        services: [String], registry: Bool = true, environment: [String: [String: String]] = [:],
        umask: mode_t? = nil, _ body: (SystemUnderTest) async throws -> Void
    ) async throws {
        await ProcessSlots.systems.acquire()
        let system: SystemUnderTest
        do {
            system = try SystemUnderTest(
                services: services, registry: registry, environment: environment, umask: umask)
        } catch {
            await ProcessSlots.systems.release()
            throw error
        }
        do {
            try await system.makeVirtualHost()
            try await system.prepare()
            try await body(system)
        } catch {
            await system.stop()
            await ProcessSlots.systems.release()
            throw error
        }
        await system.stop()
        await ProcessSlots.systems.release()
    }

    private init(
        services: [String], registry: Bool, environment: [String: [String: String]], umask: mode_t?
    ) throws {
        self.umask = umask
        self.registry = registry
        environments = environment
        guard let url = ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"],
            let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"]
        else {
            throw TestSetupError("RBN_TEST_AMQP_URL and RBN_BROKER_CTL are not set: run the tests with 'make test'")
        }
        self.services = services
        let endpoints = try AMQPConfiguration(uri: url).endpoints
        port = String(endpoints[0].port)
        nodes = endpoints.map { "\($0.host):\($0.port)" }.joined(separator: ",")
        let id = UUID().uuidString.prefix(8).lowercased()
        vhost = "sut-\(id)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-sut-\(id)").path
        try FileManager.default.createDirectory(atPath: "\(directory)/state", withIntermediateDirectories: true)
        // As a service started by hand under that mask would find its data directory.
        if let umask { chmod(directory, 0o777 & ~umask) }
        self.ctlPath = ctl
    }

    /// The virtual host of its own, made with rabbitmqctl on a thread of its own.
    private func makeVirtualHost() async throws {
        for args in [["add_vhost", vhost], ["set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"]] {
            let r = await Subprocess.run([ctlPath, "ctl"] + args)
            guard r.status == 0 else { throw TestSetupError("rabbitmqctl \(args[0]) failed: \(r.output)") }
        }
    }

    /// Starts the registry and the services, and loads the registry's seeds.
    private func prepare() async throws {
        for s in services { try start(s) }
        guard registry else { return }
        try start("registry")
        // The seeds go in once the registry has declared its queue (loading twice changes nothing).
        let seeded = try await retryWhileUnavailable([
            "registry", "seed", "\(Self.repository)/seeds", "--timeout", "60",
        ])
        guard seeded.status == 0 else { throw TestSetupError("rbnctl registry seed failed: \(seeded.stderr)") }
    }

    /// Runs `rbnctl` until it gets an answer (exit code other than 5): the services are starting.
    /// A service that died meanwhile ends the wait at once, with its log.
    public func retryWhileUnavailable(_ args: [String], environment: [String: String] = [:]) async throws -> Run {
        let r = try await eventually(until: { $0.status != 5 || self.exited() != nil }) {
            try await run("rbnctl", args, environment: environment)
        }
        if r.status == 5, let dead = exited() {
            throw TestSetupError("\(dead) exited while starting: \(tail(dead))")
        }
        return r
    }

    /// A service of this system that has ended, if one has.
    public func exited() -> String? { processes.first { $0.value.hasExited }?.key }

    /// Opens a ticket with `desk open` (and `--json`), trying again while the support desk has not yet
    /// learnt the school from the registry's events; returns the last run and the ticket's id.
    public func openTicket(
        school: String = "193001", title: String, requester: String, text: String, category: String = "hardware",
        extra: [String] = [], environment: [String: String] = [:]
    ) async throws -> (run: Run, id: Int?) {
        var opened = Run(status: -1, stdout: "", stderr: "not tried")
        for _ in 0..<240 {
            opened = try await run(
                "desk",
                [
                    "open", "--school", school, "--title", title, "--category", category, "--requester", requester,
                    "-m", text, "--json",
                ] + extra, environment: environment)
            if opened.status == 0 { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let object = try? JSONSerialization.jsonObject(with: Data(opened.stdout.utf8)) as? [String: Any]
        return (opened, (object?["ticket"] as? [String: Any])?["id"] as? Int)
    }

    /// Loads the training seeds through `rbnctl training seed`, waiting (up to `seconds`) while the
    /// training service has not yet learnt the seeded networks and schools from the registry's events.
    /// Returns the last run, whose status is 0 when the seeds went in.
    public func seedTraining(within seconds: Double = 180) async throws -> Run {
        let args = ["training", "seed", "\(Self.repository)/seeds"]
        let deadline = ContinuousClock.now + .seconds(seconds)
        var r = try await retryWhileUnavailable(args)
        var tries = 0
        while r.stderr.contains("unknown-school") || r.stderr.contains("unknown-network"),
            ContinuousClock.now < deadline
        {
            // A service started after the registry sent its directory never got it: every few
            // seconds the registry announces it again (as `make run` does).
            tries += 1
            if tries % 12 == 0 { _ = try await retryWhileUnavailable(["registry", "announce"]) }
            try await Task.sleep(for: .milliseconds(250))
            r = try await retryWhileUnavailable(args)
        }
        return r
    }

    /// Runs `rabbitmqctl` on the test broker; fails the setup when it fails.
    @discardableResult
    public func ctl(_ args: [String]) async throws -> String {
        let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? ""
        let r = await Subprocess.run([ctl, "ctl"] + args)
        guard r.status == 0 else { throw TestSetupError("rabbitmqctl \(args.first ?? "") failed: \(r.output)") }
        return r.output
    }

    /// A second broker user with rights in this virtual host.
    public func addUser(_ name: String, password: String) async throws {
        try await ServiceHarness.addBrokerUser(name, password: password, vhost: vhost)
    }

    public func brokerURL(user: String = "guest", password: String = "guest") -> String {
        "amqp://\(user):\(password)@\(nodes)/\(vhost)"
    }

    /// Starts a service's binary (again, after `stopService`), connected as `user` (default guest),
    /// or to `url` when given, or as a configuration file says (`--config`, as `make run` does).
    public func start(
        _ binary: String, user: String = "guest", password: String = "guest", url: String? = nil,
        config: String? = nil
    ) throws {
        let broker = config == nil ? ["RBN_AMQP_URL": url ?? brokerURL(user: user, password: password)] : [:]
        processes[binary] = try ChildProcess(
            "\(Self.binaries)/\(binary)", arguments: config.map { ["--config", $0] } ?? [],
            environment: broker.merging([
                "RBN_DATA_DIR": directory,
                "RBN_HTTP_ADDR": "off", "RBN_PUBLISHERS": "*", "RBN_PORTAL_ADDR": "127.0.0.1:0",
                "RBN_LOG_LEVEL": "warning", "RBN_DESK_ADMINS": "guest", "RBN_OPERATORS": "guest",
            ]) { $1 }.merging(environments[binary] ?? [:]) { $1 }, logPath: "\(directory)/\(binary).log",
            umask: umask)
    }

    /// The last lines of a running service's log.
    public func tail(_ binary: String, lines: Int = 20) -> String { processes[binary]?.tail(lines) ?? "" }

    /// The process id of a running service.
    public func pid(of binary: String) -> pid_t? { processes[binary]?.pid }

    /// SIGKILLs a service's process and waits until it is gone.
    public func kill(_ binary: String) async {
        processes[binary]?.signal(SIGKILL)
        _ = await processes[binary]?.wait(timeout: 10)
        processes[binary] = nil
    }

    public func stopService(_ binary: String) async {
        await processes[binary]?.stop()
        processes[binary] = nil
    }

    public func stop() async {
        for p in processes.values { await p.stop() }
        processes = [:]
        let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? ""
        _ = await Subprocess.run([ctl, "ctl", "delete_vhost", vhost])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// What one run of a CLI did.
    public typealias Run = Subprocess.Outcome

    /// Runs one of the suite's CLIs to its end, connected as guest unless `environment` says
    /// otherwise; no config file, state in this system's directory, no terminal (so no colour; text
    /// comes from `stdin`).
    public func run(
        _ binary: String, _ args: [String], stdin: String = "", environment: [String: String] = [:]
    ) async throws -> Run {
        var env = ProcessInfo.processInfo.environment
        for key in ["DESK_AGENT", "DESK_PASSWORD", "EDITOR", "VISUAL", "XDG_CONFIG_HOME"] { env[key] = nil }
        env["RBN_AMQP_URL"] = brokerURL()
        env["XDG_STATE_HOME"] = "\(directory)/state"
        env["HOME"] = directory
        let outcome = await Subprocess.run(
            ["\(Self.binaries)/\(binary)"] + args, environment: environment, replacing: env, stdin: stdin)
        guard outcome.status >= 0 else { throw TestSetupError("could not run \(binary): \(outcome.stderr)") }
        return outcome
    }
}
