import ArgumentParser
import CLIKit
import Foundation
import Messaging

/// The options every `desk` command takes: where the broker is and who is asking.
public struct DeskOptions: ParsableArguments {
    @Option(
        name: .customLong("amqp-url"),
        help: "Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).")
    var amqpURL: String?

    @Option(help: "Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).")
    var agent: String?

    @Option(help: "Seconds to wait for the support desk's answer (default 10).")
    var timeout: Double?

    @Option(help: "The config file (default: ~/.config/rbn/desk.toml).")
    var config: String?

    public init() {}

    public func validate() throws {
        if let timeout, !(timeout > 0 && timeout <= 600) {
            throw ValidationError("--timeout must be between 0 and 600 seconds")
        }
    }
}

/// Where the desk connects and as whom, from flags, then the environment, then the config file.
///
/// The agent is the broker user: RabbitMQ checks the AMQP `user_id` of every request against the
/// login, so the desk's identity cannot be borrowed. The password comes from the URL, from
/// `DESK_PASSWORD`, or from the file `password_file` names, which must be readable by its owner
/// only (mode 0600); never from a flag, where `ps` would show it.
struct DeskConfig {
    var broker: AMQPConfiguration
    var timeout: Double

    var agent: String { broker.user }

    static func resolve(
        _ o: DeskOptions, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CLIError) -> DeskConfig {
        let path = o.config ?? ConfigFile.defaultPath(environment)
        let file = try ConfigFile.load(path, required: o.config != nil)
        let url = o.amqpURL ?? environment["RBN_AMQP_URL"]?.nonEmpty ?? file["amqp_url"] ?? "amqp://127.0.0.1:5672"
        var broker: AMQPConfiguration
        do {
            broker = try AMQPConfiguration(uri: url)
        } catch {
            throw CLIError(.usage, "the broker URL is not valid: \(error.message)")
        }
        let urlHasUser = Self.userInfo(of: url) != nil
        if let agent = o.agent ?? environment["DESK_AGENT"]?.nonEmpty ?? file["agent"] {
            if !(urlHasUser && broker.user == agent) {
                broker.user = agent
                broker.password = try password(for: agent, environment, file, configPath: path)
            }
        }
        var timeout = o.timeout ?? 10
        if o.timeout == nil, let text = file["timeout"] {
            guard let t = Double(text), t > 0, t <= 600 else {
                throw CLIError(.usage, "\(path): timeout must be a number of seconds between 0 and 600, not '\(text)'")
            }
            timeout = t
        }
        return DeskConfig(broker: broker, timeout: timeout)
    }

    private static func password(
        for agent: String, _ environment: [String: String], _ file: ConfigFile, configPath: String
    ) throws(CLIError) -> String {
        if let p = environment["DESK_PASSWORD"], !p.isEmpty { return p }
        guard let passwordFile = file["password_file"] else {
            throw CLIError(
                .usage,
                "no password for agent '\(agent)': set DESK_PASSWORD, or password_file in \(configPath) "
                    + "(a file only you can read), or give it in --amqp-url")
        }
        let resolved = ConfigFile.expand(passwordFile, environment)
        var info = stat()
        guard stat(resolved, &info) == 0 else {
            throw CLIError(.usage, "the password file \(resolved) (password_file in \(configPath)) does not exist")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw CLIError(
                .usage, "the password file \(resolved) can be read by others; run: chmod 600 \(resolved)")
        }
        guard let text = try? String(contentsOfFile: resolved, encoding: .utf8) else {
            throw CLIError(.usage, "cannot read the password file \(resolved)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The `user[:password]` part of a URI, when it has one.
    private static func userInfo(of url: String) -> Substring? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@") else { return nil }
        return authority[..<at]
    }
}
