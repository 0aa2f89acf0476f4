import Contracts
import Directory
import Foundation
import GRDB
import ServiceKit

/// What a requester does on the portal: open a ticket for their school with screenshots or PDFs,
/// see its public conversation, reply, confirm it solved, reopen it. The portal vouches only for
/// the address its link proved, so a new ticket's address must be a registry contact of the school
/// (or its official address), and every other request's the ticket's requester's.
struct RequesterHandlers: Sendable {
    let intake: MailIntake
    var tickets: TicketHandlers { intake.tickets }

    /// The types a file from the portal may have: screenshots and PDFs.
    static let allowedTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"]

    func register(_ h: inout HandlerRegistry) {
        h.command(SupportDesk.StageUpload.self) { c, ctx in
            let email = try Self.address(c.data.email)
            let received = try UploadRows.stage(c.data, email: email, now: ctx.now, ctx.db)
            return SupportDesk.UploadStaged(uploadID: c.data.uploadID, received: received)
        }
        h.command(SupportDesk.SubmitTicket.self) { c, ctx in try submit(c.data, ctx) }
        h.command(SupportDesk.RequesterAction.self) { c, ctx in try act(c.data, ctx) }
        h.query(SupportDesk.GetRequesterAttachment.self) { q, ctx in
            let t = try ticket(q.data.ticketID, email: q.data.email, ctx)
            let offset = max(q.data.offset ?? 0, 0)
            guard
                let found = try IntakeRows.attachment(
                    Int64(q.data.attachmentID), offset: offset, length: MailHandlers.partBytes, ctx.db),
                found.ticket == t.id
            else { throw DomainError.notFound("there is no such file on this ticket", field: "attachmentID") }
            let end = offset + found.bytes.count
            return SupportDesk.AttachmentPart(
                attachment: found.ref, offset: offset, base64: found.bytes.base64EncodedString(),
                nextOffset: end < found.ref.size ? end : nil)
        }
        h.query(SupportDesk.GetRequesterTicket.self) { q, ctx in
            let t = try ticket(q.data.ticketID, email: q.data.email, ctx)
            return try view(t, now: ctx.now, ctx.db)
        }
    }

    static func address(_ text: String) throws -> String {
        do throws(MailAddress.Invalid) {
            return try MailAddress.normalized(text)
        } catch {
            throw DomainError.invalid(error.reason, field: "email")
        }
    }

    /// The ticket, when the address is its requester's; "not found" otherwise, which tells nothing.
    func ticket(_ id: Int, email: String, _ ctx: MessageContext) throws -> TicketRecord {
        guard let t = try TicketRows.find(Int64(id), ctx.db) else {
            throw DomainError.notFound("there is no ticket #\(id) for this address", field: "ticketID")
        }
        try ctx.vouch(owner: t.requester.email, claimed: email, what: "ticket #\(id)", field: "ticketID")
        return t
    }

    func submit(_ c: SupportDesk.SubmitTicket, _ ctx: MessageContext) throws -> SupportDesk.RequesterTicket {
        let email = try Self.address(c.requester.email)
        let name = c.requester.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, (try? MailAddress.displayName(name)) != nil else {
            throw DomainError.invalid(
                "a request needs the requester's name, without line breaks", field: "requester.name")
        }
        let title = c.title.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = c.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(title.count) else {
            throw DomainError.invalid("a title has 1 to 200 characters", field: "title")
        }
        guard (1...20_000).contains(text.count) else {
            throw DomainError.invalid("a description has 1 to 20,000 characters", field: "description")
        }
        guard let school = try MailIntake.schools(of: email, ctx.db).first(where: { $0.schulnummer == c.schulnummer })
        else {
            throw DomainError(
                "not-a-contact", "this address is not a contact of school \(c.schulnummer) in the registry",
                field: "schulnummer")
        }
        let files = try files(c.uploads, email: email, ctx.db)
        let t = try tickets.openTicket(
            school: school, title: title, description: text, requester: .init(name: name, email: email),
            category: TicketCategory(rawValue: c.category.rawValue) ?? .other, ctx)
        try attach(files, to: t.id, by: email, ctx)
        try UploadRows.drop(c.uploads.map(\.uploadID), ctx.db)
        return try view(t, now: ctx.now, ctx.db)
    }

