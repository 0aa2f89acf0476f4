import Contracts
import Foundation
import GRDB

/// SLA warnings held for recipients who take one digest a day.
enum DigestRows {
    /// The fields of a warning that a digest lists.
    static let fields = ["ticketID", "title", "school", "firstResponse", "due"]

    /// Holds a warning; the same event twice is held once.
    static func add(_ n: Notice, eventID: String, now: Date, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO digest_items (recipient, event_id, line, created_at) VALUES (?, ?, ?, ?)",
            arguments: [
                n.recipient.lowercased(), eventID, try StoredValues.encode(n.values.filter { fields.contains($0.key) }),
                RFC3339.string(from: now),
            ])
    }

    /// Everyone with warnings waiting.
    static func recipients(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT recipient FROM digest_items ORDER BY recipient")
    }

    /// A recipient's waiting warnings, oldest first, taken out of the table.
    static func take(_ recipient: String, _ db: Database) throws -> [[String: TemplateValue]] {
        let lines = try String.fetchAll(
            db, sql: "SELECT line FROM digest_items WHERE recipient = ? ORDER BY created_at, event_id",
            arguments: [recipient])
        try db.execute(sql: "DELETE FROM digest_items WHERE recipient = ?", arguments: [recipient])
        return try lines.map(StoredValues.decode)
    }
}
