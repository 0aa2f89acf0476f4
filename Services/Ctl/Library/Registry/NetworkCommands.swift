import ArgumentParser
import CLIKit
import Contracts

struct Networks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the networks.")
    @OptionGroup var common: Common

    func run() async throws {
        let list = try await withClient(common.broker) {
            try await $0.request(Registry.ListNetworks(), expecting: Registry.NetworkList.self)
        }
        if common.json { return try printJSON(list) }
        var t = Table("ID", "NAME", "REGION", "CONTRACT SIGNED")
        for n in list.networks { t.add(n.id, n.name, n.region, n.contract?.signedOn ?? "-") }
        print(t.render())
    }
}

struct Network: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show, create or change a network.", subcommands: [Show.self, Create.self, Update.self],
        defaultSubcommand: Show.self)

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A network with measures, agreements and contacts.")
        @OptionGroup var common: Common
        @Argument(help: "The network id, e.g. kreis-lippe.") var id: String

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(Registry.GetNetwork(id: id), expecting: Registry.NetworkDetails.self)
            }
            if common.json { return try printJSON(d) }
            printDetails(d)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a network.")
        @OptionGroup var common: Common
        @Option(help: "Id: lower-case letters, digits and dashes.") var id: String
        @Option(help: "Name, e.g. 'Regionales Bildungsnetzwerk Kreis Lippe'.") var name: String
        @Option(help: "The Kreis or Stadt.") var region: String
        @Option(help: "kreis or kreisfreie-stadt.") var regionKind: Registry.RegionKind = .kreis
        @Option(help: "A party of the cooperation contract (repeat).") var party: [String] = []
        @Option(help: "When the contract was signed (yyyy-MM-dd).") var signedOn: String?
        @Option(help: "An agreed action field (repeat).") var actionField: [String] = []

        func run() async throws {
            var contract: Registry.Contract?
            if let signedOn {
                contract = .init(parties: party, signedOn: signedOn, actionFields: actionField)
            } else if !party.isEmpty || !actionField.isEmpty {
                throw ValidationError("a contract needs --signed-on")
            }
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Registry.CreateNetwork(
                        .init(id: id, name: name, region: region, regionKind: regionKind, contract: contract)),
                    expecting: Registry.NetworkDetails.self)
            }
            if common.json { return try printJSON(d) }
            print("network \(d.network.id) (\(d.network.name)) is there")
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a network's name or region.")
        @OptionGroup var common: Common
        @Argument(help: "The network id.") var id: String
        @Option(help: "New name.") var name: String?
        @Option(help: "New region.") var region: String?

        func run() async throws {
            guard name != nil || region != nil else { throw ValidationError("give --name or --region") }
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Registry.UpdateNetwork(id: id, name: name, region: region), expecting: Registry.NetworkDetails.self)
            }
            if common.json { return try printJSON(d) }
            print("network \(d.network.id): \(d.network.name), \(d.network.region)")
        }
    }

    static func printDetails(_ d: Registry.NetworkDetails) {
        let n = d.network
        print("\(n.name) (\(n.id)), \(n.region)")
        if let c = n.contract {
            print("  Kooperationsvertrag \(c.signedOn): \(c.parties.joined(separator: ", "))")
            if !c.actionFields.isEmpty { print("  Handlungsfelder: \(c.actionFields.joined(separator: "; "))") }
        }
        for b in n.bodies ?? [] {
            let details = [b.email, b.meets.map { "meets \($0)" }].compactMap { $0 }.joined(separator: ", ")
            print("  \(b.name)\(details.isEmpty ? "" : " (\(details))")")
        }
        let members = d.members.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        print("  members: \(members.isEmpty ? "none" : members)\n")
        var t = Table("MEASURE", "STATUS", "OWNER", "TITLE")
        for m in d.measures { t.add("\(m.number)", m.status?.rawValue ?? "-", m.owner ?? "-", m.title) }
        print(t.render())
        if !d.agreements.isEmpty {
            print("")
            var a = Table("AGREEMENT", "VERSION", "PUBLISHED", "ENDORSED BY", "TITLE")
            for v in d.agreements {
                a.add(v.documentID, "\(v.version)", v.publishedOn, "\(v.endorsedBy?.count ?? 0)", v.title)
            }
            print(a.render())
        }
        if !d.contacts.isEmpty {
            print("")
            show(d.contacts)
        }
    }
}

private func printDetails(_ d: Registry.NetworkDetails) { Network.printDetails(d) }
