import Contracts
import Foundation
import GRDB

/// A ticket as the store holds it.
struct TicketRecord {
    var id: Int64 = 0
    var title: String
    var description: String
    var status: TicketStatus
    var statusSince: Date
    var priority: TicketPriority
    var category: TicketCategory
    var level: Int
    var schulnummer: String
    var networkID: String
    var schultraegerID: String?
    var requester: SupportDesk.Requester
    var assignee: String?
    var openedAt: Date
    var mergedInto: Int64?
    var firstResponse: SLAClock
    var resolution: SLAClock
}

/// Reading and writing tickets and their history.
enum TicketRows {
    static func find(_ id: Int64, _ db: Database) throws -> TicketRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM tickets WHERE id = ?", arguments: [id]).map(record)
    }

    private static func record(_ r: Row) throws -> TicketRecord {
        let decoder = JSONDecoder()
        return TicketRecord(
            id: r["id"], title: r["title"], description: r["description"],
            status: TicketStatus(rawValue: r["status"]) ?? .open, statusSince: date(r["status_since"]),
            priority: TicketPriority(rawValue: r["priority"]) ?? .normal,
            category: TicketCategory(rawValue: r["category"]) ?? .other, level: r["level"],
            schulnummer: r["schulnummer"], networkID: r["network_id"], schultraegerID: r["schultraeger_id"],
            requester: .init(name: r["requester_name"], email: r["requester_email"]), assignee: r["assignee"],
            openedAt: date(r["opened_at"]), mergedInto: r["merged_into"],
            firstResponse: try decoder.decode(SLAClock.self, from: Data((r["first_response"] as String).utf8)),
            resolution: try decoder.decode(SLAClock.self, from: Data((r["resolution"] as String).utf8)))
    }

    private static func date(_ text: String) -> Date { RFC3339.date(from: text) ?? Date(timeIntervalSince1970: 0) }

    /// Inserts (id 0) or updates the ticket; returns its id.
    @discardableResult
    static func save(_ t: TicketRecord, _ db: Database) throws -> Int64 {
        let encoder = JSONEncoder()
        let fr = String(decoding: try encoder.encode(t.firstResponse), as: UTF8.self)
        let res = String(decoding: try encoder.encode(t.resolution), as: UTF8.self)
        let args: [(any DatabaseValueConvertible)?] = [
            t.title, t.description, t.status.rawValue, RFC3339.string(from: t.statusSince), t.priority.rawValue,
            t.category.rawValue, t.level, t.schulnummer, t.networkID, t.schultraegerID, t.requester.name,
            t.requester.email, t.assignee, RFC3339.string(from: t.openedAt), t.mergedInto, fr, res,
        ]
        if t.id == 0 {
            try db.execute(
                sql: """
                    INSERT INTO tickets (title, description, status, status_since, priority, category, level,
                        schulnummer, network_id, schultraeger_id, requester_name, requester_email, assignee, opened_at,
                        merged_into, first_response, resolution)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: StatementArguments(args))
            return db.lastInsertedRowID
        }
        try db.execute(
            sql: """
                UPDATE tickets SET title = ?, description = ?, status = ?, status_since = ?, priority = ?, category = ?,
                    level = ?, schulnummer = ?, network_id = ?, schultraeger_id = ?, requester_name = ?,
                    requester_email = ?, assignee = ?, opened_at = ?, merged_into = ?, first_response = ?,
                    resolution = ?
                WHERE id = ?
                """, arguments: StatementArguments(args + [t.id]))
        return t.id
    }

    static func addHistory(
        _ ticketID: Int64, at: Date, by: String, action: String, text: String?, isPublic: Bool, messageID: String,
        _ db: Database
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO history (ticket_id, at, by, action, text, is_public, message_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [ticketID, RFC3339.string(from: at), by, action, text, isPublic, messageID])
    }

    static func history(_ ticketID: Int64, _ db: Database) throws -> [SupportDesk.HistoryEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM history WHERE ticket_id = ? ORDER BY seq", arguments: [ticketID]).map {
            SupportDesk.HistoryEntry(
                at: $0["at"], by: $0["by"], action: $0["action"], text: $0["text"], isPublic: $0["is_public"],
                messageID: $0["message_id"])
        }
    }
}
