import Contracts
import Foundation
import GRDB

/// Erasure requests and the services' confirmations.
enum ErasureRows {
    static func requested(_ id: String, addressHash: String, at now: Date, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO erasures (request_id, requested_at, address_hash) VALUES (?, ?, ?)",
            arguments: [id, RFC3339.string(from: now), addressHash])
    }

    /// Whether every erasing service has confirmed the request.
    static func isComplete(_ id: String, _ db: Database) throws -> Bool {
        let confirmed =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM erasure_confirmations WHERE request_id = ?", arguments: [id]) ?? 0
        return confirmed >= Registry.erasingServices.count
    }

    /// Records a service's confirmation of a request this registry made (others are not ours).
    static func confirmed(_ id: String, by service: String, entries: Int, at now: Date, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO erasure_confirmations (request_id, service, entries, confirmed_at)
                SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM erasures WHERE request_id = ?)
                ON CONFLICT (request_id, service) DO UPDATE SET entries = excluded.entries,
                    confirmed_at = excluded.confirmed_at
                """, arguments: [id, service, entries, RFC3339.string(from: now), id])
    }

    static func status(_ id: String, _ db: Database) throws -> Registry.ErasureStatus? {
        guard
            let requestedAt = try String.fetchOne(
                db, sql: "SELECT requested_at FROM erasures WHERE request_id = ?", arguments: [id])
        else { return nil }
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM erasure_confirmations WHERE request_id = ?", arguments: [id])
        var services = [Registry.ErasureConfirmation(service: Registry.service, confirmedAt: requestedAt)]
        for service in Registry.erasingServices {
            let row = rows.first { $0["service"] == service }
            services.append(.init(service: service, confirmedAt: row?["confirmed_at"], entries: row?["entries"]))
        }
        return Registry.ErasureStatus(requestID: id, requestedAt: requestedAt, services: services)
    }
}