    func act(_ c: SupportDesk.RequesterAction, _ ctx: MessageContext) throws -> SupportDesk.RequesterTicket {
        let email = try Self.address(c.email)
        var t = try ticket(c.ticketID, email: email, ctx)
        switch c.action {
        case .reply:
            let text = c.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let uploads = c.uploads ?? []
            guard (1...20_000).contains(text.count) || (!uploads.isEmpty && text.isEmpty) else {
                throw DomainError.invalid("a reply has 1 to 20,000 characters", field: "text")
            }
            let files = try files(uploads, email: email, ctx.db)
            let took = try intake.reply(
                &t, text: text.isEmpty ? "(Dateien angehängt)" : text, from: t.requester, subject: t.title, ctx)
            try attach(files, to: took, by: email, ctx)
            try UploadRows.drop(uploads.map(\.uploadID), ctx.db)
            if took != t.id, let new = try TicketRows.find(took, ctx.db) { t = new }
        case .solved:
            try step(&t, t.status == .resolved ? .close : .resolve, ctx)
            let text = "Als gelöst bestätigt."
            try TicketRows.save(t, tickets.calendars, ctx.db)
            try TicketRows.addHistory(
                t.id, at: ctx.now, by: email, action: t.status == .closed ? "close" : "resolve", text: text,
                isPublic: true, messageID: ctx.message.id, ctx.db)
            let v = try tickets.view(t, now: ctx.now, ctx.db)
            if t.status == .closed {
                try ctx.emit(SupportDesk.TicketClosed(ticket: v, by: "requester", text: text), subject: "\(t.id)")
            } else {
                try ctx.emit(SupportDesk.TicketResolved(ticket: v, by: "requester", text: text), subject: "\(t.id)")
            }
        case .satisfied, .unsatisfied:
            try rate(&t, solved: c.action == .satisfied, email: email, ctx)
        case .reopen:
            try step(&t, .reopen, ctx)
            t.resolution.restart(at: ctx.now)
            let text = c.text?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty ?? "Wieder geöffnet."
            try TicketRows.save(t, tickets.calendars, ctx.db)
            try TicketRows.addHistory(
                t.id, at: ctx.now, by: email, action: "reopen", text: text, isPublic: true,
                messageID: ctx.message.id, ctx.db)
            try ctx.emit(
                SupportDesk.TicketReopened(
                    ticket: try tickets.view(t, now: ctx.now, ctx.db), by: "requester", text: text),
                subject: "\(t.id)")
        }
        return try view(t, now: ctx.now, ctx.db)
    }

    /// "Wurde Ihr Problem gelöst?": the answer is recorded for the reports (a later answer replaces
    /// it); yes closes a resolved ticket, no reopens it while the reopen window lasts.
    private func rate(_ t: inout TicketRecord, solved: Bool, email: String, _ ctx: MessageContext) throws {
        guard t.status == .resolved || t.status == .closed else {
            throw DomainError(
                "not-allowed", "ticket #\(t.id) is still being worked on; the question comes with the solution",
                field: "action")
        }
        guard t.satisfied != solved else { return }  // the same answer again (a second click)
        t.satisfied = solved
        let answer = solved ? "Problem gelöst: ja." : "Problem gelöst: nein."
        var reopened = false
        if solved, t.status == .resolved {
            try step(&t, .close, ctx)
        } else if !solved,
            (try? Lifecycle.next(
                t.status, .reopen, since: t.statusSince, now: ctx.now, reopenWindow: tickets.reopenWindow)) != nil
        {
            try step(&t, .reopen, ctx)
            t.resolution.restart(at: ctx.now)
            reopened = true
        }
        try TicketRows.save(t, tickets.calendars, ctx.db)
        try ctx.db.execute(
            sql: "UPDATE tickets SET rated_at = ? WHERE id = ?", arguments: [RFC3339.string(from: ctx.now), t.id])
        try TicketRows.addHistory(
            t.id, at: ctx.now, by: email, action: "rated", text: answer, isPublic: true, messageID: ctx.message.id,
            ctx.db)
        let v = try tickets.view(t, now: ctx.now, ctx.db)
        try ctx.emit(
            SupportDesk.TicketRated(ticket: v, by: "requester", text: solved ? "yes" : "no"), subject: "\(t.id)")
        if solved, t.status == .closed {
            try ctx.emit(SupportDesk.TicketClosed(ticket: v, by: "requester", text: answer), subject: "\(t.id)")
        }
        if reopened {
            try ctx.emit(SupportDesk.TicketReopened(ticket: v, by: "requester", text: answer), subject: "\(t.id)")
        }
    }

