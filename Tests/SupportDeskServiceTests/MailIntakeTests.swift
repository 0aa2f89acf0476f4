import Contracts
import Foundation
import Glibc
import RBNTestSupport
import SupportDeskService
import Testing

/// Mail into the support desk the way schools send it: built by Python's `email` package, sent with
/// `smtplib` through a real Postfix, which relays it over LMTP to the desk's listener.
@Suite("Mail intake through Postfix", .hangGuard)
struct MailIntakeTests {
    @Test func clientShapesBecomeTicketsWithTheirFiles() async throws {
        try await MailHarness.with { m in
            let files = try await m.shapes()
            try await m.postfix.send(files)
            let tickets = try await m.tickets(count: files.count)
            #expect(tickets.count == files.count, "one ticket per mail: \(tickets.map(\.title))")
            let titles = Set(tickets.map(\.title))
            for title in [
                "Beamer defekt – Raum 2.14", "WLAN fällt aus", "Tablet lädt nicht", "Zeugnisdrucker",
                "Druckerprotokoll", "Originalmeldung Netzwerk", "Signiert Anfrage", "Drucker im Lehrerzimmer", "Scan",
            ] {
                #expect(titles.contains(title), "no ticket titled '\(title)' among \(titles.sorted())")
            }
            func details(_ title: String) async throws -> SupportDesk.TicketDetails {
                let id = try #require(tickets.first { $0.title == title }).id
                return try await m.desk.query(SupportDesk.GetTicket(ticketID: id), as: SupportDesk.TicketDetails.self)
            }
            // Windows-1252 HTML becomes text; ISO-8859-15's euro sign survives.
            #expect(try await details("Beamer defekt – Raum 2.14").description.contains("J. Krüger – Schulleitung"))
            #expect(try await details("Tablet lädt nicht").description.contains("300 €"))
            #expect(try await details("Drucker im Lehrerzimmer").description.contains("leere Seiten. Grüße"))
            // Files: RFC 2231 and RFC 2047 names decoded, types sniffed, the signature not a file.
            let report = try await details("Zeugnisdrucker")
            #expect(report.attachments?.map(\.name) == ["Fehlerbericht für Drucker.pdf"])
            #expect(report.attachments?.first?.type == "application/pdf")
            #expect(try await details("Druckerprotokoll").attachments?.map(\.name) == ["Prüfbericht.pdf"])
            #expect(try await details("Signiert Anfrage").attachments == nil)
            #expect(try await details("Scan").attachments?.map(\.name) == ["scan.pdf"])
            #expect(try await details("WLAN fällt aus").attachments?.map(\.type) == ["image/png"])
            let forwarded = try await details("Originalmeldung Netzwerk")
            #expect(forwarded.attachments?.first?.type == "message/rfc822")
            // The requester is the sender, by name and address.
            #expect(report.ticket.requester.email == m.sender)
            #expect(report.ticket.requester.name == "Jana Krüger")
            // The same PDF in two mails is stored once, and comes back byte for byte.
            let pdf = try #require(report.attachments?.first)
            let part = try await m.desk.query(
                SupportDesk.GetAttachment(id: pdf.id), as: SupportDesk.AttachmentPart.self)
            #expect(Data(base64Encoded: part.base64)?.starts(with: Data("%PDF-1.4".utf8)) == true)
            #expect(part.nextOffset == nil && part.attachment.size == pdf.size)
            #expect(await eventually(until: { $0 >= files.count }) { m.postfix.delivered } == files.count)
        }
    }

