import Contracts
import Directory
import Foundation
import GRDB
import MailParser
import ServiceKit

/// What agents do with mail: fetch a ticket's attachments, and decide on the quarantine.
struct MailHandlers: Sendable {
    let intake: MailIntake
    var tickets: TicketHandlers { intake.tickets }
    var agents: Agents { intake.tickets.agents }
    /// Bytes of an attachment per reply: its base64 stays well under a message's limit.
    static let partBytes = 512 << 10

    func register(_ h: inout HandlerRegistry) {
        h.query(SupportDesk.GetAttachment.self) { q, ctx in try attachment(q.data, ctx) }
        h.query(SupportDesk.ListQuarantine.self) { q, ctx in
            try requireCoordinator(ctx)
            return SupportDesk.QuarantineList(
                mails: try IntakeRows.quarantineList(
                    includeDecided: q.data.includeDecided ?? false, limit: min(max(q.data.limit ?? 50, 1), 500),
                    ctx.db))
        }
        h.query(SupportDesk.ShowQuarantined.self) { q, ctx in
            try requireCoordinator(ctx)
            return try details(try quarantined(q.data.id, ctx))
        }
        h.command(SupportDesk.DecideQuarantined.self) { c, ctx in try decide(c.data, ctx) }
    }

    func attachment(_ q: SupportDesk.GetAttachment, _ ctx: MessageContext) throws -> SupportDesk.AttachmentPart {
        let offset = q.offset ?? 0
        guard let found = try IntakeRows.attachment(Int64(q.id), offset: offset, length: Self.partBytes, ctx.db)
        else { throw DomainError.notFound("there is no attachment \(q.id)", field: "id") }
        try tickets.permit(try agents.sender(ctx), try tickets.existing(found.ticket, ctx.db))
        let end = offset + found.bytes.count
        return SupportDesk.AttachmentPart(
            attachment: found.ref, offset: offset, base64: found.bytes.base64EncodedString(),
            nextOffset: end < found.ref.size ? end : nil)
    }

    /// Refuses anyone but an admin, a coordinator or an operator: the quarantine holds mail of any
    /// sender, before anyone knows whose school it concerns.
    func requireCoordinator(_ ctx: MessageContext) throws {
        if ctx.senderIsOperator { return }
        let agent = try agents.sender(ctx)
        guard agent.role == .admin || agent.role == .coordinator else {
            throw DomainError.notPermitted("only admins and coordinators see and decide the mail quarantine")
        }
    }

    func quarantined(_ id: Int, _ ctx: MessageContext) throws -> (mail: SupportDesk.QuarantinedMail, raw: Data) {
        guard let q = try IntakeRows.quarantined(Int64(id), ctx.db) else {
            throw DomainError.notFound("there is no quarantined mail \(id)", field: "id")
        }
        return q
    }

    func details(_ q: (mail: SupportDesk.QuarantinedMail, raw: Data)) throws -> SupportDesk.QuarantineDetails {
        let raw = [UInt8](q.raw)
        let parsed = try? MailParser().parse(raw)
        let headers = parsed?.headers ?? MailHeaders(parsing: raw.prefix(MailIntake.tooLargeHead))
        let shown = ["From", "To", "Cc", "Date", "Subject", "Message-ID", "Authentication-Results"].flatMap { name in
            headers.all(name).prefix(3).map { "\(name): \(EncodedWords.decode($0).prefix(500))" }
        }
        return SupportDesk.QuarantineDetails(
            mail: q.mail, headers: shown, text: String((parsed?.text ?? "").prefix(20_000)),
            attachments: (parsed?.attachments ?? []).prefix(50).map { "\($0.filename) (\($0.bytes.count) bytes)" })
    }

