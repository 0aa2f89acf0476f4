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
            try await h.connection.publishEvent(Registry.PersonErased(personID: personID, email: email))
            let confirmed = try await h.emitted(expecting: 1, timeout: 90) { a, _ in
                a.type == Training.PersonErased.messageType.rawValue && a.subject == personID
            }
            #expect(!confirmed.isEmpty)
            let details = try await h.query(
                Training.GetEvening(eveningID: evening.id), as: Training.EveningDetails.self)
            #expect(details.registrations.first { $0.id == reg.registration.id }?.name == "gelöscht")
        }
    }

    /// The VO-DV periods run to the end of the calendar year: teachers 1 year (VO-DV II), pupils 5
    /// years (VO-DV I § 9), parents 1 year. A round of 2024 has lost its teachers in 2026 but keeps
    /// its pupils; a round of 2020 has lost both.
    @Test func afterTheirPeriodsTeachersPupilsAndParentsAreErasedButCountsStay() async throws {
        try await ServiceHarness.with(
            service: Training.service, events: "training.#",
            {
                TrainingService.definition(
                    name: $0, offerCheckEvery: 0.2, hourLength: 1, retentionCheckEvery: 0.2)
            },
            ready: { h in
                _ = try await h.send(Training.GetRound(roundID: "none"), as: Training.RoundDetails.self, timeout: 1)
            }
        ) { h in
            func round(_ year: Int) async throws -> Training.Round {
                var c = TrainingRulesTests.create(capacity: 3, opens: "2019-01-01", closes: "2099-12-31")
                c.id = "alt-\(year)-\(UUID().uuidString.prefix(8).lowercased())"
                c.workshops = TrainingRulesTests.workshops(5, from: CivilDay(year, 1, 8))
                return try await h.command(c, as: Training.RoundDetails.self).round
            }
            let recent = try await round(2024)
            let old = try await round(2020)
            let school = MedienscoutsFlowTests.school()
            try await MedienscoutsFlowTests.register([school], h, round: recent.id)
            let evening = try await ParentEveningTests.scheduled(h, capacity: 5)
            let reg = try await h.command(ParentEveningTests.parent(evening, 1), as: Training.RegistrationDetails.self)
            _ = try await h.command(
                Training.ScheduleEvening(
                    eveningID: evening.id, topicID: "smartphone", speaker: "Dr. Nora Feld", date: "2024-03-10",
                    starts: "19:00", ends: "20:30", mode: .online, link: "https://meet.example/eltern", capacity: 5),
                as: Training.EveningDetails.self)
            // The applications arrive while the erasing timer runs: they are past at once.
            let recentApp = try await h.command(
                MedienscoutsFlowTests.apply(school, recent), as: Training.ApplicationDetails.self)
            let oldApp = try await h.command(
                MedienscoutsFlowTests.apply(school, old), as: Training.ApplicationDetails.self)
            // Erased by a timer: waited for without a deadline of the test's own (see `eventually`).
            func application(
                _ id: Int, until done: @escaping (Training.Application) -> Bool
            ) async throws -> Training.Application? {
                let a = try await eventually(every: .milliseconds(100), until: done) {
                    try await h.query(Training.GetApplication(applicationID: id), as: Training.ApplicationDetails.self)
                        .application
                }
                return done(a) ? a : nil
            }
            let erased = { (t: Training.Teacher) in t.name == "gelöscht" && t.email.hasSuffix("@invalid") }
            let oldTeam = try #require(
                try await application(oldApp.application.id) { a in
                    a.students.allSatisfy { $0.firstName == "gelöscht" } && a.teachers.allSatisfy(erased)
                })
            #expect(oldTeam.students.map(\.grade) == [8, 9], "grades stay for the reports")
            let recentTeam = try #require(
                try await application(recentApp.application.id) { $0.teachers.allSatisfy(erased) })
            // One more look of the timer: the pupils of 2024 are within their five years.
            try await Task.sleep(for: .milliseconds(600))
            let again = try await h.query(
                Training.GetApplication(applicationID: recentApp.application.id), as: Training.ApplicationDetails.self)
            #expect(recentTeam.students.map(\.firstName) == ["Lena", "Mehmet"])
            #expect(again.application.students.map(\.firstName) == ["Lena", "Mehmet"])
            let parents = try await h.query(
                Training.GetEvening(eveningID: evening.id), as: Training.EveningDetails.self)
            #expect(parents.registrations.first { $0.id == reg.registration.id }?.email.hasSuffix("@invalid") == true)
        }
    }

    /// Pinned days: a period of one year ends with the calendar year after the event's.
    @Test func periodsRunToTheEndOfTheCalendarYear() {
        let one = RetentionPeriod(years: 1)
        let five = RetentionPeriod(years: 5)
        let evening = CivilDay(2026, 3, 10)
        #expect(one.keptUntil(evening) == CivilDay(2027, 12, 31))
        #expect(!one.isOver(for: evening, today: CivilDay(2027, 12, 31)))
        #expect(one.isOver(for: evening, today: CivilDay(2028, 1, 1)))
        // Late in the year counts the same as early: 2026-12-31 is kept through 2027.
        #expect(!one.isOver(for: CivilDay(2026, 12, 31), today: CivilDay(2027, 12, 31)))
        #expect(five.keptUntil(evening) == CivilDay(2031, 12, 31))
        #expect(five.cutoff(today: CivilDay(2032, 1, 1)) == CivilDay(2026, 12, 31))
        #expect(five.cutoff(today: CivilDay(2031, 12, 31)) == CivilDay(2025, 12, 31))
        #expect(RetentionPeriod(setting: "0") == nil && RetentionPeriod(setting: "x") == nil)
        #expect(RetentionPeriod(setting: " 5 ") == five)
    }

    @Test func theRulesAreSettingsWithNRWsDefaults() throws {
        #expect(try TrainingRules.read([:]) == .nrw)
        #expect(TrainingRules.nrw.grades == 7...9)
        let wider = try TrainingRules.read(["medienscouts.grades": "5-10", "retention.pupils.years": "2"])
        #expect(wider.grades == 5...10 && wider.pupils == RetentionPeriod(years: 2) && wider.teachers.years == 1)
        for bad in [["medienscouts.grades": "9-7"], ["medienscouts.grades": "4-9"], ["retention.parents.years": "0"]] {
            #expect(throws: SettingsError.self) { try TrainingRules.read(bad) }
        }
    }
}
