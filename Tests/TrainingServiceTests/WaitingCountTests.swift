import Foundation
import GRDB
import Testing

@testable import TrainingService

/// Issue 22: an evening's waiting list is counted by triggers in the same transaction as every
/// change, so a registration costs the same with ten or ten thousand waiting; the count always
/// equals a count of the rows, through inserts, offers, cancellations and a return to the list.
@Suite("Waiting list count")
struct WaitingCountTests {
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
}
