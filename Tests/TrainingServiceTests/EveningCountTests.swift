import Foundation
import GRDB
import Testing

@testable import TrainingService

/// Issue 22: an evening's waiting list and its places taken are counted by triggers in the same
/// transaction as every change, so a registration costs the same with ten or ten thousand before
/// it; each count always equals what the rows say.
@Suite("Evening counts")
struct EveningCountTests {
    /// The waiting list through inserts, offers, cancellations and a return to the list.
    @Test func theCountFollowsEveryChangeAndStartsFromTheRows() throws {
        let db = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        TrainingMigrations.register(&migrator)
        try migrator.migrate(db, upTo: "training 6: teachers and students kept for periods of their own")
        func insert(_ db: Database, evening: Int, status: String) throws {
            try db.execute(
                sql: """
                    INSERT INTO registrations (evening_id, name, email, consent, status, registered_at)
                    VALUES (?, 'Eltern', ?, 1, ?, '2026-12-01T10:00:00Z')
                    """, arguments: [evening, "e\(UUID().uuidString.prefix(8))@schule.example", status])
        }
        try db.write { db in
            try db.execute(
                sql: "INSERT INTO evenings (id, network_id, status, body) VALUES (1, 'n', 'scheduled', '{}')")
            try db.execute(
                sql: "INSERT INTO evenings (id, network_id, status, body) VALUES (2, 'n', 'scheduled', '{}')")
            for status in ["confirmed", "waitlisted", "waitlisted"] { try insert(db, evening: 1, status: status) }
        }
        // Migrated: the count starts from the rows there are.
        try migrator.migrate(db)
        func counts() throws -> (kept: Int, rows: Int) {
            try db.read { db in
                (
                    try EveningRows.waiting(evening: 1, db),
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM registrations WHERE evening_id = 1 AND status = 'waitlisted'")
                        ?? -1
                )
            }
        }
        #expect(try counts() == (2, 2))
        try db.write { db in
            try insert(db, evening: 1, status: "waitlisted")
            try insert(db, evening: 2, status: "waitlisted")  // another evening's list
        }
        #expect(try counts() == (3, 3))
        try db.write { db in
            try db.execute(
                sql:
                    "UPDATE registrations SET status = 'offered' WHERE id = (SELECT min(id) FROM registrations WHERE status = 'waitlisted' AND evening_id = 1)"
            )
            try db.execute(
                sql: "UPDATE registrations SET status = 'cancelled' WHERE evening_id = 1 AND status = 'confirmed'")
            try db.execute(
                sql: "UPDATE registrations SET status = 'waitlisted' WHERE evening_id = 1 AND status = 'offered'")
        }
        #expect(try counts() == (3, 3))
        try db.write { db in
            try db.execute(
                sql: "UPDATE registrations SET status = 'expired' WHERE evening_id = 1 AND status = 'waitlisted'")
        }
        #expect(try counts() == (0, 0))
        #expect(try db.read { db in try EveningRows.waiting(evening: 2, db) } == 1)
    }

    /// The places taken (people of confirmed registrations and held offers) through random
    /// inserts, changes of status and of people, moves between evenings and deletions, against
    /// the sum over the rows after every step; and, migrated, from the rows there were.
    @Test func thePlacesTakenFollowEveryChangeAndStartFromTheRows() throws {
        let db = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        TrainingMigrations.register(&migrator)
        try migrator.migrate(db, upTo: "training 7: each evening's waiting list counted as it changes")
        let statuses = ["confirmed", "offered", "waitlisted", "cancelled", "expired"]
        var random = SystemRandomNumberGenerator()
        func insert(_ db: Database) throws {
            try db.execute(
                sql: """
                    INSERT INTO registrations (evening_id, name, email, consent, status, registered_at, people)
                    VALUES (?, 'Eltern', ?, 1, ?, '2026-12-01T10:00:00Z', ?)
                    """,
                arguments: [
                    Int.random(in: 1...3, using: &random), "e\(UUID().uuidString.prefix(8))@schule.example",
                    statuses.randomElement(using: &random)!, Int.random(in: 1...4, using: &random),
                ])
        }
        try db.write { db in
            for id in 1...3 {
                try db.execute(
                    sql: "INSERT INTO evenings (id, network_id, status, body) VALUES (?, 'n', 'scheduled', '{}')",
                    arguments: [id])
            }
            for _ in 0..<20 { try insert(db) }
        }
        try migrator.migrate(db)
        func mismatches() throws -> [String] {
            try db.read { db in
                try (1...3).compactMap { evening in
                    let kept = try EveningRows.taken(evening: evening, db)
                    let rows =
                        try Int.fetchOne(
                            db,
                            sql: """
                                SELECT coalesce(sum(people), 0) FROM registrations
                                WHERE evening_id = ? AND status IN ('confirmed', 'offered')
                                """, arguments: [evening]) ?? -1
                    return kept == rows ? nil : "evening \(evening): kept \(kept), rows \(rows)"
                }
            }
        }
        #expect(try mismatches() == [], "after the migration")
        let changes = [
            "UPDATE registrations SET status = ? WHERE id = ?", "UPDATE registrations SET people = ? WHERE id = ?",
            "UPDATE registrations SET evening_id = ? WHERE id = ?", "DELETE FROM registrations WHERE id = ?",
        ]
        for step in 0..<300 {
            try db.write { db in
                let id = try Int.fetchOne(db, sql: "SELECT id FROM registrations ORDER BY random() LIMIT 1") ?? 0
                switch Int.random(in: 0...4, using: &random) {
                case 0: try insert(db)
                case 1:
                    try db.execute(sql: changes[0], arguments: [statuses.randomElement(using: &random)!, id])
                case 2: try db.execute(sql: changes[1], arguments: [Int.random(in: 1...4, using: &random), id])
                case 3: try db.execute(sql: changes[2], arguments: [Int.random(in: 1...3, using: &random), id])
                default: try db.execute(sql: changes[3], arguments: [id])
                }
            }
            let wrong = try mismatches()
            #expect(wrong == [], "after step \(step)")
            if !wrong.isEmpty { break }
        }
    }
}
