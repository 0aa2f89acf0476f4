import Contracts
import GRDB
import ServiceKit

/// The registry's directory as another service keeps it: schools (with network, Schulform,
/// Schulträger and its IT group), networks and contacts, from the registry's events and their
/// `*.announced` snapshots. Services never ask the registry; they read their own copy.
///
/// A service creates the tables in one of its migrations (``createTables(_:)``) and registers the
/// handlers (``register(_:onPersonErased:)``).
public enum Directory {
    /// A school as the directory knows it.
    public struct School: Sendable, Equatable {
        public let schulnummer: String
        public let name: String
        public let networkID: String
        /// The official Schulform key, e.g. `20` (Gymnasium).
        public let schulform: String?
        public let schultraegerID: String?
        public let itGroupEmail: String?
        /// False once the school has left its network.
        public let active: Bool
        /// The school office's official address, from the school master data.
        public var email: String? = nil
    }

    /// A later migration of every service that keeps the directory: the schools' official address.
    public static func addSchoolEmail(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE schools ADD COLUMN email TEXT;
                CREATE INDEX schools_email ON schools(email) WHERE email IS NOT NULL;
                """)
    }

    /// The tables: `schools`, `networks`, `contacts`.
    public static func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE schools (
                    schulnummer TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    network_id TEXT NOT NULL,
                    schulform TEXT,
                    schultraeger_id TEXT,
                    schultraeger_name TEXT,
                    it_group_name TEXT,
                    it_group_email TEXT,
                    active INTEGER NOT NULL
                );
                CREATE TABLE networks (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL);
                CREATE TABLE contacts (
                    person_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    email TEXT NOT NULL,
                    role TEXT NOT NULL,
                    network_id TEXT NOT NULL,
                    institution_id TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (person_id, role, network_id, institution_id)
                );
                CREATE INDEX contacts_email ON contacts(email);
                """)
    }

    /// Keeps the tables from the registry's events. `onPersonErased` runs after the person's roles
    /// are gone, in the same transaction, for what the service itself holds of them.
    public static func register(
        _ h: inout HandlerRegistry,
        onPersonErased: @escaping @Sendable (_ personID: String, _ email: String, MessageContext) throws -> Void
    ) {
        h.event(Registry.InstitutionRegistered.self) { e, ctx in try save(e.data.institution, ctx.db) }
        h.event(Registry.InstitutionUpdated.self) { e, ctx in try save(e.data.institution, ctx.db) }
        h.event(Registry.InstitutionRetired.self) { e, ctx in try save(e.data.institution, ctx.db) }
        h.event(Registry.InstitutionAnnounced.self) { e, ctx in try save(e.data.institution, ctx.db) }
        h.event(Registry.NetworkCreated.self) { e, ctx in try save(e.data.network, ctx.db) }
        h.event(Registry.NetworkAnnounced.self) { e, ctx in try save(e.data.network, ctx.db) }
        h.event(Registry.NetworkUpdated.self) { e, ctx in try save(e.data.network, ctx.db) }
        h.event(Registry.ContactAssigned.self) { e, ctx in try assign(e.data.contact, ctx.db) }
        h.event(Registry.ContactAnnounced.self) { e, ctx in try assign(e.data.contact, ctx.db) }
        h.event(Registry.ContactRemoved.self) { e, ctx in try remove(e.data.contact, ctx.db) }
        h.event(Registry.PersonErased.self) { e, ctx in
            try ctx.db.execute(sql: "DELETE FROM contacts WHERE person_id = ?", arguments: [e.data.personID])
            try onPersonErased(e.data.personID, e.data.email, ctx)
        }
    }

    public static func school(_ schulnummer: String, _ db: Database) throws -> School? {
        // A cached statement: lists ask for many schools, and preparing costs more than running.
        try Row.first(db.cachedStatement(sql: "SELECT * FROM schools WHERE schulnummer = ?"), arguments: [schulnummer])
        {
            School(
                schulnummer: $0["schulnummer"], name: $0["name"], networkID: $0["network_id"],
                schulform: $0["schulform"],
                schultraegerID: $0["schultraeger_id"], itGroupEmail: $0["it_group_email"], active: $0["active"],
                email: $0["email"])
        }
    }

    /// The active schools an address speaks for: as the school's official address from the school
    /// master data, or as a registry contact held at the school. What the portal's proven address
    /// may act for.
    public static func schools(of address: String, _ db: Database) throws -> [School] {
        let ids = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT schulnummer FROM schools WHERE email = ?1 AND active = 1
                    UNION
                    SELECT s.schulnummer FROM contacts c JOIN schools s ON s.schulnummer = c.institution_id
                    WHERE lower(c.email) = ?1 AND s.active = 1
                    ORDER BY 1
                    """), arguments: [address.lowercased()])
        return try ids.compactMap { try school($0, db) }
    }

    /// The coordinators (Bildungsbüro) of a network: name and address of each.
    public static func coordinators(of networkID: String, _ db: Database) throws -> [(name: String, email: String)] {
        try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT DISTINCT name, email FROM contacts WHERE role = 'coordinator' AND network_id = ? ORDER BY email"
            ), arguments: [networkID]
        ).map { ($0["name"], $0["email"]) }
    }

    static func save(_ i: Registry.Institution, _ db: Database) throws {
        guard i.kind == .school else { return }
        try db.cachedStatement(
            sql: """
                INSERT INTO schools (schulnummer, name, network_id, schulform, schultraeger_id, schultraeger_name,
                    it_group_name, it_group_email, active, email)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (schulnummer) DO UPDATE SET name = excluded.name, network_id = excluded.network_id,
                    schulform = excluded.schulform, schultraeger_id = excluded.schultraeger_id,
                    schultraeger_name = excluded.schultraeger_name, it_group_name = excluded.it_group_name,
                    it_group_email = excluded.it_group_email, active = excluded.active, email = excluded.email
                """
        ).execute(arguments: [
            i.id, i.name, i.networkID, i.school?.schulform, i.school?.schultraegerID, i.schultraegerName,
            i.itGroup?.name, i.itGroup?.email, i.active, i.email?.lowercased(),
        ])
    }

    static func save(_ n: Registry.Network, _ db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO networks (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name"
        ).execute(arguments: [n.id, n.name])
    }

    static func assign(_ c: Registry.Contact, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO contacts (person_id, name, email, role, network_id, institution_id) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (person_id, role, network_id, institution_id) DO UPDATE SET
                    name = excluded.name, email = excluded.email
                """
        ).execute(arguments: [c.personID, c.name, c.email, c.role.rawValue, c.networkID, c.institutionID ?? ""])
    }

    static func remove(_ c: Registry.Contact, _ db: Database) throws {
        try db.cachedStatement(
            sql: "DELETE FROM contacts WHERE person_id = ? AND role = ? AND network_id = ? AND institution_id = ?"
        ).execute(arguments: [c.personID, c.role.rawValue, c.networkID, c.institutionID ?? ""])
    }
}