    private func step(_ t: inout TicketRecord, _ s: Lifecycle.Step, _ ctx: MessageContext) throws {
        do {
            let next = try Lifecycle.next(
                t.status, s, since: t.statusSince, now: ctx.now, reopenWindow: tickets.reopenWindow)
            if next != t.status {
                t.status = next
                t.statusSince = ctx.now
            }
            if s == .resolve {
                t.firstResponse.stop(at: ctx.now, tickets.calendars[t.level])
                t.resolution.stop(at: ctx.now, tickets.calendars[t.level])
            }
        } catch {
            throw DomainError("not-allowed", error.description, field: "action")
        }
    }

    /// The staged files of a request, whole and of an allowed type, with their safe names.
    private func files(
        _ uploads: [SupportDesk.UploadRef], email: String, _ db: Database
    ) throws -> [(name: String, type: String, bytes: [UInt8])] {
        guard uploads.count <= SupportDesk.maxPortalFiles else {
            throw DomainError.invalid("at most \(SupportDesk.maxPortalFiles) files", field: "uploads")
        }
        return try uploads.map { u in
            let bytes = try UploadRows.take(u.uploadID, email: email, db)
            guard !bytes.isEmpty, bytes.count <= SupportDesk.maxPortalFileBytes else {
                throw DomainError.invalid(
                    "\(u.filename.prefix(80)) has more than \(SupportDesk.maxPortalFileBytes >> 20) MB",
                    field: "uploads")
            }
            let type = AttachmentRules.sniff(bytes)
            guard Self.allowedTypes.contains(type.mime) else {
                throw DomainError.invalid(
                    "\(u.filename.prefix(80)) is not a screenshot (PNG, JPEG, GIF, WebP) or a PDF", field: "uploads")
            }
            return (AttachmentRules.safeName(u.filename, type: type), type.mime, bytes)
        }
    }

    private func attach(
        _ files: [(name: String, type: String, bytes: [UInt8])], to ticket: Int64, by: String, _ ctx: MessageContext
    )
        throws
    {
        for f in files {
            try IntakeRows.attach(
                ticket: ticket, name: f.name, type: f.type, bytes: f.bytes, by: by, at: ctx.now, ctx.db)
        }
    }

    /// The ticket as its requester sees it: public steps only, never notes or internal changes.
    func view(_ t: TicketRecord, now: Date, _ db: Database) throws -> SupportDesk.RequesterTicket {
        let shown: Set<String> = ["opened", "reply", "phone", "reopen", "resolve", "close", "rated"]
        // A question to the requester (pending, with a text) went to them by mail: it is theirs to see.
        let conversation = try TicketRows.history(t.id, db).filter {
            ($0.isPublic && shown.contains($0.action)) || ($0.action == "pending" && $0.text != nil)
        }.map {
            SupportDesk.PublicEntry(
                at: $0.at, fromRequester: MailAddress.sameMailbox($0.by, t.requester.email) || $0.by == "requester",
                kind: $0.action, text: $0.text)
        }
        let school = try Directory.school(t.schulnummer, db)
        let reopenable =
            [.resolved, .closed].contains(t.status) && now.timeIntervalSince(t.statusSince) <= tickets.reopenWindow
        return SupportDesk.RequesterTicket(
            ticketID: Int(t.id), title: t.title, status: SupportDesk.Status(rawValue: t.status.rawValue) ?? .open,
            schoolName: school?.name ?? t.schulnummer,
            category: SupportDesk.Category(rawValue: t.category.rawValue) ?? .other,
            openedAt: RFC3339.string(from: t.openedAt), conversation: conversation,
            attachments: try IntakeRows.attachments(of: t.id, db), reopenable: reopenable, satisfied: t.satisfied)
    }
}
