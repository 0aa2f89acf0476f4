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
