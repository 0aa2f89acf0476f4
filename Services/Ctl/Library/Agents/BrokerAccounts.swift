import CLIKit
import Foundation
import Glibc
import Messaging

/// An agent's broker user, made and removed with `rabbitmqctl` on the broker's host: exactly the
/// desk's permissions (send to `rbn.commands`, read nothing) and the CLIs' connection and channel
/// limits. The password goes to rabbitmqctl on its standard input, never on a command line.
struct BrokerAccounts {
    /// The rabbitmqctl command, split into words (e.g. `deploy/rabbitmq/local-broker ctl`).
    let command: [String]
    let vhost: String

    /// From `--rabbitmqctl`, else `$RBN_RABBITMQCTL`, else `rabbitmqctl`.
    init(command: String?, vhost: String) {
        let text =
            command ?? ProcessInfo.processInfo.environment["RBN_RABBITMQCTL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "rabbitmqctl"
        self.command = text.split(separator: " ").map(String.init)
        self.vhost = vhost
    }

    /// Makes the user with a new random password, which it returns.
    func add(_ user: String) throws(CLIError) -> String {
        // SystemRandomNumberGenerator draws from the kernel (getrandom), a cryptographic source.
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let password = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let made = try run(["add_user", user], input: password + "\n")
        guard made.status == 0 else {
            if made.output.contains("already exists") {
                throw CLIError(
                    .refused,
                    "the broker user '\(user)' exists already; change the agent with 'rbnctl agent change', or remove it first"
                )
            }
            throw CLIError(.failure, "rabbitmqctl add_user \(user) failed: \(made.output.suffix(300))")
        }
        let grant = RBNTopology.deskPermissions
        let limits =
            #"{"max-connections": \#(RBNTopology.cliLimits.connections), "max-channels": \#(RBNTopology.cliLimits.channels)}"#
        for args in [
            ["set_permissions", "-p", vhost, user, grant.configure, grant.write, grant.read],
            ["set_user_limits", user, limits],
        ] {
            let r = try run(args)
            guard r.status == 0 else {
                _ = try? run(["delete_user", user])
                throw CLIError(.failure, "rabbitmqctl \(args[0]) \(user) failed: \(r.output.suffix(300))")
            }
        }
        return password
    }

    /// Deletes the user and closes what connections they still have; a user that is not there is
    /// no error (removing twice is removing).
    func remove(_ user: String) throws(CLIError) {
        let r = try run(["delete_user", user])
        guard r.status == 0 || r.output.contains("does not exist") || r.output.contains("no_such_user") else {
            throw CLIError(.failure, "rabbitmqctl delete_user \(user) failed: \(r.output.suffix(300))")
        }
        _ = try? run(["close_all_user_connections", user, "the agent was removed"])
    }

    private func run(_ args: [String], input: String = "") throws(CLIError) -> (status: Int32, output: String) {
        let process = Process()
        let path = command.first ?? "rabbitmqctl"
        process.executableURL = URL(fileURLWithPath: path.contains("/") ? path : "/usr/bin/env")
        process.arguments = (path.contains("/") ? [] : [path]) + command.dropFirst() + args
        let stdin = Pipe()
        let out = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = out
        do {
            try process.run()
        } catch {
            throw CLIError(
                .unavailable,
                "cannot run \(command.joined(separator: " ")): \(error.localizedDescription); set --rabbitmqctl or RBN_RABBITMQCTL"
            )
        }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
