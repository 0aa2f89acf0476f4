import Contracts
import Foundation
import Messaging
import NotificationService
import RBNTestSupport
import ServiceKit
import Testing

/// More rules: workshops, welcome, erasure.
@Suite("Notification rules over the broker", .hangGuard)
struct NotificationRuleTests {
    static func round() -> Training.Round {
        let w = Training.Workshop(
            number: 3, date: "2027-03-17", starts: "08:30", ends: "15:30", mode: .inPerson,
            place: "Medienzentrum Lippe", trainers: ["Ute Berg", "Kai Sommer"], cancelled: true)
        return Training.Round(
            id: "r", networkID: "kreis-lippe", schoolYear: "2026/27", kind: .qualification,
            title: "Medienscouts NRW – Kreis Lippe 2026/27", capacity: 10, applicationOpens: "2026-09-01",
            applicationCloses: "2027-01-15", workshops: [w], offerHoldHours: 48, workshopsForCertificate: 1)
    }

    @Test func aCancelledWorkshopReachesEveryTeacherWithAPlace() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let id = UUID().uuidString.prefix(6).lowercased()
        let teachers = ["lehmann-\(id)@schule.example", "peters-\(id)@schule.example"]
        let application = Training.Application(
            id: 1, roundID: "r", schulnummer: "193007", schoolName: "Städtisches Gymnasium",
            students: [.init(firstName: "Lena", grade: 8, parentalConsentOn: "2026-09-15")],
            teachers: teachers.map { .init(name: "Lehrkraft", email: $0) }, status: .confirmed,
            appliedAt: "2026-10-01T10:00:00Z")
        try await NotificationFlowTests.with(maildir: dir) { h in
            let round = Self.round()
            try await NotificationFlowTests.publish(
                Envelope(
                    Training.WorkshopCancelled(
                        round: round, workshop: round.workshops[0], reason: "Die Referentin ist erkrankt.",
                        applications: [application])), h)
            _ = await eventually(until: { $0 }) {
                !teachers.contains { NotificationFlowTests.files(dir, to: $0).isEmpty }
            }
            for t in teachers {
                let files = NotificationFlowTests.files(dir, to: t)
                #expect(files.count == 1)
                let mail = try String(contentsOfFile: "\(dir)/new/\(files.first ?? "")", encoding: .utf8)
                #expect(
                    mail.contains("Workshop 3 von „Medienscouts NRW – Kreis Lippe 2026/27“ (17.03.2027, 08:30–15:30"))
                #expect(mail.contains("Die Referentin ist erkrankt."))
            }
        }
    }

    @Test func aNewContactIsWelcomedAndAnErasedPersonLeavesNoMessage() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let email = "mb-\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        try await NotificationFlowTests.with(maildir: dir) { h in
            let contact = Registry.Contact(
                personID: "p-\(email)", name: "Sabine Lehmann", email: email, role: .medienbeauftragte,
                networkID: "kreis-lippe", institutionID: "193007", institutionName: "Städtisches Gymnasium")
            try await NotificationFlowTests.publish(Envelope(Registry.ContactAssigned(contact: contact)), h)
            _ = await eventually(until: { !$0.isEmpty }) { NotificationFlowTests.files(dir, to: email) }
            let mail = try String(
                contentsOfFile: "\(dir)/new/\(NotificationFlowTests.files(dir, to: email).first ?? "")", encoding: .utf8
            )
            #expect(mail.contains("als Medienbeauftragte für Städtisches Gymnasium"))
            try await NotificationFlowTests.publish(
                Envelope(Registry.PersonErased(personID: contact.personID, email: email)), h)
            let left = try await eventually(every: .milliseconds(100), until: { $0 == 0 }) {
                try await h.query(Notifications.ListDeliveries(recipient: email), as: Notifications.DeliveryList.self)
                    .deliveries.count
            }
            #expect(left == 0)
        }
    }
}

/// Reminders a week and a day before, on a clock the test moves.
@Suite("Reminders", .hangGuard)
struct ReminderTests {
    @Test func remindersFireAtTheirTimeAndMoveWithTheWorkshop() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let now = LockedBox(Date(timeIntervalSince1970: 1_800_000_000))  // 2027-01-15
        let templates = try Templates()
        let email = "vogel-\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        try await ServiceHarness.with(
            service: Notifications.service, events: "notification.#",
            {
                NotificationService.definition(
                    name: $0, templates: templates, channel: MaildirChannel(directory: dir), reminderCheckEvery: 0.1,
                    clock: { now.withLock { $0 } })
            },
            ready: { h in
                _ = try await h.send(
                    Notifications.ListDeliveries(limit: 1), as: Notifications.DeliveryList.self, timeout: 1)
            }
        ) { h in
            // Workshop 3 on 2027-03-17 at 08:30 (Berlin, UTC+1).
            var round = NotificationRuleTests.round()
            round.workshops[0].cancelled = false
            round.workshops[0].number = 1
            // Online: the link is in the invitation and in every reminder.
            round.workshops[0].mode = .online
            round.workshops[0].place = nil
            round.workshops[0].link = "https://meet.example/medienscouts-1"
            let application = Training.Application(
                id: 9, roundID: "r", schulnummer: "193006", schoolName: "Gesamtschule Detmold-Nord",
                students: [.init(firstName: "Jonas", grade: 7, parentalConsentOn: "2026-10-01")],
                teachers: [.init(name: "Katrin Vogel", email: email)], status: .confirmed,
                appliedAt: "2026-10-01T10:00:00Z")
            try await NotificationFlowTests.publish(
                Envelope(Training.ApplicationConfirmed(application: application, round: round)), h)
            func wait(for count: Int) async throws {
                _ = await eventually(until: { $0 >= count }) { NotificationFlowTests.files(dir, to: email).count }
            }
            try await wait(for: 1)  // the confirmation
            #expect(NotificationFlowTests.files(dir, to: email).count == 1)

            // A week before (2027-03-10 08:30 CET = 07:30 UTC): the first reminder.
            now.withLock { $0 = Date(timeIntervalSince1970: 1_804_663_800 + 60) }
            try await wait(for: 2)
            #expect(NotificationFlowTests.files(dir, to: email).count == 2)
            for file in NotificationFlowTests.files(dir, to: email) {
                let text = try String(contentsOfFile: "\(dir)/new/\(file)", encoding: .utf8)
                #expect(text.contains("online: https://meet.example/medienscouts-1"), "\(file)")
            }

            // The workshop moves a week later; the day-before reminder moves with it.
            var moved = round.workshops[0]
            moved.date = "2027-03-24"
            try await NotificationFlowTests.publish(
                Envelope(
                    Training.WorkshopRescheduled(
                        round: round, workshop: moved, previous: round.workshops[0], applications: [application])), h)
            try await wait(for: 3)  // the notice that it moved
            // The old day before (2027-03-16 08:30 CET) passes without a reminder…
            now.withLock { $0 = Date(timeIntervalSince1970: 1_805_182_200 + 60) }
            try await Task.sleep(for: .seconds(1))
            let beforeMove = NotificationFlowTests.files(dir, to: email).count
            // …the new week-before (2027-03-17) and day-before (2027-03-23) send one each.
            now.withLock { $0 = Date(timeIntervalSince1970: 1_805_787_000 + 60) }
            try await wait(for: beforeMove + 2)
            let all = NotificationFlowTests.files(dir, to: email).count
            #expect(beforeMove == 3, "nothing at the old time")
            #expect(all == 5)
        }
    }
}
