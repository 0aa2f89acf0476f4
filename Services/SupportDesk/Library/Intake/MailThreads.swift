import Contracts
import Directory
import Foundation
import GRDB
import MailParser
import ServiceKit

/// Where a taken mail goes on a ticket: the ticket it answers, the reply itself, a bounce of one of
/// ours, and the files it brings.
extension MailIntake {
    // MARK: Threads

    /// The ticket a mail answers: by a signed reply address among its recipients, by one of our
    /// message ids it refers to, or by a subject tag when the sender is that ticket's requester.
    func thread(
        _ mail: ParsedMail, recipients: [String], sender: String, _ threading: MailThreading, _ db: Database
    ) throws -> TicketRecord? {
        let addressed =
            recipients.isEmpty
            ? ["Delivered-To", "X-Original-To", "To", "Cc"].flatMap { mail.headers.all($0) }.flatMap(Self.addresses)
            : recipients
        for address in addressed {
            if let id = threading.ticket(fromAddress: address), let t = try TicketRows.find(id, db) { return t }
        }
        for messageID in (mail.inReplyTo + mail.references.reversed()).prefix(50) {
            if let id = threading.ticket(fromMessageID: messageID), let t = try TicketRows.find(id, db) { return t }
        }
        if let id = MailThreading.subjectTag(mail.subject), let t = try TicketRows.find(id, db),
            t.requester.email.lowercased() == sender
        {
            return t
        }
        return nil
    }

    /// Puts a requester's reply on a ticket: a pending one resumes, a resolved or closed one within
    /// the reopen window reopens, and after the window the reply opens a new ticket linked to the old.
    /// Returns the ticket that took it.
    func reply(
        _ t: inout TicketRecord, text: String, from requester: SupportDesk.Requester, subject: String,
        incoming: String? = nil, _ ctx: MessageContext
    ) throws -> Int64 {
        let calendars = tickets.calendars
        let reply = text.isEmpty ? "(leere Antwort)" : text
        let effect = TicketRules.mailReply(
            to: t.status, since: t.statusSince, now: ctx.now, reopenWindow: tickets.reopenWindow)
        switch effect {
        case .openLinked:
            guard let school = try Directory.school(t.schulnummer, ctx.db) else {
                throw DomainError.notFound("the school \(t.schulnummer) is not in the directory", field: "ticket")
            }
            let new = try tickets.openTicket(
                school: school, title: Self.title(subject.isEmpty ? t.title : subject), description: reply,
                requester: requester, priority: t.priority, category: t.category, replyingTo: incoming, ctx)
            if try TicketRows.link(t.id, new.id, ctx.db) {
                for (a, b) in [(t.id, new.id), (new.id, t.id)] {
                    try TicketRows.addHistory(
                        a, at: ctx.now, by: "system", action: "link",
                        text: "linked with #\(b): a reply after the reopen window", isPublic: false,
                        messageID: ctx.message.id, ctx.db)
                }
            }
            return new.id
        case .resume:
            t.status = .open
            t.statusSince = ctx.now
            t.firstResponse.resume(at: ctx.now)
            t.resolution.resume(at: ctx.now)
        case .reopen:
            t.status = .open
            t.statusSince = ctx.now
            t.resolution.restart(at: ctx.now)
        case .append, .followMerge: break
        }
        try TicketRows.save(t, calendars, ctx.db)
        try TicketRows.addHistory(
            t.id, at: ctx.now, by: requester.email, action: effect == .reopen ? "reopen" : "reply", text: reply,
            isPublic: true, messageID: ctx.message.id, ctx.db)
        try TicketRows.index(t.id, adding: reply, ctx.db)
        let view = try tickets.view(t, now: ctx.now, ctx.db)
        if effect == .reopen {
            try ctx.emit(SupportDesk.TicketReopened(ticket: view, by: "requester", text: reply), subject: "\(t.id)")
        } else {
            try ctx.emit(SupportDesk.TicketReplied(ticket: view, by: "requester", text: reply), subject: "\(t.id)")
        }
        return t.id
    }

    /// A bounce of one of our mails: the agent sees it on the ticket. Returns that ticket.
    func bounced(
        _ mail: ParsedMail, _ raw: [UInt8], _ threading: MailThreading, _ ctx: MessageContext
    ) throws
        -> Int64?
    {
        // The returned mail's Message-ID is in the report's attached headers; look for ours anywhere.
        let text = String(decoding: raw.prefix(1 << 20), as: UTF8.self)
        var rest = Substring(text)
        while let start = rest.range(of: "ticket-") {
            let candidate = String(rest[start.lowerBound...].prefix { !"<> \r\n\t\"".contains($0) })
            if let id = threading.ticket(fromMessageID: candidate), try TicketRows.find(id, ctx.db) != nil {
                let status = mail.text.split(separator: "\n").first {
                    $0.lowercased().contains("status:") || $0.contains("550") || $0.contains("5.1.1")
                }.map { String($0.trimmingCharacters(in: .whitespaces).prefix(300)) }
                try TicketRows.addHistory(
                    id, at: ctx.now, by: "system", action: "bounce",
                    text: "a mail about this ticket could not be delivered" + (status.map { ": \($0)" } ?? ""),
                    isPublic: false, messageID: ctx.message.id, ctx.db)
                try ctx.emit(
                    SupportDesk.MailBounced(ticketID: Int(id), messageID: candidate, status: status), subject: "\(id)")
                return id
            }
            rest = rest[start.upperBound...]
        }
        return nil
    }

    // MARK: Attachments

    /// Keeps a mail's files on the ticket, typed by their bytes and safely named; what is too large
    /// or too many is named in the history instead.
    func keep(_ attachments: [Attachment], on ticket: Int64, by sender: String, _ ctx: MessageContext) throws {
        var left: [String] = []
        for (i, a) in attachments.enumerated() {
            let type = AttachmentRules.sniff(a.bytes, declared: a.contentType)
            let name = AttachmentRules.safeName(a.filename, type: type)
            guard i < settings.maxAttachments, a.bytes.count <= AttachmentRules.maxBytes, !a.bytes.isEmpty else {
                left.append("\(name) (\(a.bytes.count) bytes)")
                continue
            }
            try IntakeRows.attach(
                ticket: ticket, name: name, type: type.mime, bytes: a.bytes, by: sender, at: ctx.now, ctx.db)
        }
        if !left.isEmpty {
            try TicketRows.addHistory(
                ticket, at: ctx.now, by: "system", action: "attachments-left",
                text: "not kept (empty, over \(AttachmentRules.maxBytes >> 20) MiB, or more than "
                    + "\(settings.maxAttachments) files): " + left.joined(separator: ", "),
                isPublic: false, messageID: ctx.message.id, ctx.db)
        }
    }
}
