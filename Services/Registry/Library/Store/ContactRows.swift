import Contracts
import GRDB
import ServiceKit

/// Reading and writing persons and their roles.
enum ContactRows {
    struct Filter {
        var role: Registry.ContactRole?
        var networkID: String?
        var institutionID: String?
        var personID: String?
    }

    static func list(_ f: Filter, _ db: Database) throws -> [Registry.Contact] {
        var w = SQLConditions()
        w.add("r.role = ?", f.role?.rawValue)
        w.add("r.network_id = ?", f.networkID)
        w.add("r.institution_id = ?", f.institutionID)
        w.add("r.person_id = ?", f.personID)
        return try Row.fetchAll(
            db,
            sql: """
                SELECT p.id, p.name, p.email, p.phone, r.role, r.network_id, r.institution_id, r.body,
                    i.name AS i_name
                FROM roles r JOIN persons p ON p.id = r.person_id
                LEFT JOIN institutions i ON i.id = r.institution_id
                \(w.sql) ORDER BY r.network_id, r.role, p.name
                """, arguments: w.arguments
        ).map { r in
            let institution: String = r["institution_id"]
            return Registry.Contact(
                personID: r["id"], name: r["name"], email: r["email"], phone: r["phone"],
                role: Registry.ContactRole(rawValue: r["role"]) ?? .speaker, networkID: r["network_id"],
                institutionID: institution.isEmpty ? nil : institution, institutionName: r["i_name"],
                body: (r["body"] as String?).flatMap(Registry.BodyKind.init(rawValue:)))
        }
    }

    /// The active schools an address speaks for: as a contact held at the school, or as its
    /// official address.
    static func schools(of email: String, _ db: Database) throws -> [Registry.SchoolRef] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT i.id, i.name, i.network_id FROM institutions i
                WHERE i.kind = 'school' AND i.active = 1 AND (lower(i.email) = ?1 OR i.id IN (
                    SELECT r.institution_id FROM roles r JOIN persons p ON p.id = r.person_id WHERE lower(p.email) = ?1))
                ORDER BY i.name
                """, arguments: [email.lowercased()]
        ).map { Registry.SchoolRef(institutionID: $0["id"], name: $0["name"], networkID: $0["network_id"]) }
    }

    /// The person with this work e-mail: (id, name, phone).
    static func person(email: String, _ db: Database) throws -> (id: String, name: String, phone: String?)? {
        try Row.fetchOne(db, sql: "SELECT id, name, phone FROM persons WHERE email = ?", arguments: [email]).map {
            ($0["id"], $0["name"], $0["phone"])
        }
    }

    static func savePerson(id: String, _ p: Registry.Person, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO persons (id, name, email, phone) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone
                """, arguments: [id, p.name, p.email, p.phone])
    }

    /// Inserts the role, or sets the body it serves in; false when nothing changed.
    static func addRole(
        personID: String, _ role: Registry.ContactRole, networkID: String, institutionID: String?,
        body: Registry.BodyKind?, at time: String, _ db: Database
    ) throws -> Bool {
        try db.execute(
            sql: """
                INSERT INTO roles (person_id, role, network_id, institution_id, body, assigned_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (person_id, role, network_id, institution_id) DO UPDATE SET body = excluded.body
                WHERE body IS NOT excluded.body
                """, arguments: [personID, role.rawValue, networkID, institutionID ?? "", body?.rawValue, time])
        return db.changesCount > 0
    }

    static func removeRole(
        personID: String, _ role: Registry.ContactRole, networkID: String, institutionID: String?, _ db: Database
    ) throws -> Bool {
        try db.execute(
            sql: "DELETE FROM roles WHERE person_id = ? AND role = ? AND network_id = ? AND institution_id = ?",
            arguments: [personID, role.rawValue, networkID, institutionID ?? ""])
        return db.changesCount > 0
    }

    static func erase(personID: String, _ db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM roles WHERE person_id = ?", arguments: [personID])
        let roles = db.changesCount
        try db.execute(sql: "DELETE FROM persons WHERE id = ?", arguments: [personID])
        return roles
    }
}
