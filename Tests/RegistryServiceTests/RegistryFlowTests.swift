import Contracts
import Foundation
import RBNTestSupport
import Testing

/// The registry through a real broker: commands, queries, refusals and the events they cause, each
/// event checked against its schema.
@Suite("Registry over the broker", .hangGuard)
struct RegistryFlowTests {
    static let lippe = Registry.Network(
        id: "kreis-lippe", name: "Regionales Bildungsnetzwerk Kreis Lippe", region: "Kreis Lippe", regionKind: .kreis,
        contract: .init(
            parties: ["Ministerium für Schule und Bildung NRW", "Kreis Lippe"], signedOn: "2009-06-15",
            actionFields: ["Bildung im digitalen Wandel", "Übergang Schule–Beruf"]))

    static let detmold = Registry.RegisterInstitution(
        id: "stadt-detmold", kind: .schultraeger, name: "Stadt Detmold", networkID: "kreis-lippe",
        joinedOn: "2010-01-01", itGroup: .init(name: "Schul-IT Detmold", email: "schul-it@detmold.example"))

    static let gymnasium = Registry.RegisterInstitution(
        id: "193015", kind: .school, name: "Städtisches Gymnasium am Hermannsdenkmal", networkID: "kreis-lippe",
        joinedOn: "2011-08-01",
        address: .init(street: "Schulstraße 4", postcode: "32756", city: "Detmold"),
        school: .init(schulform: "GY", schultraegerID: "stadt-detmold", isPublic: true))

