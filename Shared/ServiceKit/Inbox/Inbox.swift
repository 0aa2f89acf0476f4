import Foundation
import GRDB

/// The consumed message ids, recorded in the same transaction as the effects they caused, with
/// the reply of a command, so a duplicate is skipped and a retried command gets its first reply.
enum Inbox {
    struct Entry {
        let replyType: String?
        let reply: Data?
    }

    static func find(_ messageID: String, _ db: Database) throws -> Entry? {
        try Row.fetchOne(
            db, sql: "SELECT reply_type, reply FROM rbn_inbox WHERE message_id = ?", arguments: [messageID]
        )
        .map { Entry(replyType: $0["reply_type"], reply: $0["reply"]) }
    }

    static func record(_ messageID: String, type: String, reply: HandlerRegistry.Reply?, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO rbn_inbox (message_id, type, received_at, reply_type, reply) VALUES (?, ?, ?, ?, ?)",
            arguments: [messageID, type, Date().timeIntervalSince1970, reply?.type, reply?.body])
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
