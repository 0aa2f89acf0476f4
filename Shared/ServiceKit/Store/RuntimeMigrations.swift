import GRDB

/// The runtime's own tables, created before any service migration.
enum RuntimeMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("rbn-runtime-1: outbox and inbox") { db in
            try db.create(table: "rbn_outbox") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("message_id", .text).notNull()
                t.column("exchange", .text).notNull()
                t.column("routing_key", .text).notNull()
                t.column("type", .text).notNull()
                t.column("correlation_id", .text)
                t.column("app_id", .text)
                t.column("body", .blob).notNull()
                t.column("created_at", .double).notNull()
                t.column("published_at", .double)
            }
            try db.create(
                index: "rbn_outbox_unpublished", on: "rbn_outbox", columns: ["seq"],
                condition: Column("published_at") == nil)
            try db.create(index: "rbn_outbox_published_at", on: "rbn_outbox", columns: ["published_at"])
            // Without rowid: the message id is the b-tree key, one insert per message instead of two.
            try db.create(table: "rbn_inbox", options: [.withoutRowID]) { t in
                t.primaryKey("message_id", .text)
                t.column("type", .text).notNull()
                t.column("received_at", .double).notNull()
                t.column("reply_type", .text)
                t.column("reply", .blob)
            }
            try db.create(index: "rbn_inbox_received_at", on: "rbn_inbox", columns: ["received_at"])
        }
        migrator.registerMigration("rbn-runtime-2: the inbox knows who sent a message; the service's key") { db in
            // A repeated message id is answered only to its first sender (issue 17): without it,
            // anyone who learnt another's message id got that sender's stored reply.
            try db.alter(table: "rbn_inbox") { t in t.add(column: "sender", .text) }
            try db.create(table: "rbn_key") { t in
                t.primaryKey("name", .text)
                t.column("key", .blob).notNull()
            }
        }
    }
}
