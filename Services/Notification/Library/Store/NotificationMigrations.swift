import GRDB

/// The notification service's tables: deliveries, one per (event, recipient, channel).
enum NotificationMigrations {
    static func register(_ m: inout DatabaseMigrator) {
        m.registerMigration("notification 1: deliveries") { db in
            try db.execute(
                sql: """
                    CREATE TABLE deliveries (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        event_id TEXT NOT NULL,
                        event_type TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        recipient TEXT NOT NULL,
                        recipient_name TEXT,
                        channel TEXT NOT NULL,
                        language TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        body TEXT NOT NULL,
                        status TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at TEXT,
                        last_error TEXT,
                        created_at TEXT NOT NULL,
                        sent_at TEXT,
                        -- Exactly once: an event reaches a recipient over a channel once, however often it arrives.
                        UNIQUE (event_id, recipient, channel)
                    );
                    CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE status = 'pending';
                    CREATE INDEX deliveries_recipient ON deliveries(recipient, id);
                    CREATE INDEX deliveries_status ON deliveries(status, id);
                    """)
        }
        m.registerMigration("notification 2: reminders") { db in
            try db.execute(
                sql: """
                    CREATE TABLE reminders (
                        key TEXT PRIMARY KEY NOT NULL,
                        source TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        recipient TEXT NOT NULL,
                        recipient_name TEXT,
                        language TEXT NOT NULL,
                        fire_at TEXT NOT NULL,
                        lead TEXT NOT NULL,
                        starts_at TEXT NOT NULL,
                        vals TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX reminders_due ON reminders(fire_at);
                    CREATE INDEX reminders_source ON reminders(source);
                    """)
        }
        m.registerMigration("notification 3: recipients, webhooks and digests") { db in
            try db.execute(
                sql: """
                    -- What sending needs of a person, kept from the events that name them and from the
                    -- preferences they set.
                    CREATE TABLE recipients (
                        email TEXT PRIMARY KEY NOT NULL,
                        name TEXT,
                        language TEXT NOT NULL DEFAULT 'de',
                        channel TEXT NOT NULL DEFAULT 'email',
                        webhook_url TEXT,
                        opt_outs TEXT NOT NULL DEFAULT '[]',
                        digest INTEGER NOT NULL DEFAULT 0,
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    -- A webhook delivery's address.
                    ALTER TABLE deliveries ADD COLUMN target TEXT;
                    -- SLA warnings waiting for a recipient's daily digest.
                    CREATE TABLE digest_items (
                        recipient TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        line TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        PRIMARY KEY (recipient, event_id)
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("notification 4: threads of ticket mails") { db in
            // The Message-ID, In-Reply-To, References, Reply-To and From the support desk gave a mail
            // about a ticket, as JSON.
            try db.execute(
                sql: """
                    ALTER TABLE deliveries ADD COLUMN thread TEXT;
                    -- A bounce names the Message-ID of the mail that came back.
                    CREATE INDEX deliveries_thread ON deliveries(json_extract(thread, '$.messageID'))
                        WHERE thread IS NOT NULL;
                    """)
        }
        m.registerMigration("notification 5: one-click unsubscribe") { db in
            try db.execute(sql: "ALTER TABLE deliveries ADD COLUMN unsubscribe TEXT")
        }
    }
}
