import ArgumentParser
import CLIKit

/// `rbnctl`: the operators' and coordinators' tool.
public struct RBNCtl: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rbnctl",
        abstract: "Operate the rbn suite: the registry's networks, institutions and contacts, and the demo seeds.",
        subcommands: [RegistryCommand.self])

    public init() {}
}

/// Runs a request with a client that is closed afterwards.
func withClient<T>(_ broker: BrokerOptions, _ body: (RequestClient) async throws -> T) async throws -> T {
    let client = try await broker.client("rbnctl")
    do {
        let result = try await body(client)
        await client.close()
        return result
    } catch {
        await client.close()
        throw error
    }
}
