import GRDB

/// The registry's tables. Migrations are append-only: a released one never changes.
enum RegistryMigrations {
    static func register(_ m: inout DatabaseMigrator) {
        m.registerMigration("registry 1: networks, institutions, contacts, measures, agreements, rollout") { db in
            try db.execute(
                sql: """
                    CREATE TABLE networks (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        region TEXT NOT NULL,
                        region_kind TEXT NOT NULL,
                        contract TEXT,
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE institutions (
                        id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        name TEXT NOT NULL,
                        network_id TEXT NOT NULL REFERENCES networks(id),
                        joined_on TEXT NOT NULL,
                        left_on TEXT,
                        active INTEGER NOT NULL DEFAULT 1,
                        retire_reason TEXT,
                        street TEXT, postcode TEXT, city TEXT,
                        schulform TEXT,
                        schultraeger_id TEXT,
                        is_public INTEGER,
                        it_group_name TEXT,
                        it_group_email TEXT
                    );
                    CREATE INDEX institutions_network ON institutions(network_id, kind);
                    CREATE INDEX institutions_schultraeger ON institutions(schultraeger_id);
                    CREATE TABLE persons (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        email TEXT NOT NULL UNIQUE,
                        phone TEXT
                    );
                    CREATE TABLE roles (
                        person_id TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
                        role TEXT NOT NULL,
                        network_id TEXT NOT NULL REFERENCES networks(id),
                        institution_id TEXT NOT NULL DEFAULT '',
                        assigned_at TEXT NOT NULL,
                        PRIMARY KEY (person_id, role, network_id, institution_id)
                    );
                    CREATE INDEX roles_scope ON roles(network_id, institution_id, role);
                    CREATE TABLE measures (
                        network_id TEXT NOT NULL REFERENCES networks(id),
                        number INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        owner TEXT,
                        note TEXT,
                        changed_at TEXT NOT NULL,
                        PRIMARY KEY (network_id, number)
                    );
                    CREATE TABLE measure_history (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        network_id TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        owner TEXT,
                        note TEXT,
                        changed_at TEXT NOT NULL,
                        message_id TEXT NOT NULL
                    );
                    CREATE INDEX measure_history_measure ON measure_history(network_id, number);
                    CREATE TABLE agreement_versions (
                        network_id TEXT NOT NULL REFERENCES networks(id),
                        document_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        title TEXT NOT NULL,
                        text TEXT,
                        link TEXT,
                        published_on TEXT NOT NULL,
                        PRIMARY KEY (network_id, document_id, version)
                    );
                    CREATE TABLE endorsements (
                        network_id TEXT NOT NULL,
                        document_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        institution_id TEXT NOT NULL REFERENCES institutions(id),
                        endorsed_on TEXT NOT NULL,
                        PRIMARY KEY (network_id, document_id, version, institution_id),
                        FOREIGN KEY (network_id, document_id, version)
                            REFERENCES agreement_versions(network_id, document_id, version)
                    );
                    CREATE TABLE rollouts (
                        schulnummer TEXT PRIMARY KEY NOT NULL REFERENCES institutions(id),
                        state TEXT NOT NULL,
                        requested_on TEXT,
                        provisioned_on TEXT,
                        in_use_on TEXT
                    );
                    """)
        }
        m.registerMigration("registry 2: network bodies and the body a contact serves in") { db in
            try db.execute(
                sql: """
                    ALTER TABLE networks ADD COLUMN bodies TEXT;
                    ALTER TABLE roles ADD COLUMN body TEXT;
                    """)
        }
        m.registerMigration("registry 3: erasure requests") { db in
            // Which services confirmed an erasure; no address is kept, only the request id.
            try db.execute(
                sql: """
                    CREATE TABLE erasures (request_id TEXT PRIMARY KEY NOT NULL, requested_at TEXT NOT NULL);
                    CREATE TABLE erasure_confirmations (
                        request_id TEXT NOT NULL REFERENCES erasures(request_id),
                        service TEXT NOT NULL,
                        entries INTEGER NOT NULL,
                        confirmed_at TEXT NOT NULL,
                        PRIMARY KEY (request_id, service)
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("registry 4: an erasure proves its address by a keyed hash") { db in
            // HMAC-SHA256 of the address under the registry's own key: the record still shows that
            // this address was erased (hash it again and compare), but does not hold the address.
            try db.execute(sql: "ALTER TABLE erasures ADD COLUMN address_hash TEXT")
        }
        m.registerMigration("registry 5: an institution's official address") { db in
            try db.execute(sql: "ALTER TABLE institutions ADD COLUMN email TEXT")
        }
        m.registerMigration("registry 6: a Schulträger's official number") { db in
            try db.execute(
                sql: """
                    ALTER TABLE institutions ADD COLUMN traegernummer TEXT;
                    CREATE UNIQUE INDEX institutions_traegernummer ON institutions(traegernummer)
                        WHERE traegernummer IS NOT NULL;
                    """)
        }
    }
}
