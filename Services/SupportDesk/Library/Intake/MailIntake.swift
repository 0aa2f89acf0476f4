import Contracts
import Directory
import Foundation
import GRDB
import MailParser
import ServiceKit

/// The settings of the mail intake: our addresses, the limits and whose verdict on senders counts.
public struct IntakeSettings: Sendable {
    /// The domain of the desk's addresses and message ids (`support@<domain>`).
    public var domain = "rbn.example"
    /// The local part the desk receives at.
    public var localPart = "support"
    /// The largest mail taken, in bytes; a larger one is quarantined with its head only.
    public var maxBytes = 25 << 20
    /// The `authserv-id` of our MTA's `Authentication-Results` (its host name); empty trusts no verdict.
    public var authservID = ""
    /// Days a quarantined mail is kept, decided or not.
    public var quarantineDays = 30.0
    /// Attachments kept per mail; the rest are named in the ticket's history.
    public var maxAttachments = 20
    /// The sender of a network's mails about tickets, by network id; `support@<domain>` for others.
    public var senders: [String: String] = [:]

    /// The address mails about a network's tickets come from.
    public func sender(network: String) -> String { senders[network] ?? "\(localPart)@\(domain)" }

    public init() {}
}

/// What the intake did with one mail.
public struct IntakeResult: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case ticket, reply, quarantine, ignored, duplicate
    }
    public var kind: Kind
    /// The ticket it opened or answered.
    public var ticketID: Int64?
    /// The quarantine entry it became.
    public var quarantineID: Int64?
    /// Why, for the quarantine and for what was ignored.
    public var reason: String?
}

/// Takes a mail into the support desk in one transaction: a new ticket, a requester's reply, or a
/// quarantine entry with its reason; auto-replies, bounces and list mail are recorded and never
/// answered. The same mail taken twice (by its bytes, or its Message-ID from the same sender)
/// changes nothing the second time.
struct MailIntake: Sendable {
    let tickets: TicketHandlers
    let settings: IntakeSettings
    /// Bytes of a too-large mail kept in the quarantine: enough for its headers.
    static let tooLargeHead = 256 << 10
    /// Characters of a mail's text kept as a description or reply.
    static let maxText = 100_000

