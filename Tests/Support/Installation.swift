import Contracts
import Foundation
import ServiceKit
import Testing

/// The suite's users, as an installation has them (`deploy/rabbitmq/definitions.json` with a
/// password each from `deploy/rabbitmq/users`), in a system of its own.
public struct Installation: Sendable {
    public let sys: SystemUnderTest
    /// Put before every user name: users are global to the broker.
    public let prefix: String
    public let secrets: String
    /// A user's password, as deploy/rabbitmq/users made it.
    public func password(_ user: String) throws -> String {
        try String(contentsOfFile: "\(secrets)/\(prefix)\(user).password", encoding: .utf8)
    }
    /// The environment of a CLI that connects as `user`.
    public func cli(_ user: String) throws -> [String: String] {
        ["RBN_AMQP_URL": sys.brokerURL(user: prefix + user, password: try password(user))]
    }
    /// Starts a service as its own user, with the settings that name the installation's users.
    public func start(_ binary: String, user: String) throws {
        try sys.start(binary, user: prefix + user, password: try password(user))
    }

    /// Runs `body` with the definitions imported into a fresh system (users prefixed, with
    /// passwords from deploy/rabbitmq/users) and the users deleted afterwards. Each service takes
    /// requests from the installation's rbnctl, events from the installation's services, public requests
    /// from its portal; its desk user is the support desk's admin, as with `make run`.
    public static func with(
        services: [ServiceDefinition], environment: [String: [String: String]] = [:],
        _ body: (Installation) async throws -> Void
    ) async throws {
        let prefix = "u\(UUID().uuidString.prefix(6).lowercased())-"
        let publishers = SuiteCatalogue.services.map { "\($0.name)=\(prefix)\($0.name)" }
        var settings: [String: [String: String]] = [:]
        for binary in SuiteCatalogue.services.map(\.executable) {
            settings[binary] = [
                "RBN_OPERATORS": prefix + "rbnctl", "RBN_PUBLISHERS": publishers.joined(separator: ","),
                "RBN_PORTAL_USERS": prefix + "portal", "RBN_DESK_ADMINS": prefix + "desk",
            ].merging(environment[binary] ?? [:]) { $1 }
        }
        try await SystemUnderTest.with(services: [], registry: false, environment: settings) { sys in
            let file = "\(sys.directory)/definitions.json"
            try BrokerDefinitions.document(services: services, vhost: sys.vhost, userPrefix: prefix)
                .write(to: URL(fileURLWithPath: file))
            // Passwords as an installation gets them: hashed into the definitions by deploy/rabbitmq/users.
            let secrets = "\(sys.directory)/secrets"
            let users = await Subprocess.run([
                "\(SystemUnderTest.repository)/deploy/rabbitmq/users", secrets, "127.0.0.1:\(sys.port)", file,
            ])
            #expect(users.status == 0, "\(users.output)")
            _ = try await sys.ctl(["import_definitions", "\(secrets)/definitions.json"])
            let names = (SuiteCatalogue.services.map(\.name) + ["rbnctl", "desk"]).map { prefix + $0 }
            do {
                try await body(Installation(sys: sys, prefix: prefix, secrets: secrets))
            } catch {
                for u in names { _ = try? await sys.ctl(["delete_user", u]) }
                throw error
            }
            for u in names { _ = try? await sys.ctl(["delete_user", u]) }
        }
    }
}