    func decide(_ c: SupportDesk.DecideQuarantined, _ ctx: MessageContext) throws -> SupportDesk.QuarantineDetails {
        try requireCoordinator(ctx)
        let q = try quarantined(c.id, ctx)
        let by = ctx.sender ?? "operator"
        if let decision = q.mail.decision {
            throw Refusal.notAllowed(
                "mail \(c.id) was decided already (\(decision.rawValue) by \(q.mail.decidedBy ?? "?"))", field: "id")
        }
        var ticket: Int64?
        switch c.decision {
        case .accept:
            guard (c.schulnummer == nil) != (c.ticketID == nil) else {
                throw DomainError.invalid(
                    "accepting needs either a school (a new ticket) or a ticket (a reply), not both",
                    field: "schulnummer")
            }
            guard q.mail.reason != .tooLarge, let mail = try? MailParser().parse([UInt8](q.raw)) else {
                throw Refusal.notAllowed(
                    "mail \(c.id) is \(q.mail.reason == .tooLarge ? "too large: only its head was kept" : "unreadable"); "
                        + "reject it and ask the sender to write again", field: "decision")
            }
            let sender = q.mail.sender ?? "unbekannt@invalid"
            let requester = SupportDesk.Requester(name: MailIntake.senderName(mail.headers) ?? sender, email: sender)
            if let schulnummer = c.schulnummer {
                let agent = ctx.senderIsOperator ? nil : try agents.sender(ctx)
                guard let school = try Directory.school(schulnummer.trimmingCharacters(in: .whitespaces), ctx.db) else {
                    throw Refusal.unknownSchool(schulnummer)
                }
                guard school.active else { throw Refusal.retiredSchool(school.name, school.schulnummer) }
                if let agent,
                    !agent.mayOpen(
                        school: school.schulnummer, network: school.networkID, schultraeger: school.schultraegerID)
                {
                    throw DomainError.notPermitted(
                        "\(school.name) (\(school.schulnummer)) is outside the scope of \(agent.id)",
                        field: "schulnummer")
                }
                let t = try tickets.openTicket(
                    school: school, title: MailIntake.title(mail.subject), description: MailIntake.bounded(mail.text),
                    requester: requester, replyingTo: mail.messageID, ctx)
                ticket = t.id
            } else if let id = c.ticketID {
                var t = try tickets.existing(Int64(id), ctx.db)
                if !ctx.senderIsOperator { try tickets.permit(try agents.sender(ctx), t) }
                ticket = try intake.reply(
                    &t, text: MailIntake.bounded(ReplyText.new(mail.text)), from: requester, subject: mail.subject,
                    incoming: mail.messageID, ctx)
            }
            if let ticket {
                try intake.keep(mail.attachments, on: ticket, by: sender, ctx)
                try TicketRows.addHistory(
                    ticket, at: ctx.now, by: by, action: "accepted-mail",
                    text: "mail \(c.id) from the quarantine (\(q.mail.reason.rawValue)) accepted by \(by)",
                    isPublic: false, messageID: ctx.message.id, ctx.db)
                try ctx.db.execute(
                    sql: "UPDATE mail_intake SET ticket_id = ? WHERE quarantine_id = ?", arguments: [ticket, c.id])
            }
        case .reject:
            guard c.schulnummer == nil, c.ticketID == nil else {
                throw DomainError.invalid("a rejected mail goes to no school or ticket", field: "decision")
            }
            if let answer = c.answer?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty {
                guard q.mail.reason != .spoofedSender else {
                    throw Refusal.notAllowed(
                        "mail \(c.id) has a forged sender: an answer would reach someone who did not write",
                        field: "answer")
                }
                guard let to = q.mail.sender else {
                    throw Refusal.notAllowed("mail \(c.id) has no sender address to answer", field: "answer")
                }
                try ctx.emit(
                    SupportDesk.QuarantineRejected(
                        id: c.id, to: to, subject: MailIntake.title(q.mail.subject), answer: answer, by: by),
                    subject: "\(c.id)")
            }
        }
        try IntakeRows.decide(Int64(c.id), c.decision, by: by, at: ctx.now, ticket: ticket, ctx.db)
        return try details(try quarantined(c.id, ctx))
    }
}
