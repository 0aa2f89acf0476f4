import GRDB

/// The portal's store: counts for rate limits and an audit of the mails it caused. Addresses are
/// never stored, only keyed hashes of them (with a salt of the store's own), so the store holds no
/// personal data an erasure would have to reach.
enum PortalMigrations {
    static func register(_ m: inout DatabaseMigrator) {
        m.registerMigration("portal 1: rate limits and audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE salt (id INTEGER PRIMARY KEY CHECK (id = 1), value BLOB NOT NULL);
                    CREATE TABLE hits (bucket TEXT NOT NULL, at REAL NOT NULL);
                    CREATE INDEX hits_bucket ON hits(bucket, at);
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,
                        address TEXT NOT NULL, client TEXT NOT NULL
                    );
                    CREATE INDEX audit_at ON audit(at);
                    """)
        }
    }
}