    /// - Parameters:
    ///   - raw: the mail as delivered, or its first bytes when `size` says it was larger.
    ///   - size: its whole size in bytes.
    ///   - recipients: the envelope recipients (LMTP), or none (a maildir: then its headers say).
    ///   - source: `lmtp` or `maildir`, for the record.
    func take(
        _ raw: [UInt8], size: Int? = nil, recipients: [String] = [], source: String, _ ctx: MessageContext
    ) throws -> IntakeResult {
        let size = size ?? raw.count
        let hash = IntakeRows.sha256(raw) + (size > raw.count ? ".\(size)" : "")
        if let prior = try IntakeRows.taken(contentHash: hash, messageID: nil, sender: nil, ctx.db) {
            return duplicate(prior)
        }
        func quarantine(
            _ reason: SupportDesk.QuarantineReason, _ detail: String, sender: String? = nil, subject: String = "",
            messageID: String? = nil
        ) throws -> IntakeResult {
            let kept = size > settings.maxBytes ? Array(raw.prefix(Self.tooLargeHead)) : raw
            let id = try IntakeRows.quarantine(
                at: ctx.now, reason: reason, detail: detail, sender: sender, subject: subject, size: size, raw: kept,
                ctx.db)
            try IntakeRows.record(
                at: ctx.now, source: source, contentHash: hash, messageID: messageID, sender: sender,
                outcome: .quarantine, quarantineID: id, ctx.db)
            return IntakeResult(kind: .quarantine, quarantineID: id, reason: reason.rawValue)
        }

        if size > settings.maxBytes {
            let head = MailHeaders(parsing: raw.prefix(Self.tooLargeHead))
            return try quarantine(
                .tooLarge, "\(size) bytes; the desk takes mails of up to \(settings.maxBytes) bytes",
                sender: Self.sender(head), subject: head.text("Subject") ?? "")
        }
        var limits = MailLimits()
        limits.maxBytes = settings.maxBytes
        let mail: ParsedMail
        do {
            mail = try MailParser(limits: limits).parse(raw)
        } catch {
            let head = MailHeaders(parsing: raw.prefix(Self.tooLargeHead))
            return try quarantine(
                error.reason == .tooLarge ? .tooLarge : .unparseable, error.description, sender: Self.sender(head),
                subject: head.text("Subject") ?? "")
        }
        let sender = Self.sender(mail.headers)
        let messageID = mail.messageID
        if let prior = try IntakeRows.taken(contentHash: hash, messageID: messageID, sender: sender, ctx.db) {
            return duplicate(prior)
        }
        func record(_ outcome: IntakeOutcome, ticket: Int64? = nil) throws {
            try IntakeRows.record(
                at: ctx.now, source: source, contentHash: hash, messageID: messageID, sender: sender,
                outcome: outcome, ticketID: ticket, ctx.db)
        }
        let threading = MailThreading(domain: settings.domain, localPart: settings.localPart) {
            [key = try ServiceKey.load(ctx.db)] in
            key.hash($0)
        }

        switch AutomaticMail.detect(mail) {
        case .bounce:
            let ticket = try bounced(mail, raw, threading, ctx)
            try record(.bounce, ticket: ticket)
            return IntakeResult(kind: .ignored, ticketID: ticket, reason: "bounce")
        case .autoReply:
            try record(.autoReply)
            return IntakeResult(kind: .ignored, reason: "auto-reply")
        case .bulk:
            try record(.bulk)
            return IntakeResult(kind: .ignored, reason: "bulk")
        case nil: break
        }

        if case .spoofed(let why) = SenderAuthentication.verdict(mail.headers, authservID: settings.authservID) {
            return try quarantine(
                .spoofedSender, "our MTA says: \(why)", sender: sender, subject: mail.subject, messageID: messageID)
        }
        guard let sender else {
            return try quarantine(
                .unknownSender, "the mail has no readable From address", subject: mail.subject, messageID: messageID)
        }
        let name = Self.senderName(mail.headers) ?? sender

        if var ticket = try thread(mail, recipients: recipients, sender: sender, threading, ctx.db) {
            // Work on a merged ticket goes on where it went.
            var hops = 0
            while ticket.status == .merged, let into = ticket.mergedInto, hops < 10,
                let next = try TicketRows.find(into, ctx.db)
            {
                ticket = next
                hops += 1
            }
            if ticket.status == .merged {
                return try quarantine(
                    .closedTicket, "ticket #\(ticket.id) was merged and its successor is gone", sender: sender,
                    subject: mail.subject, messageID: messageID)
            }
            let text = Self.bounded(ReplyText.new(mail.text))
            let id = try reply(
                &ticket, text: text, from: .init(name: name, email: sender), subject: mail.subject, incoming: messageID,
                ctx)
            try keep(mail.attachments, on: id, by: sender, ctx)
            try record(id == ticket.id ? .reply : .ticket, ticket: id)
            return IntakeResult(kind: id == ticket.id ? .reply : .ticket, ticketID: id)
        }

        let schools = try Self.schools(of: sender, ctx.db)
        guard let school = schools.first else {
            return try quarantine(
                .unknownSender, "\(sender) is no contact of a registered, active school", sender: sender,
                subject: mail.subject, messageID: messageID)
        }
        guard schools.count == 1 else {
            return try quarantine(
                .ambiguousSender,
                "\(sender) is a contact of \(schools.count) schools: "
                    + schools.map { "\($0.name) (\($0.schulnummer))" }.joined(separator: ", "),
                sender: sender, subject: mail.subject, messageID: messageID)
        }
        let ticket = try tickets.openTicket(
            school: school, title: Self.title(mail.subject), description: Self.bounded(mail.text),
            requester: .init(name: name, email: sender), replyingTo: messageID, ctx)
        try keep(mail.attachments, on: ticket.id, by: sender, ctx)
        try record(.ticket, ticket: ticket.id)
        return IntakeResult(kind: .ticket, ticketID: ticket.id)
    }

    private func duplicate(_ prior: IntakeRecord) -> IntakeResult {
        IntakeResult(
            kind: .duplicate, ticketID: prior.ticketID, quarantineID: prior.quarantineID,
            reason: "taken before as \(prior.outcome.rawValue)")
    }

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
        let calendar = tickets.calendar
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
        try TicketRows.save(t, calendar, ctx.db)
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

    // MARK: Senders and schools

