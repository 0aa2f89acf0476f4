import CLIKit
import Contracts
import CtlKit
import Foundation
import RBNTestSupport
import Testing

/// The school import and the demo seeds through the CLI's client against a running registry.
@Suite("Import and seeds over the broker", .hangGuard)
struct SeedAndImportTests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds").path

    @Test func theSeedsLoadAndLoadingTwiceChangesNothing() async throws {
        try await RegistryHarness.with { h in
            let client = try await h.client()
            let seed = try RegistrySeed.read(directory: Self.seeds)
            // A network from an older seed, with other data: loading brings it up to date.
            _ = try await h.command(
                Registry.CreateNetwork(
                    .init(id: "kreis-lippe", name: "Altes Netz", region: "Lippe", regionKind: .kreis)),
                as: Registry.NetworkDetails.self)
            let first = try await seed.load(directory: Self.seeds, client: client)
            #expect(first.schools.registered == 41 && first.schools.problems.isEmpty)
            // The closed Hauptschule in the Lippe file is left out and said so.
            #expect(
                first.schools.notInOperation.map(\.message) == [
                    "193041 Hauptschule Pivitsheide (fiktiv) is not in operation (Schulbetriebsschluessel 3 since 31.07.2024)"
                ])
            let expected = 1 + first.requests + first.schools.registered  // each one change, one event
            let afterFirst = try await h.emitted(expecting: expected).count
            #expect(afterFirst == expected)
            let second = try await seed.load(directory: Self.seeds, client: client)
            #expect(second.schools.registered == 0 && second.schools.updated == 0)
            #expect(second.schools.unchanged == first.schools.registered)
            #expect(
                try await h.emitted(expecting: expected).count == afterFirst, "loading the seeds again emitted events")
            await client.close()

            let networks = try await h.query(Registry.ListNetworks(), as: Registry.NetworkList.self)
            #expect(networks.networks.count >= 3)
            let all = try await h.query(Registry.ListInstitutions(), as: Registry.InstitutionList.self)
            #expect(all.institutions.count >= 40)
            #expect(Set(all.institutions.compactMap(\.school?.schulform)).count >= 10)
            let gymnasien = try await h.query(
                Registry.ListInstitutions(text: "gymnasium"), as: Registry.InstitutionList.self)
            #expect(
                gymnasien.institutions.count >= 4
                    && gymnasien.institutions.allSatisfy { $0.name.lowercased().contains("gymnasium") })
            let wildcard = try await h.query(Registry.ListInstitutions(text: "%"), as: Registry.InstitutionList.self)
            #expect(wildcard.institutions.isEmpty, "a % in the text is a character, not a wildcard")
            let contacts = try await h.query(Registry.ListContacts(), as: Registry.ContactList.self)
            #expect(Set(contacts.contacts.map(\.role)) == Set(Registry.ContactRole.allCases))
            let lippe = try await h.query(Registry.GetNetwork(id: "kreis-lippe"), as: Registry.NetworkDetails.self)
            #expect(lippe.agreements.first { $0.documentID == "leitbild" }?.endorsedBy?.count ?? 0 >= 3)
            #expect(lippe.network.name == "Regionales Bildungsnetzwerk Kreis Lippe" && lippe.network.bodies?.count == 3)
        }
    }

    @Test func importRegistersGoodRowsReportsBadOnesAndIsIdempotent() async throws {
        try await RegistryHarness.with { h in
            let client = try await h.client()
            let seed = try RegistrySeed.read(directory: Self.seeds)
            for n in seed.networks where n.id == "kreis-lippe" {
                _ = try await client.request(Registry.CreateNetwork(n), expecting: Registry.NetworkDetails.self)
            }
            for i in seed.institutions where i.id == "stadt-detmold" {
                _ = try await client.request(i, expecting: Registry.InstitutionDetails.self)
            }
            // A file with the official header; the Schulträger is found by the Trägernummer the
            // registry holds for it, not by a map.
            let rows = [
                "193001;02;Grundschule am Werreufer;;;GS;Detmold;32756;Detmold;Werrestraße 12;a@b.de;1;5766020;05766020",
                "19300X;02;Kaputt;;;GS;Detmold;32756;Detmold;Weg 1;a@b.de;1;5766020;05766020",
                "193007;20;Städtisches Gymnasium;am Hermannsdenkmal;;GY;Detmold;32756;Detmold;Hornsche Straße 19;a@b.de;1;5766020;05766020",
                "193009;08;Förderschule;;;FS;Detmold;32756;Detmold;Weg 2;a@b.de;1;5766020;05799000",
            ]
            let text =
                SchoolFileTests.official + rows.map { SchoolFileTests.row($0) }.joined(separator: "\r\n") + "\r\n"
            let csv = try SchoolCSV(data: Data(text.utf8))
            let mapping = SchoolImport(networkByKreis: ["05766": "kreis-lippe", "05799": "kreis-nirgendwo"])
            let first = try await SchoolImporter(client: client).run(csv, mapping)
            #expect(first.registered == 2)
            #expect(first.problems.map(\.line) == [4, 6])
            #expect(first.problems.last?.message.contains("unknown-network") == true)
            let second = try await SchoolImporter(client: client).run(csv, mapping)
            #expect(second.registered == 0 && second.updated == 0 && second.unchanged == 2)

            // A changed name in the file is an update.
            let renamed = try SchoolCSV(
                data: Data(text.replacingOccurrences(of: "Werreufer", with: "Werre-Ufer").utf8))
            let third = try await SchoolImporter(client: client).run(renamed, mapping)
            #expect(third.updated == 1 && third.unchanged == 1)
            await client.close()
            let school = try await h.query(
                Registry.LookUpSchool(schulnummer: "193001"), as: Registry.InstitutionDetails.self)
            #expect(school.institution.name == "Grundschule am Werre-Ufer")
        }
    }
}
