import ArgumentParser
import CLIKit
import Contracts

struct Contacts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List contacts by role, network or institution.")
    @OptionGroup var common: Common
    @Option(help: "Only this role.") var role: Registry.ContactRole?
    @Option(help: "Only this network.") var network: String?
    @Option(help: "Only at this institution.") var institution: String?

    func run() async throws {
        let list = try await withClient(common.broker) {
            try await $0.request(
                Registry.ListContacts(role: role, networkID: network, institutionID: institution),
                expecting: Registry.ContactList.self)
        }
        if common.json { return try printJSON(list) }
        show(list.contacts)
    }
}

struct Contact: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Give a person a role, or take it.", subcommands: [Assign.self, Remove.self])

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a person a role: in a network (--network) or at an institution (--institution).")
        @OptionGroup var common: Common
        @Argument(help: "The role.") var role: Registry.ContactRole
        @Option(help: "Network id, for roles held in a network.") var network: String?
        @Option(help: "Institution id, for roles held at an institution.") var institution: String?
        @Option(help: "The network body served in (a coordinator: the Bildungsbüro by default).")
        var body: Registry.BodyKind?
        @Option(help: "Full name.") var name: String
        @Option(help: "Work e-mail.") var email: String

        func validate() throws { try checkAddress(email) }
        @Option(help: "Work phone.") var phone: String?

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Registry.AssignContact(
                        role: role, networkID: network, institutionID: institution, body: body,
                        person: .init(name: name, email: email, phone: phone)), expecting: Registry.ContactDetails.self)
            }
            if common.json { return try printJSON(d) }
            print(
                "\(d.contact.name) <\(d.contact.email)> is \(d.contact.role.rawValue) at \(d.contact.institutionName ?? d.contact.networkID)"
            )
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a role from a person.")
        @OptionGroup var common: Common
        @Argument(help: "The role.") var role: Registry.ContactRole
        @Option(help: "Work e-mail of the person.") var email: String

        func validate() throws { try checkAddress(email) }
        @Option var network: String?
        @Option var institution: String?

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Registry.RemoveContact(role: role, email: email, networkID: network, institutionID: institution),
                    expecting: Registry.ContactDetails.self)
            }
            if common.json { return try printJSON(d) }
            print(
                "\(d.contact.name) is no longer \(d.contact.role.rawValue) at \(d.contact.institutionName ?? d.contact.networkID)"
            )
        }
    }
}

struct Person: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Erase a person on request.", subcommands: [Erase.self])

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a person and all their roles (DSGVO Art. 17); every service is told.")
        @OptionGroup var common: Common
        @Argument(help: "Work e-mail of the person.") var email: String

        func validate() throws { try checkAddress(email) }

        func run() async throws { try await ErasePersonCommand.erase(email, common) }
    }
}
