import Contracts
import Foundation
import GRDB
import ServiceKit

/// The needs surveys (one per network and school year) and the schools' answers to them.
enum NeedsRows {
    /// A count's key: network, Schulträger ("" for none), area, urgency; sorted by them, the urgent first.
    struct Key: Hashable, Comparable {
        var network: String
        var schultraeger: String
        var area: String
        var urgency: String

        static func < (a: Key, b: Key) -> Bool {
            let rank = ["high": 0, "medium": 1, "low": 2]
            return (a.network, a.schultraeger, a.area, rank[a.urgency] ?? 3)
                < (b.network, b.schultraeger, b.area, rank[b.urgency] ?? 3)
        }
    }

    static func open(_ c: SupportDesk.NeedsCampaign, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO needs_campaigns (network_id, school_year, areas, opened_at, opened_by) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (network_id, school_year) DO UPDATE SET areas = excluded.areas, closed_at = NULL
                """,
            arguments: [c.networkID, c.schoolYear, try json(c.areas.map(\.rawValue)), c.openedAt, c.openedBy])
    }

    static func close(_ network: String, _ year: String, at: Date, _ db: Database) throws -> Bool {
        try db.execute(
            sql: """
                UPDATE needs_campaigns SET closed_at = coalesce(closed_at, ?) WHERE network_id = ? AND school_year = ?
                """, arguments: [RFC3339.string(from: at), network, year])
        return db.changesCount > 0
    }

    static func campaigns(_ w: SQLConditions, _ db: Database) throws -> [SupportDesk.NeedsCampaign] {
        try Row.fetchAll(
            db.makeStatement(sql: "SELECT * FROM needs_campaigns \(w.sql) ORDER BY school_year DESC, network_id"),
            arguments: w.arguments
        ).map(campaign)
    }

    static func campaign(_ network: String, _ year: String, _ db: Database) throws -> SupportDesk.NeedsCampaign? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM needs_campaigns WHERE network_id = ? AND school_year = ?",
            arguments: [network, year]
        ).map(campaign)
    }

    /// The network's open survey, the newest if several are open.
    static func open(network: String, _ db: Database) throws -> SupportDesk.NeedsCampaign? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT * FROM needs_campaigns WHERE network_id = ? AND closed_at IS NULL ORDER BY school_year DESC LIMIT 1
                """, arguments: [network]
        ).map(campaign)
    }

    /// A school's answer for an area and year; no urgency withdraws it.
    static func answer(
        _ schulnummer: String, _ year: String, _ area: SupportDesk.NeedArea, _ urgency: SupportDesk.Urgency?,
        note: String?, at: Date, by: String, _ db: Database
    ) throws {
        guard let urgency else {
            try db.execute(
                sql: "DELETE FROM needs WHERE schulnummer = ? AND school_year = ? AND area = ?",
                arguments: [schulnummer, year, area.rawValue])
            return
        }
        try db.execute(
            sql: """
                INSERT INTO needs (schulnummer, school_year, area, urgency, note, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (schulnummer, school_year, area) DO UPDATE SET urgency = excluded.urgency,
                    note = excluded.note, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by
                """,
            arguments: [schulnummer, year, area.rawValue, urgency.rawValue, note, RFC3339.string(from: at), by])
    }

    static func answers(_ schulnummer: String, _ year: String, _ db: Database) throws -> [SupportDesk.NeedAnswer] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT area, urgency, note, recorded_at FROM needs WHERE schulnummer = ? AND school_year = ? ORDER BY area
                """, arguments: [schulnummer, year]
        ).compactMap { r in
            guard let area = SupportDesk.NeedArea(rawValue: r["area"]),
                let urgency = SupportDesk.Urgency(rawValue: r["urgency"])
            else { return nil }
            return .init(area: area, urgency: urgency, note: r["note"], recordedAt: r["recorded_at"])
        }
    }

    /// Schools per network, Schulträger, area and urgency in a school year, within `w` (on `s`, the schools).
    static func counts(_ year: String, _ w: SQLConditions, _ db: Database) throws -> [Key: Int] {
        var w = w
        w.add("n.school_year = ?", year)
        var out: [Key: Int] = [:]
        for r in try Row.fetchAll(
            db.makeStatement(
                sql: """
                    SELECT s.network_id, coalesce(s.schultraeger_id, '') AS t, n.area, n.urgency, COUNT(*) AS schools
                    FROM needs n JOIN schools s ON s.schulnummer = n.schulnummer \(w.sql)
                    GROUP BY s.network_id, t, n.area, n.urgency
                    """), arguments: w.arguments)
        {
            out[Key(network: r[0], schultraeger: r["t"], area: r["area"], urgency: r["urgency"])] = r["schools"]
        }
        return out
    }

    private static func campaign(_ r: Row) -> SupportDesk.NeedsCampaign {
        let areas = ((try? JSONDecoder().decode([String].self, from: Data((r["areas"] as String).utf8))) ?? [])
            .compactMap(SupportDesk.NeedArea.init(rawValue:))
        return .init(
            networkID: r["network_id"], schoolYear: r["school_year"], areas: areas, openedAt: r["opened_at"],
            openedBy: r["opened_by"], closedAt: r["closed_at"])
    }

    private static func json(_ values: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }
}
