import Contracts
import Foundation
import GRDB

/// The recipient directory: each person the service sends to, with their preferences.
enum RecipientRows {
    static func find(_ email: String, _ db: Database) throws -> Notifications.Recipient? {
        try Row.first(
            db.cachedStatement(sql: "SELECT * FROM recipients WHERE email = ?"), arguments: [email.lowercased()],
            recipient)
    }

    /// Notes a person named by an event: a new one gets the defaults, a known one keeps their
    /// preferences and gets the newest name.
    static func noteNamed(_ email: String, name: String?, now: Date, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO recipients (email, name, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (email) DO UPDATE SET name = coalesce(excluded.name, recipients.name)
                    WHERE excluded.name IS NOT recipients.name
                """
        ).execute(arguments: [email.lowercased(), name, RFC3339.string(from: now)])
    }

    static func save(_ r: Notifications.Recipient, now: Date, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO recipients (email, name, language, channel, webhook_url, opt_outs, digest,
                    updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            r.email.lowercased(), r.name, r.language, r.channel.rawValue, r.webhookURL,
            String(decoding: try JSONEncoder().encode(r.optOuts.map(\.rawValue)), as: UTF8.self), r.digest,
            RFC3339.string(from: now),
        ])
    }

    /// Forgets a person's preferences and name.
    static func erase(email: String, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM recipients WHERE email = ?").execute(arguments: [email.lowercased()])
        try db.cachedStatement(sql: "DELETE FROM digest_items WHERE recipient = ?").execute(arguments: [
            email.lowercased()
        ])
    }

    private static func recipient(_ r: Row) -> Notifications.Recipient {
        // Nearly everyone has opted out of nothing: "[]" needs no decoder.
        let text: String = r["opt_outs"]
        let optOuts = text == "[]" ? [] : (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
        return Notifications.Recipient(
            email: r["email"], name: r["name"], language: r["language"],
            channel: Notifications.RecipientChannel(rawValue: r["channel"]) ?? .email, webhookURL: r["webhook_url"],
            optOuts: optOuts.compactMap(Notifications.Category.init(rawValue:)), digest: r["digest"])
    }
}
