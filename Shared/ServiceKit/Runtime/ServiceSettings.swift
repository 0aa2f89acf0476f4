import Configuration
import Contracts
import Foundation
import Messaging
import SystemPackage

/// The settings every service reads at start, from (highest first) command-line flags, the
/// environment (`RBN_` + the key in upper case, dots as underscores) and an optional JSON file
/// (`--config FILE` or `RBN_CONFIG`).
public struct ServiceSettings: Sendable {
    public var amqp: AMQPConfiguration
    public var dataDirectory: String
    /// `host:port` of the health and metrics endpoint; empty to turn it off.
    public var httpAddress: String
    public var logFormat: LogFormat
    public var logLevel: String
    public var synchronous: Store.Synchronous
    public var prefetch: UInt16
    public var deliveryLimit: Int
    public var outboxRetentionHours: Double
    public var inboxRetentionDays: Double
    public var shutdownTimeout: Double
    /// The broker users whose requests are an operator's (see ``Senders/operators``).
    public var operators: Set<String> = ["rbnctl"]
    /// The broker users of the portal, which may send the requests the public may make (see
    /// ``Senders/public``).
    public var portalUsers: Set<String> = ["portal"]
    /// The operators and the portal, as the message processors tell them apart.
    public var roles: SenderRoles { SenderRoles(operators: operators, portal: portalUsers) }
    /// Who may publish each service's events (see ``EventPublishers``).
    public var publishers = EventPublishers()
    /// The values of a service's own keys (``ServiceDefinition/settingsKeys``), by name.
    public var extra: [String: String] = [:]

    public enum LogFormat: String, Sendable { case text, json }

    /// One configuration key: its name, default and meaning, for `--help` and validation.
    public struct Key: Sendable {
        public let name: String
        public let defaultValue: String
        public let help: String
        public init(name: String, defaultValue: String, help: String) {
            self.name = name
            self.defaultValue = defaultValue
            self.help = help
        }
        public var environment: String { "RBN_" + name.uppercased().replacingOccurrences(of: ".", with: "_") }
        public var flag: String { "--" + name.replacingOccurrences(of: ".", with: "-") }
    }

    /// Every key a service reads.
    public static func keys(defaultHTTPPort: Int) -> [Key] {
        [
            Key(
                name: "amqp.url", defaultValue: "amqp://guest:guest@127.0.0.1:5672",
                help: "broker URI (amqp:// or amqps://, RabbitMQ's URI spec); never logged with its password"),
            Key(name: "data.dir", defaultValue: "var/data", help: "directory of the service's SQLite store"),
            Key(
                name: "http.addr", defaultValue: "127.0.0.1:\(defaultHTTPPort)",
                help: "host:port of /health/live, /health/ready and /metrics; 'off' to disable"),
            Key(name: "log.format", defaultValue: "text", help: "text (for people) or json (one object per line)"),
            Key(
                name: "log.level", defaultValue: "info", help: "trace, debug, info, notice, warning, error or critical"),
            Key(
                name: "db.sync", defaultValue: "normal",
                help: "SQLite synchronous mode: normal or full (power-loss safe)"),
            Key(
                name: "prefetch", defaultValue: "100",
                help: "deliveries in flight per queue; also the group-commit size"),
            Key(
                name: "delivery.limit", defaultValue: "\(RBNTopology.defaultDeliveryLimit)",
                help: "deliveries of one message before it is dead-lettered"),
            Key(name: "outbox.retention.hours", defaultValue: "24", help: "how long published outbox rows are kept"),
            Key(name: "inbox.retention.days", defaultValue: "30", help: "how long consumed message ids are remembered"),
            Key(name: "shutdown.timeout", defaultValue: "10", help: "seconds a graceful stop may take"),
            Key(
                name: "operators", defaultValue: "rbnctl",
                help: "broker users (comma-separated) whose requests are an operator's: rbnctl's user"),
            Key(
                name: "portal.users", defaultValue: "portal",
                help:
                    "broker users (comma-separated) of the portal: they may send only the requests the public may make"),
            Key(
                name: "publishers", defaultValue: "",
                help:
                    "who publishes each service's events: service=user pairs (comma-separated) where the user is not named like the service; * for any user"
            ),
            Key(name: "config", defaultValue: "", help: "JSON file with any of these keys (nested or dotted)"),
        ]
    }