    /// The school's official address from the school master data speaks for the school too.
    @Test func aSchoolsOfficialAddressOpensATicket() async throws {
        try await MailHarness.with { m in
            var school = DeskHarness.school()
            let office = "sekretariat-\(UUID().uuidString.prefix(8).lowercased())@schule.example"
            school.email = office
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), m.desk)
            _ = try await DeskHarness.openWhenKnown(school, m.desk)
            try await m.postfix.send([
                try await m.mail(subject: "Neue Schülerkonten", text: "Für die 5a.", from: office)
            ])
            let tickets = try await eventually(until: { $0.count >= 2 }) {
                try await m.desk.query(
                    SupportDesk.ListTickets(schulnummer: school.id, sort: .oldest), as: SupportDesk.TicketList.self
                ).tickets
            }
            #expect(tickets.last?.title == "Neue Schülerkonten" && tickets.last?.requester.email == office)
        }
    }

    /// Erasing the sender reaches what their mail left: their files, and the quarantine's copies.
    @Test func erasureRemovesTheSendersFilesAndQuarantinedMail() async throws {
        try await MailHarness.with { m in
            let report = try #require(try await m.shapes().first { $0.hasSuffix("rfc2231-filename.eml") })
            try await m.postfix.send([report])
            let ticket = try #require(try await m.tickets(count: 1).first)
            let before = try await m.desk.query(
                SupportDesk.GetTicket(ticketID: ticket.id), as: SupportDesk.TicketDetails.self)
            #expect(before.attachments?.count == 1)
            // A mail that names them, from someone the desk does not know, waits in the quarantine.
            let stranger = "fremd-\(UUID().uuidString.prefix(6).lowercased())@anderswo.example"
            try await m.postfix.send([
                try await m.mail(
                    subject: "Über Frau Krüger", text: "Bitte an \(m.sender) weiterleiten.", from: stranger)
            ])
            _ = try await eventually(until: { !$0.mails.isEmpty }) {
                try await m.desk.query(SupportDesk.ListQuarantine(), as: SupportDesk.QuarantineList.self)
            }

            try await DeskHarness.announce(Registry.PersonErased(personID: "p-\(m.school.id)", email: m.sender), m.desk)
            let after = try await eventually(until: { $0.attachments == nil }) {
                try await m.desk.query(SupportDesk.GetTicket(ticketID: ticket.id), as: SupportDesk.TicketDetails.self)
            }
            #expect(after.ticket.requester.email.hasPrefix("erased-"))
            let quarantine = try await m.desk.query(
                SupportDesk.ListQuarantine(includeDecided: true), as: SupportDesk.QuarantineList.self)
            #expect(quarantine.mails.isEmpty, "the mail that named them is gone")
            let gone = try await m.desk.refusal(
                SupportDesk.GetAttachment(id: try #require(before.attachments?.first).id))
            #expect(gone.code == "not-found")
        }
    }

    @Test func aMailDeliveredTwiceIsOneTicket() async throws {
        try await MailHarness.with { m in
            // To two of our addresses at once: Postfix hands it over once, for both, and hears two 250s.
            let both = try await m.mail(subject: "Beamer im Raum 101", text: "Kein Bild.")
            try await m.postfix.send([both], to: "support@rbn.example,support+sekretariat@rbn.example")
            _ = await eventually(until: { $0 >= 2 }) { m.postfix.delivered }
            #expect(try await m.tickets(count: 1).map(\.title) == ["Beamer im Raum 101"])

            let file = try await m.mail(subject: "Kopierer zieht schief ein", text: "Seit heute.")
            // Postfix takes it twice (two SMTP transactions, each with a Received header of its own):
            // the Message-ID from the same sender makes it one ticket.
            try await m.postfix.send([file], repeat: 2)
            _ = await eventually(until: { $0 >= 4 }) { m.postfix.delivered }
            let tickets = try await m.tickets(count: 2)
            #expect(tickets.map(\.title) == ["Beamer im Raum 101", "Kopierer zieht schief ein"])
        }
    }

    @Test func aRequesterReplyByTagResumesAPendingTicket() async throws {
        try await MailHarness.with { m in
            try await m.postfix.send([try await m.mail(subject: "Beamer flackert", text: "Raum 112.")])
            let ticket = try #require(try await m.tickets(count: 1).first)
            _ = try await m.desk.command(
                SupportDesk.ChangeTicket(ticketID: ticket.id, action: .pending, by: "agent", text: "Welches Modell?"),
                as: SupportDesk.TicketDetails.self)
            let reply = try await m.mail(
                subject: "AW: [#\(ticket.id)] Beamer flackert",
                text:
                    "Es ist ein Epson EB-W49.\n\nAm 02.12.2026 um 09:00 schrieb Support <support@rbn.example>:\n> Welches Modell?\n"
            )
            try await m.postfix.send([reply])
            let after = try await eventually(until: { $0.ticket.status == .open }) {
                try await m.desk.query(SupportDesk.GetTicket(ticketID: ticket.id), as: SupportDesk.TicketDetails.self)
            }
            let last = try #require(after.history.last)
            #expect(last.action == "reply" && last.by == m.sender && last.isPublic)
            #expect(last.text == "Es ist ein Epson EB-W49.", "the quoted history is cut off")
            #expect(try await m.tickets(count: 1).count == 1, "a reply opens no ticket")

            // Resolved, then answered within the reopen window: the ticket is open again.
            _ = try await m.desk.command(
                SupportDesk.ChangeTicket(ticketID: ticket.id, action: .resolve, by: "agent", text: "Lampe getauscht."),
                as: SupportDesk.TicketDetails.self)
            try await m.postfix.send([
                try await m.mail(subject: "AW: [#\(ticket.id)] Beamer flackert", text: "Flackert wieder.")
            ])
            let reopened = try await eventually(until: { $0.ticket.status == .open }) {
                try await m.desk.query(SupportDesk.GetTicket(ticketID: ticket.id), as: SupportDesk.TicketDetails.self)
            }
            #expect(reopened.history.last?.action == "reopen" && reopened.history.last?.text == "Flackert wieder.")
        }
    }

    /// The agent's answer carries a signed reply address and message id; a mail client's answer to
    /// it (here from a colleague, with no tag in the subject) lands on the ticket.
    @Test func anAnswerToTheSignedAddressLandsOnTheTicket() async throws {
        try await MailHarness.with { m in
            let first = try await m.mail(subject: "Whiteboard reagiert nicht", text: "Raum 008.")
            try await m.postfix.send([first])
            let ticket = try #require(try await m.tickets(count: 1).first)
            _ = try await m.desk.command(
                SupportDesk.ChangeTicket(
                    ticketID: ticket.id, action: .reply, by: "agent", text: "Ist es eingeschaltet?"),
                as: SupportDesk.TicketDetails.self)
            // The reply's event is this harness's own (by correlation); other tests' desks on the
            // broker have tickets of the same numbers.
            let events = try await m.desk.emitted(expecting: 2)
            let replied = try #require(
                events.filter { $0.type == SupportDesk.TicketReplied.messageType.rawValue }.map {
                    try EnvelopeCodec.decode(SupportDesk.TicketReplied.self, from: $0.body).data
                }.first { $0.ticket.id == ticket.id })
            let thread = try #require(replied.mail)
            #expect(thread.replyTo.hasPrefix("support+\(ticket.id)-") && thread.replyTo.hasSuffix("@rbn.example"))
            #expect(thread.messageID.hasPrefix("ticket-\(ticket.id).") && thread.from == "support@rbn.example")
            #expect(thread.references.first.map { "<\($0)>" } == (try m.messageID(of: first)))

            let colleague = "kollege-\(UUID().uuidString.prefix(6).lowercased())@schule.example"
            let answer = try await m.mail(
                subject: "AW: Whiteboard", text: "Ja, es ist an.", from: colleague,
                headers: ["In-Reply-To": "<\(thread.messageID)>", "References": "<\(thread.messageID)>"])
            try await m.postfix.send([answer], to: thread.replyTo)
            let after = try await eventually(until: { $0.history.last?.by == colleague }) {
                try await m.desk.query(SupportDesk.GetTicket(ticketID: ticket.id), as: SupportDesk.TicketDetails.self)
            }
            #expect(after.history.last?.text == "Ja, es ist an.")
            // A forged reply address is no way onto the ticket: the stranger is quarantined.
            let forged = try await m.mail(subject: "Hallo", text: "Ich auch.", from: colleague)
            try await m.postfix.send([forged], to: "support+\(ticket.id)-0000000000@rbn.example")
            let list = try await eventually(until: { !$0.mails.isEmpty }) {
                try await m.desk.query(SupportDesk.ListQuarantine(), as: SupportDesk.QuarantineList.self)
            }
            #expect(list.mails.map(\.reason) == [.unknownSender])

            // The requester's server returns our answer: the agent sees it on the ticket, and the
            // notification service hears of it.
            let dsn = try await m.bounce(of: thread.messageID)
            try await m.postfix.send([dsn], to: "support@rbn.example")
            let bounced = try await eventually(until: { $0.history.last?.action == "bounce" }) {
                try await m.desk.query(SupportDesk.GetTicket(ticketID: ticket.id), as: SupportDesk.TicketDetails.self)
            }
            #expect(bounced.history.last?.isPublic == false)
            #expect(try await m.tickets(count: 1).count == 1, "a bounce opens no ticket")
        }
    }

    /// A reply after the reopen window opens a new ticket, linked to the old one.
    @Test func aReplyAfterTheReopenWindowOpensALinkedTicket() async throws {
        // A window of a millionth of a second: every reply after resolving comes after it.
        try await MailHarness.with(reopenWindowDays: 1e-11) { m in
            try await m.postfix.send([try await m.mail(subject: "Dokumentenkamera", text: "Kein Bild.")])
            let old = try #require(try await m.tickets(count: 1).first)
            _ = try await m.desk.command(
                SupportDesk.ChangeTicket(ticketID: old.id, action: .resolve, by: "agent", text: "Kabel getauscht."),
                as: SupportDesk.TicketDetails.self)
            try await m.postfix.send([
                try await m.mail(subject: "AW: [#\(old.id)] Dokumentenkamera", text: "Jetzt geht der Ton nicht.")
            ])
            let tickets = try await m.tickets(count: 2)
            let new = try #require(tickets.last)
            #expect(new.id != old.id && new.title == "Dokumentenkamera")
            let details = try await m.desk.query(
                SupportDesk.GetTicket(ticketID: new.id), as: SupportDesk.TicketDetails.self)
            #expect(details.description == "Jetzt geht der Ton nicht." && details.links.map(\.id) == [old.id])
            let before = try await m.desk.query(
                SupportDesk.GetTicket(ticketID: old.id), as: SupportDesk.TicketDetails.self)
            #expect(before.ticket.status == .resolved)
        }
    }

    @Test func whatCannotBeTakenIsQuarantinedAndDecided() async throws {
        try await MailHarness.with { m in
            let stranger = "fremd-\(UUID().uuidString.prefix(6).lowercased())@anderswo.example"
            try await m.postfix.send([
                try await m.mail(subject: "Werbung", text: "Kaufen Sie jetzt!", from: stranger),
                try await m.mail(
                    subject: "Gefälscht", text: "Bitte Passwort zurücksetzen.",
                    headers: [
                        "Authentication-Results": "mx.rbn.test; spf=fail smtp.mailfrom=schule.example; dmarc=fail"
                    ]),
                try await m.mail(
                    subject: "Abwesenheitsnotiz: Beamer", text: "Ich bin bis Montag nicht im Haus.",
                    headers: ["Auto-Submitted": "auto-replied"]),
            ])
            let list = try await eventually(until: { $0.mails.count >= 2 }) {
                try await m.desk.query(SupportDesk.ListQuarantine(), as: SupportDesk.QuarantineList.self)
            }
            let reasons = Dictionary(uniqueKeysWithValues: list.mails.map { ($0.subject, $0.reason) })
            #expect(reasons == ["Werbung": .unknownSender, "Gefälscht": .spoofedSender])
            _ = await eventually(until: { $0 >= 3 }) { m.postfix.delivered }
            #expect(try await m.tickets(count: 0).isEmpty, "neither the quarantine nor an auto-reply opens a ticket")

            let spoofed = try #require(list.mails.first { $0.subject == "Gefälscht" })
            let shown = try await m.desk.query(
                SupportDesk.ShowQuarantined(id: spoofed.id), as: SupportDesk.QuarantineDetails.self)
            #expect(shown.text.contains("Passwort zurücksetzen"))
            #expect(shown.headers.contains { $0.hasPrefix("Authentication-Results: mx.rbn.test") })
            // No answer to a forged sender: it would reach someone who did not write.
            let refused = try await m.desk.refusal(
                SupportDesk.DecideQuarantined(id: spoofed.id, decision: .reject, answer: "Nein."))
            #expect(refused.code == "not-allowed")

            let unknown = try #require(list.mails.first { $0.subject == "Werbung" })
            let rejected = try await m.desk.command(
                SupportDesk.DecideQuarantined(
                    id: unknown.id, decision: .reject, answer: "Wir sind nur für Schulen da."),
                as: SupportDesk.QuarantineDetails.self)
            #expect(rejected.mail.decision == .reject && rejected.mail.decidedBy == "guest")
            let accepted = try await m.desk.command(
                SupportDesk.DecideQuarantined(id: spoofed.id, decision: .accept, schulnummer: m.school.id),
                as: SupportDesk.QuarantineDetails.self)
            let ticketID = try #require(accepted.mail.ticketID)
            let ticket = try await m.desk.query(
                SupportDesk.GetTicket(ticketID: ticketID), as: SupportDesk.TicketDetails.self)
            #expect(ticket.ticket.title == "Gefälscht" && ticket.ticket.schulnummer == m.school.id)
            let again = try await m.desk.refusal(SupportDesk.DecideQuarantined(id: spoofed.id, decision: .reject))
            #expect(again.message.contains("decided already"))
            let undecided = try await m.desk.query(SupportDesk.ListQuarantine(), as: SupportDesk.QuarantineList.self)
            #expect(undecided.mails.isEmpty)

            let events = try await m.desk.emitted(expecting: 2)
            #expect(events.map(\.type).contains(SupportDesk.QuarantineRejected.messageType.rawValue))
        }
    }

    @Test func theMaildirIntakeTakesAMailAndMovesIt() async throws {
        try await MailHarness.with { m in
            let file = try await m.mail(subject: "Laptopwagen lädt nicht", text: "Wagen 3 im Altbau.")
            let name = "1764841234.M1P1.test"
            try FileManager.default.copyItem(atPath: file, toPath: m.maildir + "/tmp/" + name)
            #expect(rename(m.maildir + "/tmp/" + name, m.maildir + "/new/" + name) == 0)
            let tickets = try await m.tickets(count: 1)
            #expect(tickets.map(\.title) == ["Laptopwagen lädt nicht"])
            let moved = await eventually(until: { !$0.isEmpty }) {
                (try? FileManager.default.contentsOfDirectory(atPath: m.maildir + "/cur")) ?? []
            }
            #expect(moved == [name + ":2,S"])
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: m.maildir + "/new")) ?? []).isEmpty)
        }
    }
}