    /// The active schools an address speaks for: as the school's official address from the school
    /// master data, or as a registry contact held at the school.
    static func schools(of address: String, _ db: Database) throws -> [Directory.School] {
        let ids = try String.fetchAll(
            db,
            sql: """
                SELECT schulnummer FROM schools WHERE email = ?1 AND active = 1
                UNION
                SELECT s.schulnummer FROM contacts c JOIN schools s ON s.schulnummer = c.institution_id
                WHERE lower(c.email) = ?1 AND s.active = 1
                ORDER BY 1
                """, arguments: [address.lowercased()])
        return try ids.compactMap { try Directory.school($0, db) }
    }

    /// The `From` address, checked and lowered; nil when there is none readable.
    static func sender(_ headers: MailHeaders) -> String? {
        guard let from = headers["From"] else { return nil }
        return addresses(from).first
    }

    /// The `From` display name, when it is a name.
    static func senderName(_ headers: MailHeaders) -> String? {
        guard let from = headers.text("From"), let parsed = try? MailAddress.parse(from) else { return nil }
        return parsed.name.flatMap { try? MailAddress.displayName($0) }?.nonEmpty
    }

    /// The addresses in an address-list header (`a@x, "B, C" <b@y>`), each checked; at most 100.
    static func addresses(_ header: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var angle = false
        var comment = 0
        for c in header.prefix(20_000) {
            switch c {
            case "\"" where comment == 0: quoted.toggle()
            case "(" where !quoted: comment += 1
            case ")" where !quoted && comment > 0: comment -= 1; continue
            case "<" where !quoted && comment == 0: angle = true
            case ">" where !quoted && comment == 0: angle = false
            case "," where !quoted && !angle && comment == 0:
                pieces.append(current)
                current = ""
                continue
            default: break
            }
            if comment == 0 { current.append(c) }
        }
        pieces.append(current)
        return pieces.prefix(100).compactMap { piece in
            var address = Substring(piece)
            if let close = piece.lastIndex(of: ">"), let open = piece[..<close].lastIndex(of: "<") {
                address = piece[piece.index(after: open)..<close]
            }
            return try? MailAddress.normalized(String(address))
        }
    }

    /// A ticket title from a subject: without reply and forward prefixes and our ticket tag, at most
    /// 200 characters.
    static func title(_ subject: String) -> String {
        var t = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let prefixes = ["re:", "aw:", "wg:", "fw:", "fwd:", "antw:", "wtr:"]
        var changed = true
        while changed {
            changed = false
            for p in prefixes where t.lowercased().hasPrefix(p) {
                t = String(t.dropFirst(p.count)).trimmingCharacters(in: .whitespaces)
                changed = true
            }
            // Our own tag of the ticket answered: the new ticket gets a number of its own.
            if t.hasPrefix("[#"), let close = t.firstIndex(of: "]"),
                t[t.index(t.startIndex, offsetBy: 2)..<close].allSatisfy(\.isNumber)
            {
                t = String(t[t.index(after: close)...]).trimmingCharacters(in: .whitespaces)
                changed = true
            }
        }
        let cleaned = String(t.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        return cleaned.isEmpty ? "(ohne Betreff)" : String(cleaned.prefix(200))
    }

    static func bounded(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.count > maxText ? String(t.prefix(maxText)) + "\n[…]" : t
    }
}

extension MailIntake {
    /// Forgets taken mails after the MTA's retry horizon, and quarantined mails after their
    /// retention, decided or not.
    func retentionTimer() -> ServiceTimer {
        ServiceTimer("mail-retention", every: 3600) { ctx in
            let quarantineCutoff = RFC3339.string(from: ctx.now.addingTimeInterval(-settings.quarantineDays * 86400))
            try ctx.db.execute(sql: "DELETE FROM quarantine WHERE received_at < ?", arguments: [quarantineCutoff])
            // Postfix gives up on a mail after 5 days; a record outlives any retry of it.
            let takenCutoff = RFC3339.string(from: ctx.now.addingTimeInterval(-Self.rememberDays * 86400))
            try ctx.db.execute(sql: "DELETE FROM mail_intake WHERE received_at < ?", arguments: [takenCutoff])
        }
    }

    /// Days a taken mail is remembered against a second delivery.
    static let rememberDays = 30.0
}
