import Contracts
import Foundation
import GRDB
import PortalLinks
import ServiceKit

/// A message to queue: what the rules make of an event for one recipient.
struct Notice: Sendable {
    var kind: String
    var recipient: String
    var recipientName: String?
    var language: String = "de"
    var values: [String: TemplateValue]
    /// A reminder's lead time (`7d`, `1d`): its words are filled in the recipient's language.
    var lead: String? = nil
    /// How a mail about a ticket threads (from the support desk's event).
    var thread: SupportDesk.MailThread? = nil
    /// The portal page the message leads to, signed for its recipient (`pageURL`), when the portal
    /// is configured.
    var page: PortalPage? = nil
    /// The language for a recipient the service does not know yet (the one they used the portal in).
    var preferredLanguage: String? = nil
    /// The one-click unsubscribe address (RFC 8058) of a message that is not critical.
    var unsubscribe: String? = nil
}

/// A page of the portal a message links to: what the signed link may do, and what it is about.
struct PortalPage: Sendable {
    var purpose: SignedLink.Purpose
    var subject: String
    var claims: [String: String] = [:]
}

/// Reading and writing deliveries.
enum DeliveryRows {
    /// Queues a delivery unless this event already has one for the recipient on the channel;
    /// true when it was new.
    @discardableResult
    static func queue(
        _ n: Notice, subject: String, body: String, route: Route, eventID: String, eventType: String, now: Date,
        _ db: Database
    ) throws -> Bool {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO deliveries (event_id, event_type, kind, recipient, recipient_name, channel,
                    target, language, subject, body, status, next_attempt_at, created_at, thread, unsubscribe)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)
                """
        ).execute(arguments: [
            eventID, eventType, n.kind, n.recipient.lowercased(), n.recipientName, route.channel.rawValue,
            route.target, route.language, subject, body, RFC3339.string(from: now), RFC3339.string(from: now),
            try n.thread.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }, n.unsubscribe,
        ])
        return db.changesCount > 0
    }

    /// How many deliveries of a kind an address got queued since a time.
    static func count(kind: String, to recipient: String, since: Date, _ db: Database) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(
                sql: "SELECT count(*) FROM deliveries WHERE recipient = ? AND kind = ? AND created_at >= ?"),
            arguments: [recipient.lowercased(), kind, RFC3339.string(from: since)]) ?? 0
    }

    /// The delivery of the mail with this Message-ID came back: it failed, with the report's status.
    static func bounced(messageID: String, status: String, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, last_error = ?
                WHERE thread IS NOT NULL AND json_extract(thread, '$.messageID') = ?
                """
        ).execute(arguments: ["bounced: \(status)", messageID])
    }

    /// Pending deliveries whose attempt is due, oldest first.
    static func due(by now: Date, limit: Int, _ db: Database) throws -> [Outgoing] {
        try Row.all(
            db.cachedStatement(
                sql: """
                    SELECT id, event_id, kind, channel, recipient, recipient_name, target, subject, body, language,
                        thread, unsubscribe
                    FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT ?
                    """), arguments: [RFC3339.string(from: now), limit]
        ) { r in
            Outgoing(
                deliveryID: r["id"], eventID: r["event_id"], kind: r["kind"], channel: channel(r),
                recipient: r["recipient"], recipientName: r["recipient_name"], target: r["target"],
                subject: r["subject"], text: r["body"], language: r["language"],
                thread: (r["thread"] as String?).flatMap {
                    try? JSONDecoder().decode(SupportDesk.MailThread.self, from: Data($0.utf8))
                }, unsubscribe: r["unsubscribe"])
        }
    }

    static func find(_ id: Int, _ db: Database) throws -> Notifications.Delivery? {
        try Row.first(db.cachedStatement(sql: "SELECT * FROM deliveries WHERE id = ?"), arguments: [id], delivery)
    }

    static func list(_ q: Notifications.ListDeliveries, _ db: Database) throws -> [Notifications.Delivery] {
        var w = SQLConditions()
        w.add("status = ?", q.status?.rawValue)
        w.add("recipient = ?", q.recipient?.lowercased())
        w.add("event_id = ?", q.eventID)
        return try Row.fetchAll(
            db, sql: "SELECT * FROM deliveries \(w.sql) ORDER BY id DESC LIMIT ?",
            arguments: w.arguments + [min(max(q.limit ?? 50, 1), 1000)]
        ).map(delivery)
    }

    /// Records a sent attempt and returns the row as it now is; nil when the delivery is gone
    /// (erased while it was being sent).
    static func markSent(_ id: Int, at now: Date, _ db: Database) throws -> Notifications.Delivery? {
        try Row.first(
            db.cachedStatement(
                sql: """
                    UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, next_attempt_at = NULL,
                        last_error = NULL WHERE id = ? RETURNING *
                    """), arguments: [RFC3339.string(from: now), id], delivery)
    }

    /// A failed attempt: tried again at `retryAt`, or failed for good when nil. `retryAt` is given
    /// the attempts made so far (this one included). Returns the row as it now is; nil when the
    /// delivery is gone.
    static func markFailed(
        _ id: Int, error: String, retryAt: (_ attempts: Int) -> Date?, _ db: Database
    ) throws -> Notifications.Delivery? {
        guard
            let attempts = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT attempts FROM deliveries WHERE id = ?"), arguments: [id])
        else { return nil }
        let next = retryAt(attempts + 1)
        return try Row.first(
            db.cachedStatement(
                sql: """
                    UPDATE deliveries SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                    WHERE id = ? RETURNING *
                    """),
            arguments: [next == nil ? "failed" : "pending", error, next.map(RFC3339.string(from:)), id], delivery)
    }

    /// Failed deliveries (or those given) go back to pending, due now; returns their ids.
    static func retry(_ ids: [Int]?, now: Date, _ db: Database) throws -> [Int] {
        var w = SQLConditions()
        w.add("status = 'failed'")
        w.add(in: "id", ids)
        let chosen = try Int.fetchAll(db, sql: "SELECT id FROM deliveries \(w.sql)", arguments: w.arguments)
        for id in chosen {
            try db.cachedStatement(
                sql: "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ?"
            ).execute(arguments: [RFC3339.string(from: now), id])
        }
        return chosen
    }

    /// Forgets a person: their pending messages go, sent ones keep no address, name or text.
    static func erase(email: String, _ db: Database) throws {
        let email = email.lowercased()
        try db.cachedStatement(sql: "DELETE FROM deliveries WHERE recipient = ? AND status = 'pending'").execute(
            arguments: [email])
        try db.cachedStatement(
            sql: """
                UPDATE deliveries SET recipient = 'erased-' || id || '@invalid', recipient_name = NULL, body = '',
                    subject = '(gelöscht)', unsubscribe = NULL WHERE recipient = ?
                """
        ).execute(arguments: [email])
    }

    private static func channel(_ r: Row) -> Notifications.Channel {
        Notifications.Channel(rawValue: r["channel"]) ?? .maildir
    }

    /// Whether an event already has a delivery for the recipient (on any channel).
    static func exists(eventID: String, recipient: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM deliveries WHERE event_id = ? AND recipient = ?)"),
            arguments: [eventID, recipient.lowercased()]) ?? false
    }

    private static func delivery(_ r: Row) -> Notifications.Delivery {
        Notifications.Delivery(
            id: r["id"], eventID: r["event_id"], eventType: r["event_type"], kind: r["kind"], recipient: r["recipient"],
            channel: channel(r), language: r["language"],
            subject: r["subject"], status: Notifications.DeliveryStatus(rawValue: r["status"]) ?? .pending,
            attempts: r["attempts"], lastError: r["last_error"], createdAt: r["created_at"], sentAt: r["sent_at"])
    }

    /// The log's entries past their period (sent or failed, created before the cutoff) go, a
    /// thousand at a time; returns how many.
    static func expire(_ period: RetentionPeriod, now: Date, _ db: Database) throws -> Int {
        let before = period.cutoffInstant(today: CivilDay(now, in: CivilDay.berlin), in: CivilDay.berlin)
        try db.cachedStatement(
            sql: """
                DELETE FROM deliveries WHERE id IN (
                    SELECT id FROM deliveries WHERE status IN ('sent', 'failed') AND created_at < ? LIMIT 1000)
                """
        ).execute(arguments: [RFC3339.string(from: before)])
        return db.changesCount
    }
}
