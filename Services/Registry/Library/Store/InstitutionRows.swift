import Contracts
import GRDB
import ServiceKit

/// Reading and writing institutions and rollouts. A school is read with its Schulträger's name and
/// IT group, which its events carry.
enum InstitutionRows {
    private static let select = """
        SELECT i.*, t.name AS t_name, t.it_group_name AS t_it_name, t.it_group_email AS t_it_email
        FROM institutions i LEFT JOIN institutions t ON t.id = i.schultraeger_id
        """

    static func find(_ id: String, _ db: Database) throws -> Registry.Institution? {
        try Row.fetchOne(db, sql: "\(select) WHERE i.id = ?", arguments: [id]).map(institution)
    }

    struct Filter {
        var networkID: String?
        var kind: Registry.InstitutionKind?
        var schulform: String?
        var schultraegerID: String?
        var text: String?
        var includeRetired = false
    }

    static func list(_ f: Filter, _ db: Database) throws -> [Registry.Institution] {
        var w = SQLConditions()
        w.add("i.network_id = ?", f.networkID)
        w.add("i.kind = ?", f.kind?.rawValue)
        w.add("i.schulform = ?", f.schulform)
        w.add("i.schultraeger_id = ?", f.schultraegerID)
        w.add("i.name LIKE ? ESCAPE '\\'", f.text.map(SQLConditions.containing))
        if !f.includeRetired { w.add("i.active = 1") }
        return try Row.fetchAll(db, sql: "\(select) \(w.sql) ORDER BY i.name, i.id", arguments: w.arguments)
            .map(institution)
    }

    /// The institution that carries this Trägernummer, if any.
    static func withTraegernummer(_ number: String, _ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT id FROM institutions WHERE traegernummer = ?", arguments: [number])
    }

    /// Schools whose Schulträger is `id`.
    static func schools(of schultraegerID: String, _ db: Database) throws -> [Registry.Institution] {
        try Row.fetchAll(
            db, sql: "\(select) WHERE i.schultraeger_id = ? AND i.kind = 'school' ORDER BY i.id",
            arguments: [schultraegerID]
        ).map(institution)
    }

    static func memberCounts(_ networkID: String, _ db: Database) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT kind, COUNT(*) AS n FROM institutions WHERE network_id = ? AND active = 1 GROUP BY kind",
            arguments: [networkID])
        {
            counts[row["kind"]] = row["n"]
        }
        return counts
    }

    private static func institution(_ r: Row) -> Registry.Institution {
        let kind = Registry.InstitutionKind(rawValue: r["kind"]) ?? .other
        var address: Registry.Address?
        if let street: String = r["street"], let postcode: String = r["postcode"], let city: String = r["city"] {
            address = Registry.Address(street: street, postcode: postcode, city: city)
        }
        var school: Registry.SchoolFacts?
        if kind == .school, let form: String = r["schulform"], let t: String = r["schultraeger_id"] {
            school = Registry.SchoolFacts(schulform: form, schultraegerID: t, isPublic: r["is_public"] ?? true)
        }
        var group: Registry.ITGroup?
        if kind == .school {
            if let n: String = r["t_it_name"], let e: String = r["t_it_email"] { group = .init(name: n, email: e) }
        } else if let n: String = r["it_group_name"], let e: String = r["it_group_email"] {
            group = .init(name: n, email: e)
        }
        return Registry.Institution(
            id: r["id"], kind: kind, name: r["name"], networkID: r["network_id"], joinedOn: r["joined_on"],
            leftOn: r["left_on"], active: r["active"], address: address, school: school,
            schultraegerName: kind == .school ? r["t_name"] : nil, itGroup: group, email: r["email"],
            traegernummer: r["traegernummer"])
    }

    /// Inserts or replaces the institution's own columns (the Schulträger's name and IT group are
    /// read from its row, never stored on the school).
    static func save(_ i: Registry.Institution, retireReason: String? = nil, _ db: Database) throws {
        let ownGroup = i.kind == .school ? nil : i.itGroup
        try db.execute(
            sql: """
                INSERT INTO institutions (id, kind, name, network_id, joined_on, left_on, active, retire_reason,
                    street, postcode, city, schulform, schultraeger_id, is_public, it_group_name, it_group_email,
                    email, traegernummer)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    kind = excluded.kind, name = excluded.name, network_id = excluded.network_id,
                    joined_on = excluded.joined_on, left_on = excluded.left_on, active = excluded.active,
                    retire_reason = excluded.retire_reason, street = excluded.street,
                    postcode = excluded.postcode, city = excluded.city, schulform = excluded.schulform,
                    schultraeger_id = excluded.schultraeger_id, is_public = excluded.is_public,
                    it_group_name = excluded.it_group_name, it_group_email = excluded.it_group_email,
                    email = excluded.email, traegernummer = excluded.traegernummer
                """,
            arguments: [
                i.id, i.kind.rawValue, i.name, i.networkID, i.joinedOn, i.leftOn, i.active, retireReason,
                i.address?.street, i.address?.postcode, i.address?.city, i.school?.schulform,
                i.school?.schultraegerID, i.school?.isPublic, ownGroup?.name, ownGroup?.email, i.email,
                i.traegernummer,
            ])
    }

    // MARK: Rollout

    static func rollout(_ schulnummer: String, _ db: Database) throws -> Registry.Rollout? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT r.*, i.network_id FROM rollouts r JOIN institutions i ON i.id = r.schulnummer
                WHERE r.schulnummer = ?
                """, arguments: [schulnummer]
        ).map { r in
            Registry.Rollout(
                schulnummer: r["schulnummer"], networkID: r["network_id"],
                state: Registry.RolloutState(rawValue: r["state"]) ?? .notStarted, requestedOn: r["requested_on"],
                provisionedOn: r["provisioned_on"], inUseOn: r["in_use_on"])
        }
    }

    static func saveRollout(_ r: Registry.Rollout, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO rollouts (schulnummer, state, requested_on, provisioned_on, in_use_on)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (schulnummer) DO UPDATE SET state = excluded.state,
                    requested_on = excluded.requested_on, provisioned_on = excluded.provisioned_on,
                    in_use_on = excluded.in_use_on
                """, arguments: [r.schulnummer, r.state.rawValue, r.requestedOn, r.provisionedOn, r.inUseOn])
    }
}
