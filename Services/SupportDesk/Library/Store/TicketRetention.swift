import Contracts
import Foundation
import GRDB

/// Closed tickets past their retention period (default five years, to the end of the calendar year
/// they were closed in) go with everything that is theirs: history, search entry, links, files,
/// and what the mail intake and quarantine remember of them.
enum TicketRetention {
    /// Closed or merged tickets whose last change of status lies before `before`, oldest first.
    static func past(_ before: Date, limit: Int, _ db: Database) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: """
                SELECT id FROM tickets WHERE status IN ('closed', 'merged') AND status_since < ?
                ORDER BY status_since LIMIT ?
                """, arguments: [RFC3339.string(from: before), limit])
    }

    /// Erases one ticket and what refers to it.
    static func erase(_ id: Int64, _ db: Database) throws {
        let blobs = try Int64.fetchAll(db, sql: "SELECT blob_id FROM attachments WHERE ticket_id = ?", arguments: [id])
        for sql in [
            "DELETE FROM history WHERE ticket_id = ?1", "DELETE FROM links WHERE a = ?1 OR b = ?1",
            "DELETE FROM ticket_articles WHERE ticket_id = ?1", "DELETE FROM attachments WHERE ticket_id = ?1",
            "DELETE FROM ticket_search WHERE rowid = ?1",
            "UPDATE mail_intake SET ticket_id = NULL WHERE ticket_id = ?1",
            "UPDATE quarantine SET ticket_id = NULL WHERE ticket_id = ?1",
            "UPDATE articles SET from_ticket = NULL WHERE from_ticket = ?1",
            "UPDATE tickets SET merged_into = NULL WHERE merged_into = ?1", "DELETE FROM tickets WHERE id = ?1",
        ] {
            try db.execute(sql: sql, arguments: [id])
        }
        // A file's bytes go with the last ticket that has them.
        for blob in Set(blobs) {
            try db.execute(
                sql:
                    "DELETE FROM attachment_blobs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM attachments WHERE blob_id = ?)",
                arguments: [blob, blob])
        }
    }

    /// The timer's work: up to `limit` tickets past the period on the local day of `now`.
    static func expire(_ period: RetentionPeriod, now: Date, limit: Int = 500, _ db: Database) throws -> Int {
        let before = period.cutoffInstant(today: CivilDay(now, in: CivilDay.berlin), in: CivilDay.berlin)
        let ids = try past(before, limit: limit, db)
        for id in ids { try erase(id, db) }
        return ids.count
    }
}
