import Contracts
import Foundation
import Messaging
import RBNTestSupport
import ServiceKit
import Testing
import TrainingService

/// Participants' personal data goes on an erasure request, on the registry's person.erased, and
/// after the retention period; what reports count stays.
@Suite("Training data protection over the broker", .hangGuard)
struct PrivacyTests {
    @Test func anErasureRequestReachesTeachersParentsAndIsConfirmed() async throws {
        try await MedienscoutsFlowTests.with { h in
            let round = try await MedienscoutsFlowTests.round(h, capacity: 3)
            let school = MedienscoutsFlowTests.school()
            try await MedienscoutsFlowTests.register([school], h, round: round.id)
            let email = "lehmann@schule-\(school.id).example"
            let app = try await h.command(
                MedienscoutsFlowTests.apply(school, round), as: Training.ApplicationDetails.self)
            let evening = try await ParentEveningTests.scheduled(h, capacity: 5)
            let parent = Training.RegisterParent(
                eveningID: evening.id, name: "Frau Lehmann", email: email, consentToContact: true,
                question: "Wie lange?")
            let reg = try await h.command(parent, as: Training.RegistrationDetails.self)

            let confirmation = try await h.command(
                Training.ErasePerson(requestID: "req-\(school.id)", email: email.uppercased()),
                as: Training.PersonErased.self)
            #expect(confirmation.entries == 2)
            let after = try await h.query(
                Training.GetApplication(applicationID: app.application.id), as: Training.ApplicationDetails.self)
            #expect(after.application.teachers.map(\.name) == ["gelöscht"])
            #expect(!after.application.teachers[0].email.contains("lehmann"))
            #expect(after.application.students.map(\.firstName) == ["Lena", "Mehmet"], "only the person asked for")
            let registration = try await h.query(
                Training.GetEvening(eveningID: evening.id), as: Training.EveningDetails.self
            )
            .registrations.first { $0.id == reg.registration.id }
            #expect(registration?.name == "gelöscht" && registration?.question == nil)
            let events = try await h.emitted(expecting: 9)
            #expect(events.contains { $0.type == Training.PersonErased.messageType.rawValue })
        }
    }

    @Test func theRegistrysPersonErasedIsFollowedAndConfirmed() async throws {
        try await MedienscoutsFlowTests.with { h in
            let evening = try await ParentEveningTests.scheduled(h, capacity: 5)
            let email = "vater-\(evening.id)-\(UUID().uuidString.prefix(4))@familie.example".lowercased()
            let reg = try await h.command(
                Training.RegisterParent(
                    eveningID: evening.id, name: "Herr Krause", email: email, consentToContact: true),
                as: Training.RegistrationDetails.self)
            let personID = "person-\(UUID().uuidString.prefix(8))"
            try await h.connection.publish(
                EnvelopeCodec.message(for: Envelope(Registry.PersonErased(personID: personID, email: email))),
                exchange: RBNTopology.eventsExchange, routingKey: Registry.PersonErased.messageType.eventRoutingKey)
            let confirmed = try await h.emitted(expecting: 1, timeout: 90) { a, _ in
                a.type == Training.PersonErased.messageType.rawValue && a.subject == personID
            }
            #expect(!confirmed.isEmpty)
            let details = try await h.query(
                Training.GetEvening(eveningID: evening.id), as: Training.EveningDetails.self)
            #expect(details.registrations.first { $0.id == reg.registration.id }?.name == "gelöscht")
        }
    }

    @Test func afterTheRetentionPeriodTeamsAndParentsAreErasedButCountsStay() async throws {
        try await ServiceHarness.with(
            service: Training.service, events: "training.#",
            {
                TrainingService.definition(
                    name: $0, offerCheckEvery: 0.2, hourLength: 1, retentionDays: 30, retentionCheckEvery: 0.2)
            },
            ready: { h in
                _ = try await h.send(Training.GetRound(roundID: "none"), as: Training.RoundDetails.self, timeout: 1)
            }
        ) { h in
            // A round whose workshops are years past, and an evening moved into the past after registering.
            var c = TrainingRulesTests.create(capacity: 3, opens: "2020-01-01", closes: "2099-12-31")
            c.id = "alt-\(UUID().uuidString.prefix(8).lowercased())"
            c.workshops = TrainingRulesTests.workshops(5, from: CivilDay(2024, 1, 8))
            let round = try await h.command(c, as: Training.RoundDetails.self).round
            let school = MedienscoutsFlowTests.school()
            try await MedienscoutsFlowTests.register([school], h, round: round.id)
            let evening = try await ParentEveningTests.scheduled(h, capacity: 5)
            let reg = try await h.command(ParentEveningTests.parent(evening, 1), as: Training.RegistrationDetails.self)
            _ = try await h.command(
                Training.ScheduleEvening(
                    eveningID: evening.id, topicID: "smartphone", speaker: "Dr. Nora Feld", date: "2024-03-10",
                    starts: "19:00", ends: "20:30", mode: .online, link: "https://meet.example/eltern", capacity: 5),
                as: Training.EveningDetails.self)
            // The application arrives while the erasing timer runs: it is past at once.
            let app = try await h.command(
                MedienscoutsFlowTests.apply(school, round), as: Training.ApplicationDetails.self)
            let deadline = ContinuousClock.now + .seconds(20)
            var erased: Training.Application?
            while ContinuousClock.now < deadline {
                let a = try await h.query(
                    Training.GetApplication(applicationID: app.application.id), as: Training.ApplicationDetails.self)
                if a.application.students.allSatisfy({ $0.firstName == "gelöscht" }) {
                    erased = a.application
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let team = try #require(erased)
            #expect(team.students.map(\.grade) == [8, 9], "grades stay for the reports")
            #expect(team.teachers.allSatisfy { $0.name == "gelöscht" && $0.email.hasSuffix("@invalid") })
            let parents = try await h.query(
                Training.GetEvening(eveningID: evening.id), as: Training.EveningDetails.self)
            #expect(parents.registrations.first { $0.id == reg.registration.id }?.email.hasSuffix("@invalid") == true)
        }
    }
}