    /// Network, Schulträger, school, a contact: the school is found with its Schulträger's IT group.
    @Test func aSchoolIsFoundWithItsSchultraegerAndContacts() async throws {
        try await RegistryHarness.with { h in
            _ = try await h.command(Registry.CreateNetwork(Self.lippe), as: Registry.NetworkDetails.self)
            _ = try await h.command(Self.detmold, as: Registry.InstitutionDetails.self)
            let school = try await h.command(Self.gymnasium, as: Registry.InstitutionDetails.self)
            #expect(school.institution.itGroup?.email == "schul-it@detmold.example")
            #expect(school.rollout?.state == .notStarted)
            _ = try await h.command(
                Registry.AssignContact(
                    role: .medienbeauftragte, institutionID: "193015",
                    person: .init(name: "Jana Krüger", email: " J.Krueger@Gym-Detmold.example ")),
                as: Registry.ContactDetails.self)

            let found = try await h.query(
                Registry.LookUpSchool(schulnummer: "193015"), as: Registry.InstitutionDetails.self)
            #expect(found.institution.schultraegerName == "Stadt Detmold")
            #expect(found.institution.school?.schulform == "GY")
            #expect(found.contacts.map(\.email) == ["j.krueger@gym-detmold.example"])

            let schools = try await h.query(
                Registry.ListInstitutions(networkID: "kreis-lippe", schulform: "20"), as: Registry.InstitutionList.self)
            #expect(schools.institutions.map(\.id) == ["193015"])
            let network = try await h.query(Registry.GetNetwork(id: "kreis-lippe"), as: Registry.NetworkDetails.self)
            #expect(network.members == ["school": 1, "schultraeger": 1])
            #expect(network.measures.count == 7)

            let events = try await h.emitted(expecting: 4)
            #expect(
                events.map(\.type) == [
                    Registry.NetworkCreated.messageType.rawValue, Registry.InstitutionRegistered.messageType.rawValue,
                    Registry.InstitutionRegistered.messageType.rawValue, Registry.ContactAssigned.messageType.rawValue,
                ])
            let registered = try EnvelopeCodec.decode(Registry.InstitutionRegistered.self, from: events[2].body)
            #expect(registered.data.institution.itGroup?.name == "Schul-IT Detmold")
            #expect(registered.attributes.subject == "193015")
        }
    }

    @Test func refusalsNameTheProblem() async throws {
        try await RegistryHarness.with { h in
            _ = try await h.command(Registry.CreateNetwork(Self.lippe), as: Registry.NetworkDetails.self)
            _ = try await h.command(Self.detmold, as: Registry.InstitutionDetails.self)
            _ = try await h.command(Self.gymnasium, as: Registry.InstitutionDetails.self)

            var bad = Self.gymnasium
            bad.id = "93015"
            var e = try await h.refusal(bad)
            #expect(e.code == "invalid-schulnummer" && e.field == "id")

            bad = Self.gymnasium
            bad.networkID = "kreis-nirgendwo"
            e = try await h.refusal(bad)
            #expect(e.code == "unknown-network" && e.message.contains("kreis-nirgendwo"))

            bad = Self.gymnasium
            bad.name = "Ein anderes Gymnasium"
            e = try await h.refusal(bad)
            #expect(e.code == "duplicate-school")

            bad = Self.gymnasium
            bad.id = "193016"
            bad.school?.schulform = "XY"
            e = try await h.refusal(bad)
            #expect(e.code == "invalid" && e.field == "school.schulform")

            e = try await h.refusal(
                Registry.AssignContact(
                    role: .medienbeauftragte, networkID: "kreis-lippe", person: .init(name: "A", email: "a@b.example")))
            #expect(e.field == "institutionID")

            e = try await h.refusal(Registry.RetireInstitution(id: "stadt-detmold"))
            #expect(e.code == "schultraeger-in-use")

            // The Trägernummer belongs to a Schulträger, once, and is digits only.
            let numbered = try await h.command(
                Registry.UpdateInstitution(id: "stadt-detmold", traegernummer: "5766020"),
                as: Registry.InstitutionDetails.self)
            #expect(numbered.institution.traegernummer == "5766020")
            e = try await h.refusal(Registry.UpdateInstitution(id: "193015", traegernummer: "5766021"))
            #expect(e.field == "traegernummer" && e.message.contains("only a Schulträger"))
            var lage = Self.detmold
            lage.id = "stadt-lage"
            lage.name = "Stadt Lage"
            lage.traegernummer = "5766020"
            e = try await h.refusal(lage)
            #expect(e.code == "traegernummer-in-use")
            lage.traegernummer = "57-66"
            #expect(try await h.refusal(lage).field == "traegernummer")

            _ = try await h.command(
                Registry.RetireInstitution(id: "193015", leftOn: "2026-07-31", reason: "zusammengelegt"),
                as: Registry.InstitutionDetails.self)
            e = try await h.refusal(Registry.UpdateInstitution(id: "193015", name: "Neu"))
            #expect(e.code == "retired-institution")
            e = try await h.refusal(Registry.SetRollout(schulnummer: "193015", state: .requested))
            #expect(e.code == "retired-institution")

            // Refusals change nothing and emit nothing.
            let types = try await h.emitted(expecting: 5).map(\.type)
            // Two registered, the Trägernummer set, one retired.
            #expect(types.filter { $0.contains(".institution.") }.count == 4)
        }
    }

    @Test func repeatingARegistrationChangesNothing() async throws {
        try await RegistryHarness.with { h in
            for _ in 0..<2 {
                _ = try await h.command(Registry.CreateNetwork(Self.lippe), as: Registry.NetworkDetails.self)
                _ = try await h.command(Self.detmold, as: Registry.InstitutionDetails.self)
                _ = try await h.command(Self.gymnasium, as: Registry.InstitutionDetails.self)
                _ = try await h.command(
                    Registry.AssignContact(
                        role: .coordinator, networkID: "kreis-lippe",
                        person: .init(name: "Dr. Petra Sommer", email: "p.sommer@kreis-lippe.example")),
                    as: Registry.ContactDetails.self)
                _ = try await h.command(
                    Registry.SetMeasureStatus(networkID: "kreis-lippe", measure: 6, status: .inProgress),
                    as: Registry.MeasureDetails.self)
            }
            #expect(try await h.emitted(expecting: 5).count == 5)
        }
    }

    @Test func aSchultraegersNewITGroupReachesItsSchools() async throws {
        try await RegistryHarness.with { h in
            _ = try await h.command(Registry.CreateNetwork(Self.lippe), as: Registry.NetworkDetails.self)
            _ = try await h.command(Self.detmold, as: Registry.InstitutionDetails.self)
            _ = try await h.command(Self.gymnasium, as: Registry.InstitutionDetails.self)
            _ = try await h.command(
                Registry.UpdateInstitution(
                    id: "stadt-detmold", itGroup: .init(name: "IT-Service Detmold", email: "it-service@detmold.example")
                ),
                as: Registry.InstitutionDetails.self)
            let updates = try await h.emitted(expecting: 5).filter {
                $0.type == Registry.InstitutionUpdated.messageType.rawValue
            }
            .map { try EnvelopeCodec.decode(Registry.InstitutionUpdated.self, from: $0.body).data.institution }
            #expect(updates.map(\.id) == ["stadt-detmold", "193015"])
            #expect(updates.allSatisfy { $0.itGroup?.email == "it-service@detmold.example" })
        }
    }

    @Test func measuresAgreementsAndRolloutKeepTheirHistory() async throws {
        try await RegistryHarness.with { h in
            _ = try await h.command(Registry.CreateNetwork(Self.lippe), as: Registry.NetworkDetails.self)
            _ = try await h.command(Self.detmold, as: Registry.InstitutionDetails.self)
            _ = try await h.command(Self.gymnasium, as: Registry.InstitutionDetails.self)

            _ = try await h.command(
                Registry.SetMeasureStatus(
                    networkID: "kreis-lippe", measure: 3, status: .planned, owner: "Bildungsbüro"),
                as: Registry.MeasureDetails.self)
            let measure = try await h.command(
                Registry.SetMeasureStatus(
                    networkID: "kreis-lippe", measure: 3, status: .inProgress, owner: "Bildungsbüro",
                    note: "Pilot mit fünf Schulen"), as: Registry.MeasureDetails.self)
            #expect(measure.history.map(\.status) == [.inProgress, .planned])
            #expect(
                try await h.refusal(Registry.SetMeasureStatus(networkID: "kreis-lippe", measure: 8, status: .done))
                    .field == "measure")

            let v1 = try await h.command(
                Registry.PublishAgreement(
                    networkID: "kreis-lippe", documentID: "leitbild", kind: .leitbild,
                    title: "Leitbild Bildung im digitalen Wandel", text: "Wir gestalten …", publishedOn: "2024-03-01"),
                as: Registry.AgreementDetails.self)
            let v2 = try await h.command(
                Registry.PublishAgreement(
                    networkID: "kreis-lippe", documentID: "leitbild", kind: .leitbild,
                    title: "Leitbild Bildung im digitalen Wandel", text: "Wir gestalten gemeinsam …"),
                as: Registry.AgreementDetails.self)
            #expect(v1.agreement.version == 1 && v2.agreement.version == 2)
            let endorsed = try await h.command(
                Registry.EndorseAgreement(networkID: "kreis-lippe", documentID: "leitbild", institutionID: "193015"),
                as: Registry.AgreementDetails.self)
            #expect(endorsed.agreement.version == 2 && endorsed.agreement.endorsedBy == ["193015"])
            #expect(
                try await h.refusal(
                    Registry.EndorseAgreement(
                        networkID: "kreis-lippe", documentID: "standards", institutionID: "193015")
                ).code == "unknown-agreement")

            let requested = try await h.command(
                Registry.SetRollout(schulnummer: "193015", state: .provisioned, on: "2025-02-03"),
                as: Registry.RolloutDetails.self)
            #expect(requested.rollout.requestedOn == "2025-02-03" && requested.rollout.provisionedOn == "2025-02-03")
            let back = try await h.refusal(Registry.SetRollout(schulnummer: "193015", state: .requested))
            #expect(back.code == "step-back" && back.message.contains("provisioned"))

            let events = try await h.emitted(expecting: 9)
            #expect(events.contains { $0.type == Registry.RolloutChanged.messageType.rawValue })
            #expect(events.filter { $0.type == Registry.AgreementPublished.messageType.rawValue }.count == 2)
        }
    }

    @Test func erasureRemovesThePersonAndTellsEveryone() async throws {
        try await RegistryHarness.with { h in
            _ = try await h.command(Registry.CreateNetwork(Self.lippe), as: Registry.NetworkDetails.self)
            let assigned = try await h.command(
                Registry.AssignContact(
                    role: .speaker, networkID: "kreis-lippe",
                    person: .init(name: "Tom Berger", email: "t.berger@medien.example", phone: "05231 1234")),
                as: Registry.ContactDetails.self)
            let erased = try await h.command(
                Registry.ErasePerson(email: "T.Berger@medien.example"), as: Registry.PersonErasure.self)
            #expect(erased.personID == assigned.contact.personID && erased.rolesRemoved == 1)
            let contacts = try await h.query(
                Registry.ListContacts(networkID: "kreis-lippe"), as: Registry.ContactList.self)
            #expect(contacts.contacts.isEmpty)
            let events = try await h.emitted(expecting: 3)
            let last = try #require(events.last)
            let event = try EnvelopeCodec.decode(Registry.PersonErased.self, from: last.body)
            #expect(event.data.email == "t.berger@medien.example")
            // Asked again (or for someone never registered), the erasure still goes to every service.
            let again = try await h.command(
                Registry.ErasePerson(email: "t.berger@medien.example"), as: Registry.PersonErasure.self)
            #expect(again.rolesRemoved == 0 && again.requestID.hasPrefix("erasure-"))
        }
    }

    @Test func bodiesAndTheContactsServingInThem() async throws {
        try await RegistryHarness.with { h in
            var network = Self.lippe
            network.bodies = [
                .init(kind: .bildungsbuero, name: "Regionales Bildungsbüro Lippe", email: "Buero@Kreis-Lippe.example"),
                .init(kind: .lenkungskreis, name: "Lenkungskreis", meets: "zweimal im Jahr"),
            ]
            let created = try await h.command(Registry.CreateNetwork(network), as: Registry.NetworkDetails.self)
            #expect(created.network.bodies?.map(\.kind) == [.lenkungskreis, .bildungsbuero])
            #expect(created.network.bodies?.last?.email == "buero@kreis-lippe.example")
            _ = try await h.command(
                Registry.AssignContact(
                    role: .coordinator, networkID: "kreis-lippe",
                    person: .init(name: "Petra Sommer", email: "p@s.example")),
                as: Registry.ContactDetails.self)
            _ = try await h.command(
                Registry.AssignContact(
                    role: .schulaufsicht, networkID: "kreis-lippe", body: .lenkungskreis,
                    person: .init(name: "Michael Brandt", email: "m@b.example")), as: Registry.ContactDetails.self)
            let updated = try await h.command(
                Registry.UpdateNetwork(
                    id: "kreis-lippe",
                    bodies: [.init(kind: .bildungskonferenz, name: "Bildungskonferenz", meets: "jährlich")]),
                as: Registry.NetworkDetails.self)
            #expect(updated.network.bodies?.map(\.kind) == [.bildungskonferenz, .lenkungskreis, .bildungsbuero])
            #expect(
                Set(updated.contacts.map { "\($0.role.rawValue):\($0.body?.rawValue ?? "-")" })
                    == ["coordinator:bildungsbuero", "schulaufsicht:lenkungskreis"])
            let refused = try await h.refusal(
                Registry.AssignContact(
                    role: .medienbeauftragte, institutionID: "193015", body: .lenkungskreis,
                    person: .init(name: "X", email: "x@y.example")))
            #expect(refused.field == "institutionID" || refused.field == "body")
            let events = try await h.emitted(expecting: 4)
            #expect(events.last?.type == Registry.NetworkUpdated.messageType.rawValue)
        }
    }
}
