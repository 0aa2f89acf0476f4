import Contracts
import GRDB

/// The schools, networks and contacts the desk knows, kept from the registry's events; the desk
/// never asks the registry.
enum ReadModel {
    struct School {
        let schulnummer: String
        let name: String
        let networkID: String
        let schultraegerID: String?
        let itGroupEmail: String?
        let active: Bool
    }

    static func school(_ schulnummer: String, _ db: Database) throws -> School? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM schools WHERE schulnummer = ?"), arguments: [schulnummer]
        ).map {
            School(
                schulnummer: $0["schulnummer"], name: $0["name"], networkID: $0["network_id"],
                schultraegerID: $0["schultraeger_id"], itGroupEmail: $0["it_group_email"], active: $0["active"])
        }
    }

    static func save(_ i: Registry.Institution, _ db: Database) throws {
        guard i.kind == .school else { return }
        try db.execute(
            sql: """
                INSERT INTO schools (schulnummer, name, network_id, schulform, schultraeger_id, schultraeger_name,
                    it_group_name, it_group_email, active)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (schulnummer) DO UPDATE SET name = excluded.name, network_id = excluded.network_id,
                    schulform = excluded.schulform, schultraeger_id = excluded.schultraeger_id,
                    schultraeger_name = excluded.schultraeger_name, it_group_name = excluded.it_group_name,
                    it_group_email = excluded.it_group_email, active = excluded.active
                """,
            arguments: [
                i.id, i.name, i.networkID, i.school?.schulform, i.school?.schultraegerID, i.schultraegerName,
                i.itGroup?.name, i.itGroup?.email, i.active,
            ])
    }

    static func save(_ n: Registry.Network, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO networks (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
            arguments: [n.id, n.name])
    }

    static func assign(_ c: Registry.Contact, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO contacts (person_id, name, email, role, network_id, institution_id) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (person_id, role, network_id, institution_id) DO UPDATE SET
                    name = excluded.name, email = excluded.email
                """, arguments: [c.personID, c.name, c.email, c.role.rawValue, c.networkID, c.institutionID ?? ""])
    }

    static func remove(_ c: Registry.Contact, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM contacts WHERE person_id = ? AND role = ? AND network_id = ? AND institution_id = ?",
            arguments: [c.personID, c.role.rawValue, c.networkID, c.institutionID ?? ""])
    }

    /// Forgets a person: their roles go, and tickets they asked keep no name or address of theirs.
    static func erase(personID: String, email: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM contacts WHERE person_id = ?", arguments: [personID])
        try db.execute(
            sql:
                "UPDATE tickets SET requester_name = 'gelöschte Person', requester_email = ? WHERE requester_email = ?",
            arguments: ["erased-\(personID)@invalid", email])
    }
}
