import Contracts
import Foundation
import Messaging
import NotificationService
import RBNTestSupport
import ServiceKit
import Testing

/// The recipient directory: language, opt-outs and the critical messages that ignore them,
/// SLA messages to assignee and coordinators, and the daily digest on a clock the test moves.
@Suite("Recipients and their preferences", .hangGuard)
struct RecipientTests {
    static func with(
        maildir: String, webhook: (any Channel)? = nil,
        clock: (@Sendable () -> Date)? = nil, retry: RetryPolicy = RetryPolicy(),
        _ body: (ServiceHarness) async throws -> Void
    ) async throws {
        let templates = try Templates()
        try await ServiceHarness.with(
            service: Notifications.service, events: "notification.#",
            {
                NotificationService.definition(
                    name: $0, templates: templates, channel: MaildirChannel(directory: maildir), webhook: webhook,
                    retry: retry, reminderCheckEvery: 0.1, clock: clock ?? { Date() })
            },
            ready: { h in
                _ = try await h.send(
                    Notifications.ListDeliveries(limit: 1), as: Notifications.DeliveryList.self, timeout: 1)
            }, body)
    }

    /// The recipient's deliveries, oldest first, once `done` holds for them.
    static func deliveries(
        _ email: String, _ h: ServiceHarness, until done: ([Notifications.Delivery]) -> Bool
    ) async throws -> [Notifications.Delivery] {
        let list = try await eventually(every: .milliseconds(100), until: done) {
            try await h.query(Notifications.ListDeliveries(recipient: email), as: Notifications.DeliveryList.self)
                .deliveries.reversed()
        }
        return list
    }

    static func temporaryDirectory(_ prefix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    }

