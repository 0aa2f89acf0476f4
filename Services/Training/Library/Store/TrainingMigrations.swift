import Directory
import GRDB

/// The training service's tables: the registry's directory, rounds, applications, attendance and
/// certificates.
enum TrainingMigrations {
    static func register(_ m: inout DatabaseMigrator) {
        m.registerMigration("training 1: directory, rounds, applications, attendance, certificates") { db in
            try Directory.createTables(db)
            // A round's workshops are few and always read with it: kept as JSON in its row.
            try db.execute(
                sql: """
                    CREATE TABLE rounds (
                        id TEXT PRIMARY KEY NOT NULL,
                        network_id TEXT NOT NULL,
                        school_year TEXT NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX rounds_network ON rounds(network_id, school_year);
                    CREATE TABLE applications (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        round_id TEXT NOT NULL REFERENCES rounds(id),
                        schulnummer TEXT NOT NULL,
                        school_name TEXT NOT NULL,
                        students TEXT NOT NULL,
                        teachers TEXT NOT NULL,
                        status TEXT NOT NULL,
                        offer_expires_at TEXT,
                        applied_at TEXT NOT NULL
                    );
                    CREATE INDEX applications_round ON applications(round_id, status, id);
                    CREATE INDEX applications_offers ON applications(offer_expires_at) WHERE status = 'offered';
                    -- One live application per school and round.
                    CREATE UNIQUE INDEX applications_live ON applications(round_id, schulnummer)
                        WHERE status IN ('confirmed', 'offered', 'waitlisted');
                    CREATE TABLE attendance (
                        application_id INTEGER NOT NULL REFERENCES applications(id),
                        workshop INTEGER NOT NULL,
                        participant TEXT NOT NULL,
                        PRIMARY KEY (application_id, workshop, participant)
                    ) WITHOUT ROWID;
                    CREATE TABLE certificates (
                        number TEXT PRIMARY KEY NOT NULL,
                        application_id INTEGER NOT NULL REFERENCES applications(id),
                        participant TEXT NOT NULL,
                        round_id TEXT NOT NULL,
                        schulnummer TEXT NOT NULL,
                        body TEXT NOT NULL,
                        UNIQUE (application_id, participant)
                    );
                    CREATE INDEX certificates_school ON certificates(schulnummer);
                    """)
        }
        m.registerMigration("training 2: parent evenings and registrations") { db in
            try db.execute(
                sql: """
                    CREATE TABLE evenings (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        network_id TEXT NOT NULL,
                        status TEXT NOT NULL,
                        date TEXT,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX evenings_network ON evenings(network_id, date);
                    CREATE TABLE registrations (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        evening_id INTEGER NOT NULL REFERENCES evenings(id),
                        name TEXT NOT NULL,
                        email TEXT NOT NULL,
                        consent INTEGER NOT NULL,
                        question TEXT,
                        status TEXT NOT NULL,
                        offer_expires_at TEXT,
                        registered_at TEXT NOT NULL,
                        attended INTEGER NOT NULL DEFAULT 0,
                        rating INTEGER,
                        comment TEXT
                    );
                    CREATE INDEX registrations_evening ON registrations(evening_id, status, id);
                    CREATE INDEX registrations_email ON registrations(email);
                    CREATE INDEX registrations_offers ON registrations(offer_expires_at) WHERE status = 'offered';
                    CREATE UNIQUE INDEX registrations_live ON registrations(evening_id, email)
                        WHERE status IN ('confirmed', 'offered', 'waitlisted');
                    """)
        }
        m.registerMigration("training 3: erased personal data") { db in
            try db.execute(
                sql: """
                    ALTER TABLE applications ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE registrations ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
                    """)
        }
        m.registerMigration("training 4: schools' official address") { db in
            try Directory.addSchoolEmail(db)
        }
        m.registerMigration("training 5: people per registration") { db in
            try db.execute(sql: "ALTER TABLE registrations ADD COLUMN people INTEGER NOT NULL DEFAULT 1")
        }
        m.registerMigration("training 6: teachers and students kept for periods of their own") { db in
            try db.execute(
                sql: """
                    ALTER TABLE applications ADD COLUMN teachers_erased INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE applications ADD COLUMN students_erased INTEGER NOT NULL DEFAULT 0;
                    UPDATE applications SET teachers_erased = erased, students_erased = erased;
                    """)
        }
        m.registerMigration("training 7: each evening's waiting list counted as it changes") { db in
            // Triggers keep the count exact in the same transaction as every change of a
            // registration, so a registration costs the same with ten or ten thousand waiting.
            try db.execute(
                sql: """
                    CREATE TABLE waiting_counts (evening_id INTEGER PRIMARY KEY, waiting INTEGER NOT NULL);
                    INSERT INTO waiting_counts SELECT evening_id, count(*) FROM registrations
                        WHERE status = 'waitlisted' GROUP BY evening_id;
                    CREATE TRIGGER waiting_insert AFTER INSERT ON registrations WHEN NEW.status = 'waitlisted' BEGIN
                        INSERT INTO waiting_counts VALUES (NEW.evening_id, 1)
                            ON CONFLICT (evening_id) DO UPDATE SET waiting = waiting + 1;
                    END;
                    CREATE TRIGGER waiting_leave AFTER UPDATE OF status ON registrations
                        WHEN OLD.status = 'waitlisted' AND NEW.status != 'waitlisted' BEGIN
                        UPDATE waiting_counts SET waiting = waiting - 1 WHERE evening_id = OLD.evening_id;
                    END;
                    CREATE TRIGGER waiting_join AFTER UPDATE OF status ON registrations
                        WHEN OLD.status != 'waitlisted' AND NEW.status = 'waitlisted' BEGIN
                        INSERT INTO waiting_counts VALUES (NEW.evening_id, 1)
                            ON CONFLICT (evening_id) DO UPDATE SET waiting = waiting + 1;
                    END;
                    CREATE TRIGGER waiting_delete AFTER DELETE ON registrations WHEN OLD.status = 'waitlisted' BEGIN
                        UPDATE waiting_counts SET waiting = waiting - 1 WHERE evening_id = OLD.evening_id;
                    END;
                    """)
        }
        m.registerMigration("training 8: each evening's places taken counted as they change") { db in
            // As the waiting list: the people of confirmed registrations and held offers, kept
            // exact by triggers. Summed over the rows, the places cost a registration more with
            // every one before it (a third of training's time at 10,000 on one evening).
            try db.execute(
                sql: """
                    CREATE TABLE taken_counts (evening_id INTEGER PRIMARY KEY, taken INTEGER NOT NULL);
                    INSERT INTO taken_counts SELECT evening_id, sum(people) FROM registrations
                        WHERE status IN ('confirmed', 'offered') GROUP BY evening_id;
                    CREATE TRIGGER taken_insert AFTER INSERT ON registrations
                        WHEN NEW.status IN ('confirmed', 'offered') BEGIN
                        INSERT INTO taken_counts VALUES (NEW.evening_id, NEW.people)
                            ON CONFLICT (evening_id) DO UPDATE SET taken = taken + excluded.taken;
                    END;
                    CREATE TRIGGER taken_update AFTER UPDATE OF status, people, evening_id ON registrations
                        WHEN OLD.status IN ('confirmed', 'offered') OR NEW.status IN ('confirmed', 'offered') BEGIN
                        UPDATE taken_counts SET taken = taken - OLD.people
                            WHERE evening_id = OLD.evening_id AND OLD.status IN ('confirmed', 'offered');
                        INSERT INTO taken_counts SELECT NEW.evening_id, NEW.people
                            WHERE NEW.status IN ('confirmed', 'offered')
                            ON CONFLICT (evening_id) DO UPDATE SET taken = taken + excluded.taken;
                    END;
                    CREATE TRIGGER taken_delete AFTER DELETE ON registrations
                        WHEN OLD.status IN ('confirmed', 'offered') BEGIN
                        UPDATE taken_counts SET taken = taken - OLD.people WHERE evening_id = OLD.evening_id;
                    END;
                    """)
        }
    }
}
