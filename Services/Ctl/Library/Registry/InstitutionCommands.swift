import ArgumentParser
import CLIKit
import Contracts

struct Institutions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List institutions, filtered.")
    @OptionGroup var common: Common
    @Option(help: "Only this network.") var network: String?
    @Option(help: "Only this kind.") var kind: Registry.InstitutionKind?
    @Option(help: "Only this Schulform (code or key, e.g. GY or 20).") var schulform: String?
    @Option(help: "Only schools of this Schulträger (its id).") var schultraeger: String?
    @Option(help: "Part of the name.") var text: String?
    @Flag(help: "Include institutions that left.") var all = false

    func run() async throws {
        let list = try await withClient(common.broker) {
            try await $0.request(
                Registry.ListInstitutions(
                    networkID: network, kind: kind, schulform: schulform, schultraegerID: schultraeger, text: text,
                    includeRetired: all), expecting: Registry.InstitutionList.self)
        }
        if common.json { return try printJSON(list) }
        show(list.institutions)
    }
}

struct School: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Look up a school by its Schulnummer.")
    @OptionGroup var common: Common
    @Argument(help: "The 6-digit Schulnummer.") var schulnummer: String

    func run() async throws {
        let d = try await withClient(common.broker) {
            try await $0.request(
                Registry.LookUpSchool(schulnummer: schulnummer), expecting: Registry.InstitutionDetails.self)
        }
        if common.json { return try printJSON(d) }
        show(d)
    }
}

struct Institution: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register, change or retire an institution.", subcommands: [Register.self, Update.self, Retire.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a member: a school (--id SCHULNUMMER --schulform --schultraeger), a Schulträger "
                + "(--it-group-name --it-group-email) or a partner.")
        @OptionGroup var common: Common
        @Option(help: "Kind of institution.") var kind: Registry.InstitutionKind
        @Option(help: "Name.") var name: String
        @Option(help: "Network id.") var network: String
        @Option(help: "Schulnummer for a school; else an id (made from the name when absent).") var id: String?
        @Option(help: "Member since (yyyy-MM-dd; today when absent).") var joinedOn: String?
        @Option(help: "Street and number.") var street: String?
        @Option(help: "Postcode.") var postcode: String?
        @Option(help: "City.") var city: String?
        @Option(help: "A school's Schulform (code or key).") var schulform: String?
        @Option(help: "A school's Schulträger (its institution id).") var schultraeger: String?
        @Flag(help: "A private school (Rechtsform 2).") var privateSchool = false
        @Option(help: "A Schulträger's IT group name.") var itGroupName: String?
        @Option(help: "A Schulträger's IT group e-mail.") var itGroupEmail: String?
        @Option(help: "The official address (a school's office): its mail reaches the support desk.") var email: String?
        @Option(
            help: "A Schulträger's official number (Traegernummer of key_traeger.csv), by which school files name it.")
        var traegernummer: String?

        func run() async throws {
            let command = Registry.RegisterInstitution(
                id: id, kind: kind, name: name, networkID: network, joinedOn: joinedOn,
                address: try address(street: street, postcode: postcode, city: city),
                school: try school(schulform: schulform, schultraeger: schultraeger, isPublic: !privateSchool),
                itGroup: try group(itGroupName, itGroupEmail), email: email, traegernummer: traegernummer)
            let d = try await withClient(common.broker) {
                try await $0.request(command, expecting: Registry.InstitutionDetails.self)
            }
            if common.json { return try printJSON(d) }
            print("\(d.institution.name) (\(d.institution.id)) is a member of \(d.institution.networkID)")
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an institution; what you leave out stays.")
        @OptionGroup var common: Common
        @Argument(help: "Institution id or Schulnummer.") var id: String
        @Option(help: "New name.") var name: String?
        @Option(help: "Move to this network.") var network: String?
        @Option(help: "Street and number (with --postcode and --city).") var street: String?
        @Option var postcode: String?
        @Option var city: String?
        @Option(help: "A Schulträger's IT group name (with --it-group-email).") var itGroupName: String?
        @Option var itGroupEmail: String?
        @Option(help: "The official address (a school's office).") var email: String?
        @Option(help: "A Schulträger's official number (Traegernummer of key_traeger.csv).") var traegernummer: String?

        func run() async throws {
            let command = Registry.UpdateInstitution(
                id: id, name: name, networkID: network,
                address: try address(street: street, postcode: postcode, city: city),
                itGroup: try group(itGroupName, itGroupEmail), email: email, traegernummer: traegernummer)
            let d = try await withClient(common.broker) {
                try await $0.request(command, expecting: Registry.InstitutionDetails.self)
            }
            if common.json { return try printJSON(d) }
            show(d)
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End an institution's membership.")
        @OptionGroup var common: Common
        @Argument(help: "Institution id or Schulnummer.") var id: String
        @Option(help: "Last day (yyyy-MM-dd; today when absent).") var leftOn: String?
        @Option(help: "Why, e.g. 'merged with 193020'.") var reason: String?

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Registry.RetireInstitution(id: id, leftOn: leftOn, reason: reason),
                    expecting: Registry.InstitutionDetails.self)
            }
            if common.json { return try printJSON(d) }
            print(
                "\(d.institution.name) (\(d.institution.id)) left \(d.institution.networkID) on \(d.institution.leftOn ?? "-")"
            )
        }
    }
}

private func address(street: String?, postcode: String?, city: String?) throws -> Registry.Address? {
    switch (street, postcode, city) {
    case (nil, nil, nil): return nil
    case (let s?, let p?, let c?): return .init(street: s, postcode: p, city: c)
    default: throw ValidationError("an address needs --street, --postcode and --city together")
    }
}

private func school(schulform: String?, schultraeger: String?, isPublic: Bool) throws -> Registry.SchoolFacts? {
    switch (schulform, schultraeger) {
    case (nil, nil): return nil
    case (let f?, let t?): return .init(schulform: f, schultraegerID: t, isPublic: isPublic)
    default: throw ValidationError("a school needs --schulform and --schultraeger together")
    }
}

private func group(_ name: String?, _ email: String?) throws -> Registry.ITGroup? {
    switch (name, email) {
    case (nil, nil): return nil
    case (let n?, let e?): return .init(name: n, email: e)
    default: throw ValidationError("an IT group needs --it-group-name and --it-group-email together")
    }
}
