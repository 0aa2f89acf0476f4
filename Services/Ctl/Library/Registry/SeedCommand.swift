import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// The demo data: `seeds/registry.json` and the school files it names, loaded through the
/// registry's commands. Every command is idempotent, so loading twice changes nothing.
public struct RegistrySeed: Decodable, Sendable {
    public var networks: [Registry.Network]
    /// Schulträger and partners; schools come from the school files.
    public var institutions: [Registry.RegisterInstitution]
    public var schoolFiles: [SchoolFile]
    public var contacts: [Registry.AssignContact]
    public var measures: [Registry.SetMeasureStatus]
    public var agreements: [Registry.PublishAgreement]
    public var endorsements: [Registry.EndorseAgreement]
    public var rollouts: [Registry.SetRollout]

    /// A school file in the official format, the network of each Kreis in it, and the key of
    /// Schulträger it is read with (the Schulträger themselves are found by their Trägernummer).
    public struct SchoolFile: Decodable, Sendable {
        public var file: String
        public var networkByKreis: [String: String]
        public var traegerKey: String?
    }

    public static func read(directory: String) throws(CLIError) -> RegistrySeed {
        let path = (directory as NSString).appendingPathComponent("registry.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(.failure, "cannot read \(path)")
        }
        do {
            return try JSONDecoder().decode(RegistrySeed.self, from: data)
        } catch {
            throw CLIError(.failure, "\(path) is not a valid seed file: \(error)")
        }
    }

    static func upsert(_ n: Registry.Network, _ client: RequestClient) async throws {
        let refusal: CLIError
        do {
            _ = try await client.request(Registry.CreateNetwork(n), expecting: Registry.NetworkDetails.self)
            return
        } catch {
            refusal = error
        }
        guard refusal.code == "duplicate-network" else { throw refusal }
        _ = try await client.request(
            Registry.UpdateNetwork(id: n.id, name: n.name, region: n.region, contract: n.contract, bodies: n.bodies),
            expecting: Registry.NetworkDetails.self)
    }

    static func upsert(_ i: Registry.RegisterInstitution, _ client: RequestClient) async throws {
        let refusal: CLIError
        do {
            _ = try await client.request(i, expecting: Registry.InstitutionDetails.self)
            return
        } catch {
            refusal = error
        }
        guard refusal.code == "duplicate-institution" || refusal.code == "duplicate-school" else { throw refusal }
        _ = try await client.request(
            Registry.UpdateInstitution(
                id: i.id ?? "", name: i.name, networkID: i.networkID, address: i.address, school: i.school,
                itGroup: i.itGroup, email: i.email, traegernummer: i.traegernummer),
            expecting: Registry.InstitutionDetails.self)
    }

    /// Sends every seed command; returns how many requests were made and what the school files did.
    public func load(
        directory: String, client: RequestClient, progress: (String) -> Void = { _ in }
    ) async throws
        -> (requests: Int, schools: SchoolImporter.Report)
    {
        var requests = 0
        func send<C: MessagePayload, R: MessagePayload>(_ items: [C], _ reply: R.Type, _ what: String) async throws {
            for item in items {
                _ = try await client.request(item, expecting: reply)
                requests += 1
            }
            progress("\(items.count) \(what)")
        }
        // Networks and institutions that exist with other data (older seeds) are brought up to date.
        for n in networks { try await Self.upsert(n, client) }
        requests += networks.count
        progress("\(networks.count) networks")
        for i in institutions { try await Self.upsert(i, client) }
        requests += institutions.count
        progress("\(institutions.count) Schulträger and partners")
        var schools = SchoolImporter.Report()
        for f in schoolFiles {
            let csv = try SchoolCSV.read((directory as NSString).appendingPathComponent(f.file))
            let key = try f.traegerKey.map { try TraegerKey.read((directory as NSString).appendingPathComponent($0)) }
            let report = try await SchoolImporter(client: client).run(
                csv, SchoolImport(networkByKreis: f.networkByKreis, traeger: key))
            guard report.problems.isEmpty else {
                let first = report.problems[0]
                throw CLIError(.failure, "\(f.file) line \(first.line): \(first.message)")
            }
            schools.registered += report.registered
            schools.updated += report.updated
            schools.unchanged += report.unchanged
            schools.notInOperation += report.notInOperation
            progress("\(f.file): \(report.summary)")
        }
        try await send(contacts, Registry.ContactDetails.self, "contacts")
        try await send(measures, Registry.MeasureDetails.self, "measure statuses")
        try await send(agreements, Registry.AgreementDetails.self, "agreements")
        try await send(endorsements, Registry.AgreementDetails.self, "endorsements")
        try await send(rollouts, Registry.RolloutDetails.self, "rollout states")
        return (requests, schools)
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the demo data (seeds/registry.json and its school files) through the registry's commands.")
    @OptionGroup var broker: BrokerOptions
    @Argument(help: "The seeds directory.") var directory = "seeds"

    func run() async throws {
        let seed = try RegistrySeed.read(directory: directory)
        let result = try await withClient(broker) { client in
            try await seed.load(directory: directory, client: client) { print("  \($0)") }
        }
        print("registry seeds loaded: \(result.requests) requests, schools \(result.schools.summary)")
    }
}

struct Announce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-announce every network, institution and contact, so services that missed events catch up.")
    @OptionGroup var broker: BrokerOptions

    func run() async throws {
        let r = try await withClient(broker) {
            try await $0.request(Registry.AnnounceDirectory(), expecting: Registry.DirectoryAnnounced.self)
        }
        print("announced \(r.networks) networks, \(r.institutions) institutions, \(r.contacts) contacts")
    }
}