    @Test func optOutsHoldBackAllButCriticalMessagesWhichComeInTheChosenLanguage() async throws {
        let dir = Self.temporaryDirectory("maildir")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let email = "peters-\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        try await Self.with(maildir: dir) { h in
            let details = try await h.command(
                Notifications.SetPreferences(email: email, language: "en", optOuts: [.tickets, .training]),
                as: Notifications.RecipientDetails.self)
            #expect(details.recipient.language == "en" && details.recipient.optOuts == [.tickets, .training])
            // Bad preferences are refused with the reason and change nothing.
            let refused = try await h.refusal(Notifications.SetPreferences(email: email, channel: .webhook))
            #expect(refused.message.contains("webhook.secret"))
            let noAddress = try await h.refusal(Notifications.SetPreferences(email: "no-address"))
            #expect(noAddress.field == "email")

            let application = Training.Application(
                id: 1, roundID: "r", schulnummer: "193007", schoolName: "Städtisches Gymnasium",
                students: [.init(firstName: "Lena", grade: 8, parentalConsentOn: "2026-09-15")],
                teachers: [.init(name: "Tom Peters", email: email)], status: .confirmed,
                appliedAt: "2026-10-01T10:00:00Z")
            let round = NotificationRuleTests.round()
            try await NotificationFlowTests.publish(
                Envelope(SupportDesk.TicketOpened(ticket: NotificationFlowTests.ticket(email), by: "guest")), h)
            try await NotificationFlowTests.publish(
                Envelope(Training.ApplicationReceived(application: application, round: round)), h)
            // Critical: a cancelled workshop reaches them despite the opt-out from training.
            try await NotificationFlowTests.publish(
                Envelope(
                    Training.WorkshopCancelled(
                        round: round, workshop: round.workshops[0], reason: "The trainer is ill.",
                        applications: [application])), h)
            let sent = try await Self.deliveries(email, h) { $0.contains { $0.status == .sent } }
            try await Task.sleep(for: .seconds(1))
            #expect(sent.map(\.kind) == ["workshop-cancelled"])
            #expect(sent.first?.language == "en")
            let files = NotificationFlowTests.files(dir, to: email)
            #expect(files.count == 1)
            let mail = try String(contentsOfFile: "\(dir)/new/\(files.first ?? "")", encoding: .utf8)
            #expect(mail.contains("Content-Language: en"))
            #expect(mail.contains("Hello Tom Peters,"))
            #expect(mail.contains("The trainer is ill."))
            let known = try await h.query(
                Notifications.GetRecipient(email: email), as: Notifications.RecipientDetails.self)
            #expect(known.recipient.name == "Tom Peters")
        }
    }

    @Test func slaWarningsGoToAssigneeAndCoordinatorsOrIntoTheirDailyDigest() async throws {
        let dir = Self.temporaryDirectory("maildir")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let id = UUID().uuidString.prefix(6).lowercased()
        let assignee = "wagner-\(id)@rbn.example"
        let coordinator = "bildungsbuero-\(id)@kreis-lippe.example"
        // 05:00 in Berlin on 2027-01-15: before the digest hour (07:00).
        let now = LockedBox(Date(timeIntervalSince1970: 1_799_985_600))
        try await Self.with(maildir: dir, clock: { now.withLock { $0 } }) { h in
            _ = try await h.command(
                Notifications.SetPreferences(email: coordinator, digest: true), as: Notifications.RecipientDetails.self)
            var ticket = NotificationFlowTests.ticket("requester-\(id)@schule.example")
            ticket.assignee = "jwagner"
            ticket.firstResponse = .init(state: .warning, used: 2880, target: 3600, dueAt: "2027-01-15T09:00:00Z")
            let notify: [SupportDesk.Notified] = [
                .init(name: "Jonas Wagner", email: assignee, role: .assignee),
                .init(name: "Bildungsbüro Kreis Lippe", email: coordinator, role: .coordinator),
            ]
            try await NotificationFlowTests.publish(
                Envelope(SupportDesk.SLAWarning(ticket: ticket, clock: .firstResponse, notify: notify)), h)
            let warned = try await Self.deliveries(assignee, h) { $0.first?.status == .sent }
            #expect(warned.map(\.kind) == ["sla-warning"])
            let mail = try String(
                contentsOfFile: "\(dir)/new/\(NotificationFlowTests.files(dir, to: assignee).first ?? "")",
                encoding: .utf8)
            #expect(mail.contains("80 % der Zeit für die Erstreaktion verbraucht"))
            #expect(mail.contains("15.01.2027, 10:00 Uhr"))

            // A breach is not held for the digest.
            ticket.firstResponse.state = .breached
            try await NotificationFlowTests.publish(
                Envelope(SupportDesk.SLABreached(ticket: ticket, clock: .firstResponse, notify: notify)), h)
            let coordinated = try await Self.deliveries(coordinator, h) { $0.first?.status == .sent }
            #expect(coordinated.map(\.kind) == ["sla-breached"], "the warning waits for the digest")

            // 07:30 in Berlin: the digest lists the held warning, once however often the timer runs.
            now.withLock { $0 = Date(timeIntervalSince1970: 1_799_994_600) }
            let withDigest = try await Self.deliveries(coordinator, h) { $0.filter { $0.status == .sent }.count == 2 }
            try await Task.sleep(for: .seconds(1))
            #expect(withDigest.map(\.kind) == ["sla-breached", "sla-digest"])
            let mails = NotificationFlowTests.files(dir, to: coordinator).compactMap {
                try? String(contentsOfFile: "\(dir)/new/\($0)", encoding: .utf8)
            }
            let digest = try #require(mails.first { $0.contains("bei diesen Anfragen") })
            #expect(
                digest.contains(
                    "#42 WLAN im Raum 204 fällt aus (Städtisches Gymnasium): Erstreaktion bis 15.01.2027, 10:00 Uhr"))
            let again = try await Self.deliveries(coordinator, h) { _ in true }
            #expect(again.count == 2)
        }
    }

    @Test func anErasedRecipientLeavesNoPreferences() async throws {
        let dir = Self.temporaryDirectory("maildir")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let email = "hahn-\(UUID().uuidString.prefix(6))@eltern.example".lowercased()
        try await Self.with(maildir: dir) { h in
            _ = try await h.command(
                Notifications.SetPreferences(email: email, language: "en"), as: Notifications.RecipientDetails.self)
            try await NotificationFlowTests.publish(
                Envelope(Registry.PersonErased(personID: "p-\(email)", email: email)), h)
            let gone = try await eventually(every: .milliseconds(100), until: { $0 }) {
                let r = try await h.send(
                    Notifications.GetRecipient(email: email), as: Notifications.RecipientDetails.self)
                if case .refused(let e) = r, e.code == "not-found" { return true }
                return false
            }
            #expect(gone)
        }
    }
}
