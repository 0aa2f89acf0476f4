import Contracts
import Foundation
import GRDB
import ServiceKit

/// The desk's agents.
enum AgentRows {
    /// The scope lists as decoded from their columns: every request looks up its agent.
    private static let lists = DecodedColumns<[String]>()

    static func find(_ id: String, _ db: Database) throws -> SupportDesk.Agent? {
        try Row.first(db.cachedStatement(sql: "SELECT * FROM agents WHERE id = ?"), arguments: [id]) { r in
            func list(_ column: String) -> [String] { (try? lists.value(r[column])) ?? [] }
            return SupportDesk.Agent(
                id: r["id"], name: r["name"], role: SupportDesk.Agent.Role(rawValue: r["role"]) ?? .firstLevel,
                schools: list("schools"), networks: list("networks"), schultraeger: list("schultraeger"),
                email: r["email"])
        }
    }

    static func all(_ db: Database) throws -> [SupportDesk.Agent] {
        try String.fetchAll(db, sql: "SELECT id FROM agents ORDER BY id").compactMap { try find($0, db) }
    }

    static func remove(_ id: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM agents WHERE id = ?", arguments: [id])
    }

    /// The coordinators among the agents whose networks include `networkID`, with an address.
    static func coordinators(of networkID: String, _ db: Database) throws -> [SupportDesk.Agent] {
        try String.fetchAll(
            db,
            sql: """
                SELECT id FROM agents WHERE role = 'coordinator' AND email IS NOT NULL
                    AND EXISTS (SELECT 1 FROM json_each(agents.networks) WHERE value = ?)
                """, arguments: [networkID]
        ).compactMap { try find($0, db) }
    }

    static func save(_ a: SupportDesk.Agent, _ db: Database) throws {
        func json(_ v: [String]) throws -> String { String(decoding: try JSONEncoder().encode(v), as: UTF8.self) }
        try db.execute(
            sql: """
                INSERT INTO agents (id, name, role, schools, networks, schultraeger, email) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, schools = excluded.schools,
                    networks = excluded.networks, schultraeger = excluded.schultraeger, email = excluded.email
                """,
            arguments: [
                a.id, a.name, a.role.rawValue, try json(a.schools), try json(a.networks), try json(a.schultraeger),
                a.email,
            ])
    }
}
