import Contracts
import Foundation
import RBNTestSupport
import Testing

/// The suite end to end, as processes: a ticket opened with `desk` reaches the requester's
/// mailbox through support-desk, its event and the notification service; `rbnctl notify` shows it.
@Suite("A ticket's mail, end to end", .hangGuard)
struct EndToEndMailTests {
    @Test func aTicketOpenedWithDeskIsConfirmedByMailOnce() async throws {
        try await SystemUnderTest.with(services: ["support-desk", "notification"]) { sys in
            var opened = try await sys.run("desk", ["list"])
            for _ in 0..<120 {
                opened = try await sys.run(
                    "desk",
                    [
                        "open", "--school", "193001", "--title", "Beamer in Raum 12 zeigt kein Bild", "--category",
                        "hardware", "--requester", "Jörg Müller <joerg.mueller@schule.example>", "-m", "Seit heute.",
                    ])
                if opened.status == 0 { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(opened.status == 0, "\(opened.stderr)")
            // The seeds' contacts get welcome mails too: only the requester's count here.
            let maildir = "\(sys.directory)/maildir/new"
            func mails() -> [String] {
                ((try? FileManager.default.contentsOfDirectory(atPath: maildir)) ?? []).compactMap {
                    try? String(contentsOfFile: "\(maildir)/\($0)", encoding: .utf8)
                }.filter { $0.contains("<joerg.mueller@schule.example>") }
            }
            _ = await eventually(every: .milliseconds(100), until: { !$0.isEmpty }) { mails() }
            try await Task.sleep(for: .seconds(1))
            #expect(mails().count == 1)
            let mail = try #require(mails().first)
            #expect(mail.contains("Hallo Jörg Müller,"))
            #expect(mail.contains("Grundschule am Werreufer"))

            let log = try await sys.run("rbnctl", ["notify", "log", "--to", "joerg.mueller@schule.example", "--json"])
            let list = try JSONDecoder().decode(Notifications.DeliveryList.self, from: Data(log.stdout.utf8))
            #expect(list.deliveries.map(\.status) == [.sent])
            #expect(list.deliveries.first?.recipient == "joerg.mueller@schule.example")
            #expect(try await sys.run("rbnctl", ["notify", "failed"]).stdout.contains("no deliveries"))
            let preview = try await sys.run("rbnctl", ["notify", "preview", "ticket-opened", "--language", "en"])
            #expect(preview.stdout.hasPrefix("Subject: [#42] Your request has arrived"))

            // A requester who reads English, set with rbnctl before their first ticket.
            let anna = "anna.becker@schule.example"
            let set = try await sys.run("rbnctl", ["notify", "recipient", anna, "--language", "en"])
            #expect(set.status == 0, "\(set.stderr)")
            #expect(set.stdout.contains("language  en"))
            let bad = try await sys.run("rbnctl", ["notify", "recipient", anna, "--opt-out", "spam"])
            #expect(bad.status == 2 && bad.stderr.contains("no category 'spam'"))
            let second = try await sys.run(
                "desk",
                [
                    "open", "--school", "193001", "--title", "Tablets laden nicht", "--category", "devices",
                    "--requester", "Anna Becker <\(anna)>", "-m", "Der Koffer in Raum 3.",
                ])
            #expect(second.status == 0, "\(second.stderr)")
            func mails(to address: String) -> [String] {
                ((try? FileManager.default.contentsOfDirectory(atPath: maildir)) ?? []).compactMap {
                    try? String(contentsOfFile: "\(maildir)/\($0)", encoding: .utf8)
                }.filter { $0.contains("<\(address)>") }
            }
            _ = await eventually(every: .milliseconds(100), until: { !$0.isEmpty }) { mails(to: anna) }
            let english = try #require(mails(to: anna).first)
            #expect(english.contains("Content-Language: en") && english.contains("Hello Anna Becker,"))
            let shown = try await sys.run("rbnctl", ["notify", "recipient", anna, "--json"])
            let details = try JSONDecoder().decode(Notifications.RecipientDetails.self, from: Data(shown.stdout.utf8))
            #expect(details.recipient.name == "Anna Becker" && details.recipient.language == "en")
        }
    }
}
