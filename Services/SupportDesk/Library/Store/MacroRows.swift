import Contracts
import Foundation
import GRDB
import ServiceKit

/// Canned replies, per network or (network NULL) for all.
enum MacroRows {
    static func find(_ id: Int64, _ db: Database) throws -> SupportDesk.Macro? {
        try Row.fetchOne(db, sql: "SELECT * FROM macros WHERE id = ?", arguments: [id]).map(macro)
    }

    /// Those of the networks (nil: every network's) and those for all, by title.
    static func list(networks: Set<String>?, only: String?, _ db: Database) throws -> [SupportDesk.Macro] {
        var w = SQLConditions()
        if let networks {
            w.add(
                "(network_id IS NULL OR network_id IN (\(SQLConditions.marks(networks.count))))",
                values: Array(networks))
        }
        if let only { w.add("(network_id IS NULL OR network_id = ?)", only) }
        return try Row.fetchAll(
            db.makeStatement(sql: "SELECT * FROM macros \(w.sql) ORDER BY title, id LIMIT 500"),
            arguments: w.arguments
        ).map(macro)
    }

    static func save(_ m: SupportDesk.Macro, _ db: Database) throws -> Int64 {
        if m.id == 0 {
            try db.execute(
                sql: "INSERT INTO macros (network_id, title, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [m.networkID, m.title, m.text, m.updatedBy, m.updatedAt])
            return db.lastInsertedRowID
        }
        try db.execute(
            sql: "UPDATE macros SET network_id = ?, title = ?, body = ?, updated_by = ?, updated_at = ? WHERE id = ?",
            arguments: [m.networkID, m.title, m.text, m.updatedBy, m.updatedAt, m.id])
        return Int64(m.id)
    }

    private static func macro(_ r: Row) -> SupportDesk.Macro {
        SupportDesk.Macro(
            id: r["id"], networkID: r["network_id"], title: r["title"], text: r["body"], updatedBy: r["updated_by"],
            updatedAt: r["updated_at"])
    }
}
