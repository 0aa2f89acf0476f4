import Contracts
import Foundation
import GRDB

/// Reading and writing networks, measures and agreements.
enum NetworkRows {
    static func find(_ id: String, _ db: Database) throws -> Registry.Network? {
        try Row.fetchOne(db, sql: "SELECT * FROM networks WHERE id = ?", arguments: [id]).map(network)
    }

    static func all(_ db: Database) throws -> [Registry.Network] {
        try Row.fetchAll(db, sql: "SELECT * FROM networks ORDER BY name").map(network)
    }

    static func insert(_ n: Registry.Network, at time: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO networks (id, name, region, region_kind, contract, bodies, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                n.id, n.name, n.region, n.regionKind.rawValue, try json(n.contract), try json(n.bodies), time,
            ])
    }

    static func update(_ n: Registry.Network, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE networks SET name = ?, region = ?, region_kind = ?, contract = ?, bodies = ? WHERE id = ?",
            arguments: [n.name, n.region, n.regionKind.rawValue, try json(n.contract), try json(n.bodies), n.id])
    }

    private static func json<T: Encodable>(_ value: T?) throws -> String? {
        try value.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
    }

    private static func decoded<T: Decodable>(_ text: String?, as _: T.Type) -> T? {
        text.flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }

    private static func network(_ row: Row) -> Registry.Network {
        Registry.Network(
            id: row["id"], name: row["name"], region: row["region"],
            regionKind: Registry.RegionKind(rawValue: row["region_kind"]) ?? .kreis,
            contract: decoded(row["contract"], as: Registry.Contract.self),
            bodies: decoded(row["bodies"], as: [Registry.Body].self))
    }

    // MARK: Measures

    /// All seven measures of a network, with their status where one was set.
    static func measures(_ networkID: String, _ db: Database) throws -> [Registry.Measure] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM measures WHERE network_id = ?", arguments: [networkID])
        var byNumber: [Int: Row] = [:]
        for r in rows { byNumber[r["number"]] = r }
        return MeasureCatalogue.numbers.map { n in
            let title = MeasureCatalogue.titles[n] ?? "Maßnahme \(n)"
            guard let r = byNumber[n] else { return Registry.Measure(number: n, title: title) }
            return measure(r, title: title)
        }
    }

    static func measureHistory(_ networkID: String, _ number: Int, _ db: Database) throws -> [Registry.Measure] {
        let title = MeasureCatalogue.titles[number] ?? "Maßnahme \(number)"
        return try Row.fetchAll(
            db, sql: "SELECT * FROM measure_history WHERE network_id = ? AND number = ? ORDER BY seq DESC",
            arguments: [networkID, number]
        ).map { measure($0, title: title) }
    }

    private static func measure(_ r: Row, title: String) -> Registry.Measure {
        Registry.Measure(
            number: r["number"], title: title, status: Registry.MeasureStatus(rawValue: r["status"]),
            owner: r["owner"], note: r["note"], changedAt: r["changed_at"])
    }

    static func saveMeasure(_ networkID: String, _ m: Registry.Measure, messageID: String, _ db: Database) throws {
        let args: StatementArguments = [networkID, m.number, m.status?.rawValue, m.owner, m.note, m.changedAt]
        try db.execute(
            sql: """
                INSERT INTO measures (network_id, number, status, owner, note, changed_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (network_id, number) DO UPDATE SET
                    status = excluded.status, owner = excluded.owner, note = excluded.note,
                    changed_at = excluded.changed_at
                """, arguments: args)
        try db.execute(
            sql: """
                INSERT INTO measure_history (network_id, number, status, owner, note, changed_at, message_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: args + [messageID])
    }

    // MARK: Agreements

    /// The latest version of each of a network's documents, with who endorsed it.
    static func latestAgreements(_ networkID: String, _ db: Database) throws -> [Registry.AgreementVersion] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM agreement_versions a WHERE network_id = ? AND version = (
                    SELECT MAX(version) FROM agreement_versions b
                    WHERE b.network_id = a.network_id AND b.document_id = a.document_id)
                ORDER BY document_id
                """, arguments: [networkID])
        return try rows.map { try agreement($0, db) }
    }

    static func agreement(
        _ networkID: String, _ documentID: String, version: Int?, _ db: Database
    ) throws -> Registry.AgreementVersion? {
        let row =
            if let version {
                try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM agreement_versions WHERE network_id = ? AND document_id = ? AND version = ?",
                    arguments: [networkID, documentID, version])
            } else {
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT * FROM agreement_versions WHERE network_id = ? AND document_id = ?
                        ORDER BY version DESC LIMIT 1
                        """, arguments: [networkID, documentID])
            }
        return try row.map { try agreement($0, db) }
    }

    private static func agreement(_ r: Row, _ db: Database) throws -> Registry.AgreementVersion {
        let endorsed = try String.fetchAll(
            db,
            sql: """
                SELECT institution_id FROM endorsements WHERE network_id = ? AND document_id = ? AND version = ?
                ORDER BY institution_id
                """, arguments: [r["network_id"], r["document_id"], r["version"]])
        return Registry.AgreementVersion(
            networkID: r["network_id"], documentID: r["document_id"],
            kind: Registry.AgreementKind(rawValue: r["kind"]) ?? .standard, title: r["title"], version: r["version"],
            text: r["text"], link: r["link"], publishedOn: r["published_on"], endorsedBy: endorsed)
    }

    static func insertAgreement(_ a: Registry.AgreementVersion, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO agreement_versions
                    (network_id, document_id, version, kind, title, text, link, published_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                a.networkID, a.documentID, a.version, a.kind.rawValue, a.title, a.text, a.link, a.publishedOn,
            ])
    }
}
