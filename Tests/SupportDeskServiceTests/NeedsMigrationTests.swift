import Contracts
import Foundation
import GRDB
import Testing

@testable import SupportDeskService

/// Issue 21: answers given before the surveys were yearly belong to the school year they were given
/// in, under a survey of all areas, so the first yearly report has its year before.
@Suite("Needs survey migration")
struct NeedsMigrationTests {
    @Test func earlierAnswersGoToTheirSchoolYear() throws {
        let db = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        SupportDeskMigrations.register(&migrator)
        try migrator.migrate(db, upTo: "supportdesk 14: tags, the requester's answer, phone entries, macros")
        try db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO schools (schulnummer, name, network_id, active) VALUES ('193001', 'GS', 'kreis-lippe', 1);
                    INSERT INTO needs (schulnummer, area, urgency, note, recorded_at, recorded_by) VALUES
                        ('193001', 'network', 'high', NULL, '2026-03-10T09:00:00Z', 'a@b.example'),
                        ('193001', 'devices', 'low', NULL, '2026-09-01T09:00:00Z', 'a@b.example');
                    """)
        }
        try migrator.migrate(db)
        let rows = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT area, school_year FROM needs ORDER BY area").map {
                "\($0["area"] as String):\($0["school_year"] as String)"
            }
        }
        #expect(rows == ["devices:2026/27", "network:2025/26"])
        let campaigns = try db.read { db in
            try String.fetchAll(db, sql: "SELECT school_year FROM needs_campaigns ORDER BY school_year")
        }
        #expect(campaigns == ["2025/26", "2026/27"])
        #expect(SchoolYear.of(CivilDay(2026, 7, 31)) == "2025/26" && SchoolYear.of(CivilDay(2026, 8, 1)) == "2026/27")
        #expect(SchoolYear.previous("2000/01") == "1999/00" && !SchoolYear.isValid("2026/28"))
    }
}
