import Contracts
import Directory
import Foundation
import GRDB

/// The support desk's tables: the read model kept from registry events, tickets and their history.
enum SupportDeskMigrations {
    static func register(_ m: inout DatabaseMigrator) {
        m.registerMigration("supportdesk 1: read model, tickets, history") { db in
            try db.execute(
                sql: """
                    CREATE TABLE schools (
                        schulnummer TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        network_id TEXT NOT NULL,
                        schulform TEXT,
                        schultraeger_id TEXT,
                        schultraeger_name TEXT,
                        it_group_name TEXT,
                        it_group_email TEXT,
                        active INTEGER NOT NULL
                    );
                    CREATE TABLE networks (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL);
                    CREATE TABLE contacts (
                        person_id TEXT NOT NULL,
                        name TEXT NOT NULL,
                        email TEXT NOT NULL,
                        role TEXT NOT NULL,
                        network_id TEXT NOT NULL,
                        institution_id TEXT NOT NULL DEFAULT '',
                        PRIMARY KEY (person_id, role, network_id, institution_id)
                    );
                    CREATE INDEX contacts_email ON contacts(email);
                    CREATE TABLE tickets (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        title TEXT NOT NULL,
                        description TEXT NOT NULL,
                        status TEXT NOT NULL,
                        status_since TEXT NOT NULL,
                        priority TEXT NOT NULL,
                        category TEXT NOT NULL,
                        level INTEGER NOT NULL DEFAULT 1,
                        schulnummer TEXT NOT NULL,
                        network_id TEXT NOT NULL,
                        schultraeger_id TEXT,
                        requester_name TEXT NOT NULL,
                        requester_email TEXT NOT NULL,
                        assignee TEXT,
                        opened_at TEXT NOT NULL,
                        merged_into INTEGER,
                        first_response TEXT NOT NULL,
                        resolution TEXT NOT NULL
                    );
                    CREATE INDEX tickets_school ON tickets(schulnummer, status);
                    CREATE INDEX tickets_network ON tickets(network_id, status);
                    CREATE INDEX tickets_requester ON tickets(requester_email);
                    CREATE TABLE history (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                        at TEXT NOT NULL,
                        by TEXT NOT NULL,
                        action TEXT NOT NULL,
                        text TEXT,
                        is_public INTEGER NOT NULL,
                        message_id TEXT NOT NULL
                    );
                    CREATE INDEX history_ticket ON history(ticket_id, seq);
                    """)
        }
        m.registerMigration("supportdesk 2: SLA notices and their next check") { db in
            try db.execute(
                sql: """
                    ALTER TABLE tickets ADD COLUMN sla_notices INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE tickets ADD COLUMN next_sla_check TEXT;
                    CREATE INDEX tickets_next_sla_check ON tickets(next_sla_check) WHERE next_sla_check IS NOT NULL;
                    CREATE INDEX tickets_status_since ON tickets(status, status_since);
                    """)
        }
        m.registerMigration("supportdesk 3: agents") { db in
            try db.execute(
                sql: """
                    CREATE TABLE agents (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        role TEXT NOT NULL,
                        schools TEXT NOT NULL,
                        networks TEXT NOT NULL,
                        schultraeger TEXT NOT NULL
                    );
                    """)
        }
        m.registerMigration("supportdesk 4: links") { db in
            try db.execute(
                sql: """
                    CREATE TABLE links (
                        a INTEGER NOT NULL REFERENCES tickets(id),
                        b INTEGER NOT NULL REFERENCES tickets(id),
                        PRIMARY KEY (a, b)
                    ) WITHOUT ROWID;
                    CREATE INDEX links_b ON links(b);
                    """)
        }
        m.registerMigration("supportdesk 5: full-text search") { db in
            // rowid = ticket id; `texts` grows with every reply and note.
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE ticket_search USING fts5(
                        title, texts, tokenize = 'unicode61 remove_diacritics 2');
                    CREATE INDEX tickets_assignee ON tickets(assignee, status);
                    """)
        }
        m.registerMigration("supportdesk 6: knowledge base") { db in
            try db.execute(
                sql: """
                    CREATE TABLE articles (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        title TEXT NOT NULL,
                        body TEXT NOT NULL,
                        network_id TEXT,
                        tags TEXT NOT NULL,
                        author TEXT NOT NULL,
                        published_at TEXT NOT NULL,
                        from_ticket INTEGER
                    );
                    CREATE VIRTUAL TABLE article_search USING fts5(
                        title, body, tags, tokenize = 'unicode61 remove_diacritics 2');
                    CREATE TABLE ticket_articles (
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                        article_id INTEGER NOT NULL REFERENCES articles(id),
                        PRIMARY KEY (ticket_id, article_id)
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("supportdesk 7: needs survey") { db in
            try db.execute(
                sql: """
                    CREATE TABLE needs (
                        schulnummer TEXT NOT NULL,
                        area TEXT NOT NULL,
                        urgency TEXT NOT NULL,
                        note TEXT,
                        recorded_at TEXT NOT NULL,
                        recorded_by TEXT NOT NULL,
                        PRIMARY KEY (schulnummer, area)
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("supportdesk 8: lists in id order") { db in
            // An index on one column is ordered by ticket id within each value, so a list filtered by
            // it walks the newest (or oldest) tickets first and stops when the page is full, however
            // many tickets the store holds. The two-column indexes stay for the bounded sets
            // (a school's or network's open tickets), which SQLite sorts.
            try db.execute(
                sql: """
                    CREATE INDEX tickets_by_school ON tickets(schulnummer);
                    CREATE INDEX tickets_by_network ON tickets(network_id);
                    CREATE INDEX tickets_by_status ON tickets(status);
                    CREATE INDEX tickets_by_category ON tickets(category);
                    CREATE INDEX tickets_by_assignee ON tickets(assignee);
                    """)
        }
        m.registerMigration("supportdesk 9: agents' addresses") { db in
            // Where SLA warnings and breaches reach an agent.
            try db.execute(sql: "ALTER TABLE agents ADD COLUMN email TEXT")
        }
        m.registerMigration("supportdesk 10: mail intake, quarantine, attachments") { db in
            // `mail_intake` remembers every mail taken (by its content hash, and its Message-ID per
            // sender) and what it became, so a mail delivered twice becomes one ticket or reply.
            // `quarantine` keeps what could not be taken, with the mail itself, until a coordinator
            // decides or its retention ends. An attachment's bytes are stored once per content.
            try db.execute(
                sql: """
                    CREATE TABLE mail_intake (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        received_at TEXT NOT NULL,
                        source TEXT NOT NULL,
                        content_hash TEXT NOT NULL UNIQUE,
                        message_id TEXT,
                        sender TEXT,
                        outcome TEXT NOT NULL,
                        ticket_id INTEGER,
                        quarantine_id INTEGER
                    );
                    CREATE INDEX mail_intake_message ON mail_intake(message_id, sender);
                    CREATE INDEX mail_intake_sender ON mail_intake(sender);
                    CREATE INDEX mail_intake_received ON mail_intake(received_at);
                    CREATE TABLE quarantine (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        received_at TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        sender TEXT,
                        subject TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        raw BLOB NOT NULL,
                        decided_at TEXT,
                        decided_by TEXT,
                        decision TEXT,
                        ticket_id INTEGER
                    );
                    CREATE INDEX quarantine_received ON quarantine(received_at);
                    CREATE INDEX quarantine_sender ON quarantine(sender);
                    CREATE TABLE attachment_blobs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        sha256 TEXT NOT NULL UNIQUE,
                        type TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        bytes BLOB NOT NULL
                    );
                    CREATE TABLE attachments (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                        blob_id INTEGER NOT NULL REFERENCES attachment_blobs(id),
                        name TEXT NOT NULL,
                        added_by TEXT NOT NULL,
                        added_at TEXT NOT NULL
                    );
                    CREATE INDEX attachments_ticket ON attachments(ticket_id);
                    CREATE INDEX attachments_blob ON attachments(blob_id);
                    CREATE INDEX attachments_added_by ON attachments(added_by);
                    """)
        }
        m.registerMigration("supportdesk 11: schools' official address") { db in
            try Directory.addSchoolEmail(db)
        }
        m.registerMigration("supportdesk 12: files staged from the portal") { db in
            try db.execute(
                sql: """
                    CREATE TABLE staged_uploads (
                        upload_id TEXT NOT NULL, email TEXT NOT NULL, idx INTEGER NOT NULL, count INTEGER NOT NULL,
                        data BLOB NOT NULL, staged_at TEXT NOT NULL, PRIMARY KEY (upload_id, idx)
                    );
                    CREATE INDEX staged_uploads_email ON staged_uploads(email);
                    CREATE INDEX staged_uploads_at ON staged_uploads(staged_at);
                    """)
        }
        m.registerMigration("supportdesk 13: public articles") { db in
            try db.execute(sql: "ALTER TABLE articles ADD COLUMN public INTEGER NOT NULL DEFAULT 0")
        }
        m.registerMigration("supportdesk 14: tags, the requester's answer, phone entries, macros") { db in
            try db.execute(
                sql: """
                    ALTER TABLE tickets ADD COLUMN tags TEXT;
                    ALTER TABLE tickets ADD COLUMN satisfied INTEGER;
                    ALTER TABLE tickets ADD COLUMN rated_at TEXT;
                    ALTER TABLE history ADD COLUMN recorded_by TEXT;
                    CREATE TABLE macros (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        network_id TEXT,
                        title TEXT NOT NULL,
                        body TEXT NOT NULL,
                        updated_by TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE INDEX macros_network ON macros(network_id, title);
                    CREATE INDEX tickets_rated ON tickets(network_id, level) WHERE satisfied IS NOT NULL;
                    """)
        }
        m.registerMigration("supportdesk 15: needs surveys per school year") { db in
            // Answers belong to a network's survey of a school year; those given before are the
            // school year's they were given in, under a survey of all areas.
            let yearOf = """
                CASE WHEN CAST(substr(recorded_at, 6, 2) AS INTEGER) >= 8
                    THEN substr(recorded_at, 1, 4) || '/' || printf('%02d', (CAST(substr(recorded_at, 1, 4) AS INTEGER) + 1) % 100)
                    ELSE printf('%04d', CAST(substr(recorded_at, 1, 4) AS INTEGER) - 1) || '/' || substr(recorded_at, 3, 2)
                END
                """
            let all = String(
                decoding: try JSONEncoder().encode(SupportDesk.NeedArea.allCases.map(\.rawValue)), as: UTF8.self)
            try db.execute(
                sql: """
                    CREATE TABLE needs_campaigns (
                        network_id TEXT NOT NULL,
                        school_year TEXT NOT NULL,
                        areas TEXT NOT NULL,
                        opened_at TEXT NOT NULL,
                        opened_by TEXT NOT NULL,
                        closed_at TEXT,
                        PRIMARY KEY (network_id, school_year)
                    ) WITHOUT ROWID;
                    CREATE TABLE needs_by_year (
                        schulnummer TEXT NOT NULL,
                        school_year TEXT NOT NULL,
                        area TEXT NOT NULL,
                        urgency TEXT NOT NULL,
                        note TEXT,
                        recorded_at TEXT NOT NULL,
                        recorded_by TEXT NOT NULL,
                        PRIMARY KEY (schulnummer, school_year, area)
                    ) WITHOUT ROWID;
                    INSERT INTO needs_by_year
                        SELECT schulnummer, \(yearOf), area, urgency, note, recorded_at, recorded_by FROM needs;
                    INSERT OR IGNORE INTO needs_campaigns (network_id, school_year, areas, opened_at, opened_by)
                        SELECT DISTINCT s.network_id, n.school_year, ?, MIN(n.recorded_at), 'migration'
                        FROM needs_by_year n JOIN schools s ON s.schulnummer = n.schulnummer
                        GROUP BY s.network_id, n.school_year;
                    DROP TABLE needs;
                    ALTER TABLE needs_by_year RENAME TO needs;
                    CREATE INDEX needs_year ON needs(school_year, area);
                    """, arguments: [all])
        }
    }
}
