import ArgumentParser
import CLIKit
import Contracts

/// `rbnctl`: the operators' and coordinators' tool.
public struct RBNCtl: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rbnctl",
        abstract:
            "Operate the rbn suite: the registry (networks, institutions, contacts), training (Medienscouts, parent evenings), notifications and the demo seeds.",
        subcommands: [
            StatusCommand.self, BackupCommand.self, DeadLetterCommand.self, ErasePersonCommand.self, AgentCommand.self,
            ErasureStatusCommand.self,
            RegistryCommand.self, TrainingCommand.self, NotifyCommand.self,
        ])

    public init() {}
}

/// Refuses an e-mail address the suite would refuse (``MailAddress``), before anything is sent.
func checkAddress(_ text: String) throws {
    do throws(MailAddress.Invalid) {
        _ = try MailAddress.normalized(text)
    } catch {
        throw ValidationError(error.reason)
    }
}

/// Runs a request with a client that is closed afterwards.
func withClient<T>(_ broker: BrokerOptions, _ body: (RequestClient) async throws -> T) async throws -> T {
    try await broker.client("rbnctl").closing(after: body)
}
