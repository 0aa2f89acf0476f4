import Foundation
import GRDB

/// The consumed message ids, recorded in the same transaction as the effects they caused, with
/// the reply of a command and who sent it, so a duplicate is skipped and a retried command gets its
/// first reply: only from the same sender, for the same type (see ``MessageProcessor``).
enum Inbox {
    struct Entry {
        let reply: HandlerRegistry.Reply?
        /// The broker-checked sender of the first message with the id; nil when it did not say.
        let sender: String?
        let type: String
    }

    /// The entries of those ids that were consumed before, by id; one query for a whole batch.
    static func find(_ messageIDs: [String], _ db: Database) throws -> [String: Entry] {
        guard !messageIDs.isEmpty else { return [:] }
        var found: [String: Entry] = [:]
        for chunk in stride(from: 0, to: messageIDs.count, by: 500).map({
            messageIDs[$0..<min($0 + 500, messageIDs.count)]
        }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT message_id, type, sender, reply_type, reply FROM rbn_inbox WHERE message_id IN (\(marks))",
                arguments: StatementArguments(Array(chunk)))
            for row in rows { found[row["message_id"]] = entry(row) }
        }
        return found
    }

    private static func entry(_ row: Row) -> Entry {
        let type: String? = row["reply_type"]
        let body: Data? = row["reply"]
        return Entry(
            reply: type.flatMap { t in body.map { HandlerRegistry.Reply(type: t, body: $0) } }, sender: row["sender"],
            type: row["type"])
    }

    static func record(
        _ messageID: String, type: String, sender: String?, reply: HandlerRegistry.Reply?, _ db: Database
    ) throws {
        try db.cachedStatement(
            sql:
                "INSERT INTO rbn_inbox (message_id, type, sender, received_at, reply_type, reply) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [messageID, type, sender, Date().timeIntervalSince1970, reply?.type, reply?.body])
    }

    static func size(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rbn_inbox") ?? 0
    }

    /// Forgets ids received before `cutoff`; returns how many.
    static func prune(receivedBefore cutoff: Date, _ db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM rbn_inbox WHERE received_at < ?", arguments: [cutoff.timeIntervalSince1970])
        return db.changesCount
    }
}
