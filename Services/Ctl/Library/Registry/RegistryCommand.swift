import ArgumentParser
import CLIKit
import Contracts

/// `rbnctl registry …`
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Networks, institutions, contacts, measures, agreements and the learning platform rollout.",
        subcommands: [
            Networks.self, Network.self, Institutions.self, School.self, Institution.self, Contacts.self,
            Contact.self, Person.self, Measure.self, Agreement.self, Rollout.self, ImportSchools.self, Seed.self,
            Announce.self,
        ])
}

/// Options every registry subcommand takes.
struct Common: ParsableArguments {
    @OptionGroup var broker: BrokerOptions
    @Flag(help: "Print JSON instead of a table.") var json = false
}

extension Registry.InstitutionKind: ExpressibleByArgument {}
extension Registry.ContactRole: ExpressibleByArgument {}
extension Registry.MeasureStatus: ExpressibleByArgument {}
extension Registry.RolloutState: ExpressibleByArgument {}
extension Registry.AgreementKind: ExpressibleByArgument {}
extension Registry.RegionKind: ExpressibleByArgument {}
extension Registry.BodyKind: ExpressibleByArgument {}

/// Prints institutions as a table.
func show(_ institutions: [Registry.Institution]) {
    var t = Table("ID", "KIND", "NAME", "NETWORK", "SCHULFORM", "CITY", "STATE")
    for i in institutions {
        t.add(
            i.id, i.kind.rawValue, i.name, i.networkID, i.school?.schulform ?? "-", i.address?.city ?? "-",
            i.active ? "active" : "left \(i.leftOn ?? "")")
    }
    print(t.render())
}

func show(_ contacts: [Registry.Contact]) {
    var t = Table("ROLE", "NAME", "E-MAIL", "PHONE", "NETWORK", "AT")
    for c in contacts {
        t.add(
            c.role.rawValue, c.name, c.email, c.phone ?? "-", c.networkID, c.institutionName ?? c.body?.rawValue ?? "-")
    }
    print(t.render())
}

func show(_ d: Registry.InstitutionDetails) {
    let i = d.institution
    var lines = [
        "\(i.name) (\(i.id))", "  kind:        \(i.kind.rawValue)", "  network:     \(i.networkID)",
        "  member:      since \(i.joinedOn)" + (i.active ? "" : ", left \(i.leftOn ?? "")"),
    ]
    if let a = i.address { lines.append("  address:     \(a.street), \(a.postcode) \(a.city)") }
    if let s = i.school {
        let form = Schulform.find(s.schulform).map(\.description) ?? s.schulform
        lines.append("  Schulform:   \(form), \(s.isPublic ? "öffentlich" : "privat")")
        lines.append("  Schulträger: \(i.schultraegerName ?? s.schultraegerID)")
    }
    if let g = i.itGroup { lines.append("  IT group:    \(g.name) <\(g.email)>") }
    if let r = d.rollout { lines.append("  platform:    \(r.state.rawValue)") }
    print(lines.joined(separator: "\n"))
    if !d.contacts.isEmpty {
        print("")
        show(d.contacts)
    }
}
