import Contracts
import Crypto
import Foundation
import GRDB
import ServiceKit

/// What a taken mail became, as `mail_intake` records it.
enum IntakeOutcome: String, Sendable, Equatable {
    /// A new ticket.
    case ticket
    /// A requester's reply on a ticket.
    case reply
    /// Kept for a coordinator to decide.
    case quarantine
    /// An auto-reply or out-of-office notice: recorded, never answered.
    case autoReply = "auto-reply"
    /// A delivery status notification.
    case bounce
    /// Mass mail (`Precedence: bulk|list`).
    case bulk
}

/// The record of one taken mail.
struct IntakeRecord: Sendable, Equatable {
    var id: Int64
    var outcome: IntakeOutcome
    var ticketID: Int64?
    var quarantineID: Int64?
}

/// Reading and writing the mail intake's tables: taken mails, quarantine, attachments.
enum IntakeRows {
    /// SHA-256 of bytes, hex.
    static func sha256(_ bytes: [UInt8]) -> String {
        // Hashed where they lie: a 25 MB mail is not copied for it.
        Hex.lowercase(SHA256.hash(data: bytes))
    }

    /// The mail taken before with these bytes, or with this Message-ID from this sender.
    static func taken(
        contentHash: String, messageID: String?, sender: String?, _ db: Database
    ) throws
        -> IntakeRecord?
    {
        if let r = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM mail_intake WHERE content_hash = ?"), arguments: [contentHash])
        {
            return record(r)
        }
        guard let messageID, let sender else { return nil }
        return try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT * FROM mail_intake WHERE message_id = ? AND sender = ? ORDER BY id LIMIT 1"),
            arguments: [messageID, sender]
        ).map(record)
    }

    private static func record(_ r: Row) -> IntakeRecord {
        IntakeRecord(
            id: r["id"], outcome: IntakeOutcome(rawValue: r["outcome"]) ?? .quarantine, ticketID: r["ticket_id"],
            quarantineID: r["quarantine_id"])
    }

    @discardableResult
    static func record(
        at: Date, source: String, contentHash: String, messageID: String?, sender: String?, outcome: IntakeOutcome,
        ticketID: Int64? = nil, quarantineID: Int64? = nil, _ db: Database
    ) throws -> IntakeRecord {
        try db.cachedStatement(
            sql: """
                INSERT INTO mail_intake (received_at, source, content_hash, message_id, sender, outcome, ticket_id,
                    quarantine_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            RFC3339.string(from: at), source, contentHash, messageID.map { String($0.prefix(998)) }, sender,
            outcome.rawValue, ticketID, quarantineID,
        ])
        return IntakeRecord(id: db.lastInsertedRowID, outcome: outcome, ticketID: ticketID, quarantineID: quarantineID)
    }

    // MARK: Quarantine

    static func quarantined(_ r: Row) -> SupportDesk.QuarantinedMail {
        SupportDesk.QuarantinedMail(
            id: r["id"], receivedAt: r["received_at"],
            reason: SupportDesk.QuarantineReason(rawValue: r["reason"]) ?? .unparseable, detail: r["detail"],
            sender: r["sender"], subject: r["subject"], size: r["size"],
            decision: (r["decision"] as String?).flatMap(SupportDesk.QuarantineDecision.init(rawValue:)),
            decidedBy: r["decided_by"], decidedAt: r["decided_at"], ticketID: r["ticket_id"])
    }

    static let quarantineColumns =
        "id, received_at, reason, detail, sender, subject, size, decision, decided_by, decided_at, ticket_id"

    static func quarantineList(
        includeDecided: Bool, limit: Int, _ db: Database
    ) throws
        -> [SupportDesk.QuarantinedMail]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT \(quarantineColumns) FROM quarantine \(includeDecided ? "" : "WHERE decided_at IS NULL")
                ORDER BY id DESC LIMIT ?
                """, arguments: [limit]
        ).map(quarantined)
    }

    /// A quarantined mail's record and bytes.
    static func quarantined(_ id: Int64, _ db: Database) throws -> (mail: SupportDesk.QuarantinedMail, raw: Data)? {
        try Row.fetchOne(db, sql: "SELECT \(quarantineColumns), raw FROM quarantine WHERE id = ?", arguments: [id])
            .map { (quarantined($0), $0["raw"]) }
    }

    static func decide(
        _ id: Int64, _ decision: SupportDesk.QuarantineDecision, by: String, at: Date, ticket: Int64?, _ db: Database
    ) throws {
        try db.cachedStatement(
            sql: "UPDATE quarantine SET decision = ?, decided_by = ?, decided_at = ?, ticket_id = ? WHERE id = ?"
        ).execute(arguments: [decision.rawValue, by, RFC3339.string(from: at), ticket, id])
    }

    static func quarantine(
        at: Date, reason: SupportDesk.QuarantineReason, detail: String, sender: String?, subject: String, size: Int,
        raw: [UInt8],
        _ db: Database
    ) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO quarantine (received_at, reason, detail, sender, subject, size, raw)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            RFC3339.string(from: at), reason.rawValue, String(detail.prefix(500)), sender,
            String(subject.prefix(300)), size, Data(raw),
        ])
        return db.lastInsertedRowID
    }

    // MARK: Attachments

    /// Keeps an attachment on a ticket; the bytes are stored once however often they come.
    static func attach(
        ticket: Int64, name: String, type: String, bytes: [UInt8], by: String, at: Date, _ db: Database
    ) throws {
        let hash = sha256(bytes)
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO attachment_blobs (sha256, type, size, bytes) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [hash, type, bytes.count, Data(bytes)])
        guard
            let blob = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM attachment_blobs WHERE sha256 = ?"), arguments: [hash])
        else { return }
        try db.cachedStatement(
            sql: "INSERT INTO attachments (ticket_id, blob_id, name, added_by, added_at) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [ticket, blob, name, by, RFC3339.string(from: at)])
    }

    /// The files kept on a ticket, oldest first.
    static func attachments(of ticket: Int64, _ db: Database) throws -> [SupportDesk.AttachmentRef] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT a.id, a.name, b.type, b.size, a.added_by, a.added_at FROM attachments a
                    JOIN attachment_blobs b ON b.id = a.blob_id WHERE a.ticket_id = ? ORDER BY a.id
                    """), arguments: [ticket]
        ).map(attachmentRef)
    }

    private static func attachmentRef(_ r: Row) -> SupportDesk.AttachmentRef {
        SupportDesk.AttachmentRef(
            id: r["id"], name: r["name"], type: r["type"], size: r["size"], addedBy: r["added_by"],
            addedAt: r["added_at"])
    }

    /// One attachment: its record, its ticket and `length` of its bytes from `offset`.
    static func attachment(
        _ id: Int64, offset: Int, length: Int, _ db: Database
    ) throws
        -> (ref: SupportDesk.AttachmentRef, ticket: Int64, bytes: Data)?
    {
        guard
            let r = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT a.id, a.name, a.ticket_id, b.type, b.size, a.added_by, a.added_at,
                            substr(b.bytes, ? + 1, ?) AS part
                        FROM attachments a JOIN attachment_blobs b ON b.id = a.blob_id WHERE a.id = ?
                        """), arguments: [offset, length, id])
        else { return nil }
        return (attachmentRef(r), r["ticket_id"], (r["part"] as Data?) ?? Data())
    }

    /// Removes stored bytes no attachment names any more.
    static func dropUnusedBlobs(_ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM attachment_blobs WHERE id NOT IN (SELECT DISTINCT blob_id FROM attachments)")
    }
}
