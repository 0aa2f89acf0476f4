import Contracts
import Foundation
import GRDB

/// Scheduled messages: kept until they fire (then they become a delivery) or their source is
/// moved or cancelled. A reminder's key names its source, recipient, start and lead time, so a
/// repeated event schedules nothing twice and a fired reminder is never sent again.
enum ReminderRows {
    /// How long before the start a reminder goes out, and what it says about it.
    static let leads: [(id: String, seconds: Double, de: String, en: String)] = [
        ("7d", 7 * 86400, "in einer Woche", "in a week"), ("1d", 86400, "morgen", "tomorrow"),
    ]

    /// What a lead time says, in a language: `morgen`, `in a week`.
    static func leadText(_ id: String, language: String) -> String {
        guard let lead = leads.first(where: { $0.id == id }) else { return id }
        return language == "en" ? lead.en : lead.de
    }

    /// Schedules a reminder per lead time that still lies in the future; replaces one with the same key.
    static func schedule(
        key: String, source: String, _ n: Notice, startsAt: Date, now: Date, _ db: Database
    ) throws {
        for lead in leads {
            let fire = startsAt.addingTimeInterval(-lead.seconds)
            guard fire > now else { continue }
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO reminders (key, source, kind, recipient, recipient_name, language, fire_at,
                        lead, starts_at, vals)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                // The start is part of the key: a moved workshop's reminders are new ones, sent
                // even where the old date's reminder went out already.
                "\(key):\(Int(startsAt.timeIntervalSince1970)):\(lead.id)", source, n.kind,
                n.recipient.lowercased(), n.recipientName, n.language,
                RFC3339.string(from: fire), lead.id, RFC3339.string(from: startsAt),
                try StoredValues.encode(n.values),
            ])
        }
    }

    /// Drops the reminders of a source: a moved or cancelled workshop or evening.
    static func drop(source: String, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM reminders WHERE source = ?").execute(arguments: [source])
    }

    /// Drops the reminders of one school's or one parent's place (keys starting with `keyPrefix`).
    static func drop(keyPrefix: String, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM reminders WHERE substr(key, 1, ?) = ?").execute(arguments: [
            keyPrefix.count, keyPrefix,
        ])
    }

    /// Reminders due by `now`, taken out of the table: the caller queues them as deliveries.
    static func takeDue(by now: Date, limit: Int, _ db: Database) throws -> [(key: String, notice: Notice)] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM reminders WHERE fire_at <= ? ORDER BY fire_at LIMIT ?"),
            arguments: [RFC3339.string(from: now), limit])
        var out: [(String, Notice)] = []
        for r in rows {
            let key: String = r["key"]
            try db.cachedStatement(sql: "DELETE FROM reminders WHERE key = ?").execute(arguments: [key])
            out.append(
                (
                    key,
                    Notice(
                        kind: r["kind"], recipient: r["recipient"], recipientName: r["recipient_name"],
                        language: r["language"], values: try StoredValues.decode(r["vals"]), lead: r["lead"])
                ))
        }
        return out
    }

    static func erase(email: String, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM reminders WHERE recipient = ?").execute(arguments: [email.lowercased()]
        )
    }
}