    /// Reads and checks the settings; throws a message naming the key and the fix.
    public static func load(
        arguments: [String] = CommandLine.arguments,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        defaultHTTPPort: Int, extraKeys: [Key] = []
    ) async throws(SettingsError) -> ServiceSettings {
        let keys = keys(defaultHTTPPort: defaultHTTPPort) + extraKeys
        let known = Set(keys.map(\.flag))
        for arg in arguments.dropFirst() where arg.hasPrefix("--") {
            let flag = String(arg.split(separator: "=", maxSplits: 1)[0])
            guard known.contains(flag) else { throw SettingsError("unknown option \(flag); see --help") }
        }
        let secret = SecretsSpecifier<String, String>.dynamic { key, _ in
            key.contains("URL") || key.contains("url") || key.contains("secret") || key.contains("SECRET")
        }
        let cli = CommandLineArgumentsProvider(arguments: arguments, secretsSpecifier: secret)
        let env = KeyMappingProvider(
            upstream: EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: secret)
        ) { $0.prepending(["rbn"]) }
        var providers: [any ConfigProvider] = [cli, env]
        let file = ConfigReader(providers: providers).string(forKey: "config", default: "")
        if !file.isEmpty {
            // The file may hold the broker's password: only its owner may read it.
            var info = stat()
            if stat(file, &info) == 0, info.st_mode & 0o077 != 0 {
                throw SettingsError(
                    "the configuration file '\(file)' can be read by others (mode \(String(info.st_mode & 0o777, radix: 8))); "
                        + "run: chmod 600 \(file)")
            }
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(file)))
            } catch {
                throw SettingsError("cannot read the configuration file '\(file)': \(error)")
            }
        }
        let reader = ConfigReader(providers: providers)
        func value(_ name: String) -> String {
            reader.string(forKey: ConfigKey(name), default: keys.first { $0.name == name }!.defaultValue)
        }
        func number(_ name: String, _ range: ClosedRange<Double>) throws(SettingsError) -> Double {
            guard let n = Double(value(name)), range.contains(n) else {
                throw SettingsError(
                    "\(name) must be a number from \(range.lowerBound) to \(range.upperBound), got '\(value(name))'")
            }
            return n
        }
        var settings = ServiceSettings(
            amqp: AMQPConfiguration(), dataDirectory: value("data.dir"), httpAddress: value("http.addr"),
            logFormat: .text, logLevel: value("log.level"), synchronous: .normal, prefetch: 100,
            deliveryLimit: RBNTopology.defaultDeliveryLimit, outboxRetentionHours: 24, inboxRetentionDays: 30,
            shutdownTimeout: 10)
        do {
            settings.amqp = try AMQPConfiguration(uri: value("amqp.url"))
        } catch {
            throw SettingsError("amqp.url: \(error.message)")
        }
        guard let format = LogFormat(rawValue: value("log.format")) else {
            throw SettingsError("log.format must be text or json, got '\(value("log.format"))'")
        }
        settings.logFormat = format
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(settings.logLevel) else {
            throw SettingsError(
                "log.level must be trace, debug, info, notice, warning, error or critical, got '\(settings.logLevel)'")
        }
        guard let sync = Store.Synchronous(rawValue: value("db.sync").uppercased()) else {
            throw SettingsError("db.sync must be normal or full, got '\(value("db.sync"))'")
        }
        settings.synchronous = sync
        settings.prefetch = UInt16(try number("prefetch", 1...5000))
        settings.deliveryLimit = Int(try number("delivery.limit", 1...1000))
        settings.outboxRetentionHours = try number("outbox.retention.hours", 0...24 * 365)
        settings.inboxRetentionDays = try number("inbox.retention.days", 1...3650)
        settings.shutdownTimeout = try number("shutdown.timeout", 1...600)
        settings.publishers = try EventPublishers(value("publishers"))
        func users(_ key: String) -> Set<String> {
            Set(value(key).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        settings.operators = users("operators")
        settings.portalUsers = users("portal.users")
        if let both = settings.operators.intersection(settings.portalUsers).first {
            throw SettingsError(
                "'\(both)' is named both an operator and a portal user; a broker user is one or the other")
        }
        if settings.httpAddress != "off" && HTTPAddress(settings.httpAddress) == nil {
            throw SettingsError("http.addr must be host:port or off, got '\(settings.httpAddress)'")
        }
        for key in extraKeys { settings.extra[key.name] = value(key.name) }
        return settings
    }

    /// The `--help` text of a service.
    public static func help(service: String, summary: String, defaultHTTPPort: Int, extraKeys: [Key] = []) -> String {
        var text =
            "\(service): \(summary)\n\nUsage: \(service) [options]\n\nEvery option is also read from the environment and from the JSON file of --config.\n\n"
        for key in keys(defaultHTTPPort: defaultHTTPPort) + extraKeys {
            text += "  \(key.flag.padding(toLength: 26, withPad: " ", startingAt: 0)) \(key.environment)\n"
            text += "      \(key.help)" + (key.defaultValue.isEmpty ? "" : " (default: \(key.defaultValue))") + "\n"
        }
        text += "  --help                     this text\n"
        return text
    }
}

/// `host:port` of the HTTP endpoint.
struct HTTPAddress: Sendable {
    let host: String
    let port: Int

    init?(_ s: String) {
        guard let colon = s.lastIndex(of: ":"), let port = Int(s[s.index(after: colon)...]), (0...65_535).contains(port)
        else { return nil }
        host = String(s[..<colon])
        self.port = port
        if host.isEmpty { return nil }
    }
}

/// A setting that is missing or wrong; the message names the key and what it must be.
public struct SettingsError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}

extension RetentionPeriod {
    /// The period a `….retention.years` setting gives, or why `text` is not one.
    public init(setting key: String, _ text: String) throws(SettingsError) {
        guard let period = RetentionPeriod(setting: text) else {
            throw SettingsError("\(key) must be a number of years from 1 to 50, got '\(text)'")
        }
        self = period
    }
}
