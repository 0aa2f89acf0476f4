import ArgumentParser
import Foundation

/// Runs a CLI's root command with the exit codes of every rbn CLI: 0 ok, 1 failure, 2 usage,
/// 3 refused or not found, 4 not permitted, 5 unavailable. Messages go to standard error, named
/// after the tool; never a stack trace.
public enum CLIRunner {
    public static func main<Root: ParsableCommand>(_: Root.Type, name: String) async -> Never {
        do {
            var command = try Root.parseAsRoot()
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("\(name): \(error.message)\n".utf8))
            exit(error.exit.rawValue)
        } catch {
            let code = Root.exitCode(for: error)
            let message = Root.fullMessage(for: error)
            if code == .success {
                print(message)  // --help, --version
                exit(0)
            }
            FileHandle.standardError.write(Data("\(message)\n".utf8))
            exit(code == .validationFailure ? CLIError.Exit.usage.rawValue : code.rawValue)
        }
    }
}

/// How a CLI reaches the broker: `--amqp-url` (else `RBN_AMQP_URL`, else the local broker) and
/// how long to wait for an answer.
public struct BrokerOptions: ParsableArguments {
    @Option(
        name: .customLong("amqp-url"),
        help: "Broker URI with your own credentials (default: $RBN_AMQP_URL, else amqp://127.0.0.1:5672).")
    public var amqpURL: String?

    @Option(help: "Seconds to wait for a service's answer.")
    public var timeout: Double = 10

    public init() {}

    public var url: String {
        amqpURL ?? ProcessInfo.processInfo.environment["RBN_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672"
    }

    public func validate() throws {
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be between 0 and 600 seconds") }
    }

    public func client(_ name: String) async throws(CLIError) -> RequestClient {
        try await RequestClient.connect(url: url, clientName: name, timeout: timeout)
    }
}

/// A warning for the person at the terminal, on standard error so that output stays parseable:
/// `warning: …`.
public func printWarnings(_ warnings: [String]?) {
    for w in warnings ?? [] { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
}

/// Standard input, whole, as text.
public func readStandardInput() -> String {
    String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
}
