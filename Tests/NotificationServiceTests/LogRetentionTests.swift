import Contracts
import Foundation
import GRDB
import ServiceKit
import Testing

@testable import NotificationService

/// Issue 21: the log of sent and failed messages follows the support desk's rule: kept for its
/// period (five years), to the end of the calendar year it was written in; what still waits to go
/// out is never dropped.
@Suite("Notification log retention")
struct LogRetentionTests {
    @Test func sentAndFailedEntriesGoAfterTheirPeriodPendingOnesStay() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(directory: dir.path, name: "notification", migrations: NotificationMigrations.register)
        try await store.write { db in
            for (n, (status, created)) in [
                ("sent", "2026-03-10T09:00:00Z"), ("failed", "2026-12-31T22:59:00Z"), ("sent", "2027-01-02T09:00:00Z"),
                ("pending", "2020-01-01T09:00:00Z"),
            ].enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO deliveries (event_id, event_type, kind, recipient, channel, language, subject, body,
                            status, created_at)
                        VALUES (?, 'de.nrw.rbn.supportdesk.ticket.resolved.v1', 'ticket-resolved', ?, 'email', 'de',
                            'Gelöst', 'Hallo Frau Krüger', ?, ?)
                        """, arguments: ["e\(n)", "j.krueger@schule.example", status, created])
            }
        }
        let period = RetentionPeriod(years: 5)
        func count() async throws -> Int {
            try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deliveries") ?? -1 }
        }
        #expect(
            try await store.write { db in
                try DeliveryRows.expire(period, now: RFC3339.date(from: "2031-12-31T20:00:00Z")!, db)
            } == 0)
        #expect(try await count() == 4)
        // 2032 in Berlin: what was written in 2026 (Berlin time) goes; 2027 and the pending one stay.
        #expect(
            try await store.write { db in
                try DeliveryRows.expire(period, now: RFC3339.date(from: "2031-12-31T23:30:00Z")!, db)
            } == 2)
        let left = try await store.read { db in
            try String.fetchAll(db, sql: "SELECT event_id FROM deliveries ORDER BY id")
        }
        #expect(left == ["e2", "e3"])
    }
}
