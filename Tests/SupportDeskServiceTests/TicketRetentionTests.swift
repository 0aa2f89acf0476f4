import Contracts
import Foundation
import GRDB
import ServiceKit
import Testing

@testable import SupportDeskService

/// Issue 21: closed tickets are kept five years (a setting), to the end of the calendar year they
/// were closed in, then go with everything that is theirs; open tickets stay whatever their age.
@Suite("Ticket retention")
struct TicketRetentionTests {
    static func ticket(status: TicketStatus, since: String) -> TicketRecord {
        let at = RFC3339.date(from: since)!
        return TicketRecord(
            title: "Beamer", description: "Frau Krüger: der Beamer bleibt schwarz.", status: status, statusSince: at,
            priority: .normal, category: .hardware, level: 1, schulnummer: "193001", networkID: "kreis-lippe",
            schultraegerID: "stadt-detmold", requester: .init(name: "Jana Krüger", email: "j.krueger@schule.example"),
            assignee: nil, openedAt: at, mergedInto: nil, firstResponse: SLAClock(target: 3600, startedAt: at),
            resolution: SLAClock(target: 7200, startedAt: at))
    }

    @Test func closedTicketsGoAtTheEndOfTheirFifthYearWithTheirHistoryAndFiles() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-retention-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(directory: dir.path, name: "desk", migrations: SupportDeskMigrations.register)
        let calendars = DeskCalendars(BusinessCalendar())
        let ids = try await store.write { db -> [Int64] in
            // Closed on New Year's Eve 2026 (Berlin: 23:30 UTC is already 2027): in 2027.
            let cases = [
                Self.ticket(status: .closed, since: "2026-12-31T10:00:00Z"),  // closed in 2026
                Self.ticket(status: .closed, since: "2026-12-31T23:30:00Z"),  // 2027-01-01 in Berlin
                Self.ticket(status: .merged, since: "2025-06-01T10:00:00Z"),
                Self.ticket(status: .open, since: "2019-03-01T10:00:00Z"),  // open: stays
            ]
            var ids: [Int64] = []
            for t in cases {
                let id = try TicketRows.save(t, calendars, db)
                try TicketRows.index(id, title: t.title, text: t.description, db)
                try TicketRows.addHistory(
                    id, at: t.openedAt, by: t.requester.email, action: "opened", text: t.description, isPublic: true,
                    messageID: "m-\(id)", db)
                ids.append(id)
            }
            try db.execute(
                sql: """
                    INSERT INTO attachment_blobs (sha256, type, size, bytes) VALUES ('abc', 'image/png', 3, x'010203');
                    INSERT INTO attachments (ticket_id, blob_id, name, added_by, added_at)
                        VALUES (?, last_insert_rowid(), 'foto.png', 'j.krueger@schule.example', '2026-12-01T10:00:00Z');
                    INSERT INTO links (a, b) VALUES (?, ?);
                    """, arguments: [ids[0], ids[0], ids[3]])
            return ids
        }
        let period = RetentionPeriod(years: 5)
        // On 2031-12-31 everything is still within its period.
        let early = try await store.write { db in
            try TicketRetention.expire(period, now: RFC3339.date(from: "2031-12-31T12:00:00Z")!, db)
        }
        #expect(early == 1, "only the ticket merged in 2025 is past (2025 + 5 = 2030)")
        let later = try await store.write { db in
            try TicketRetention.expire(period, now: RFC3339.date(from: "2032-01-01T12:00:00Z")!, db)
        }
        #expect(later == 1)
        let left = try await store.read { db in
            (
                try Int64.fetchAll(db, sql: "SELECT id FROM tickets ORDER BY id"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM history WHERE ticket_id = ?", arguments: [ids[0]])
                    ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attachment_blobs") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM links") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_search WHERE ticket_search MATCH 'beamer'") ?? -1
            )
        }
        #expect(left.0 == [ids[1], ids[3]])
        #expect(left.1 == 0 && left.2 == 0 && left.3 == 0, "history, the file's bytes and the link went along")
        #expect(left.4 == 2, "the search finds the two tickets left")
    }
}
