import Contracts
import Directory
import Foundation
import GRDB
import ServiceKit

/// The needs survey: agents record a school's needs per area; reports count schools per network,
/// Schulträger, area and urgency.
extension TicketHandlers {
    func registerNeedsSurvey(_ h: inout HandlerRegistry) {
        h.command(SupportDesk.RecordNeed.self) { c, ctx in try recordNeed(c.data, ctx) }
        h.query(SupportDesk.NeedsReport.self) { q, ctx in try needsReport(q.data, ctx) }
        h.command(SupportDesk.AnswerNeed.self) { c, ctx in
            let school = try contactsSchool(c.data.schulnummer, email: c.data.email, ctx)
            if let urgency = c.data.urgency {
                try ctx.db.execute(
                    sql: """
                        INSERT INTO needs (schulnummer, area, urgency, note, recorded_at, recorded_by)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (schulnummer, area) DO UPDATE SET urgency = excluded.urgency, note = excluded.note,
                            recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by
                        """,
                    arguments: [
                        school.schulnummer, c.data.area.rawValue, urgency.rawValue,
                        c.data.note?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty.map {
                            String($0.prefix(2000))
                        },
                        RFC3339.string(from: ctx.now), c.data.email.lowercased(),
                    ])
            } else {
                try ctx.db.execute(
                    sql: "DELETE FROM needs WHERE schulnummer = ? AND area = ?",
                    arguments: [school.schulnummer, c.data.area.rawValue])
            }
            return try schoolNeeds(school, ctx.db)
        }
        h.query(SupportDesk.GetSchoolNeeds.self) { q, ctx in
            try schoolNeeds(try contactsSchool(q.data.schulnummer, email: q.data.email, ctx), ctx.db)
        }
    }

    /// The school, when the address is one of its contacts (or its official address); from the portal
    /// nothing else, and no more than "not a contact" otherwise.
    private func contactsSchool(_ schulnummer: String, email: String, _ ctx: MessageContext) throws -> Directory.School
    {
        let address = (try? MailAddress.normalized(email)) ?? ""
        guard let school = try MailIntake.schools(of: address, ctx.db).first(where: { $0.schulnummer == schulnummer })
        else {
            throw DomainError(
                "not-a-contact", "this address is not a contact of school \(schulnummer) in the registry",
                field: "schulnummer")
        }
        return school
    }

    private func schoolNeeds(_ school: Directory.School, _ db: Database) throws -> SupportDesk.SchoolNeeds {
        let answers = try Row.fetchAll(
            db, sql: "SELECT area, urgency, note, recorded_at FROM needs WHERE schulnummer = ? ORDER BY area",
            arguments: [school.schulnummer]
        ).compactMap { r -> SupportDesk.NeedAnswer? in
            guard let area = SupportDesk.NeedArea(rawValue: r["area"]),
                let urgency = SupportDesk.Urgency(rawValue: r["urgency"])
            else { return nil }
            return .init(area: area, urgency: urgency, note: r["note"], recordedAt: r["recorded_at"])
        }
        return SupportDesk.SchoolNeeds(schulnummer: school.schulnummer, schoolName: school.name, answers: answers)
    }

    func recordNeed(_ r: SupportDesk.RecordNeed, _ ctx: MessageContext) throws -> SupportDesk.NeedsSummary {
        let agent = try agents.sender(ctx)
        guard let school = try Directory.school(r.schulnummer, ctx.db), school.active else {
            throw Refusal.unknownSchool(r.schulnummer, activeOnly: true)
        }
        guard agent.mayOpen(school: school.schulnummer, network: school.networkID, schultraeger: school.schultraegerID)
        else {
            throw DomainError.notPermitted("\(school.name) is outside the scope of \(agent.id)", field: "schulnummer")
        }
        try ctx.db.execute(
            sql: """
                INSERT INTO needs (schulnummer, area, urgency, note, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (schulnummer, area) DO UPDATE SET urgency = excluded.urgency, note = excluded.note,
                    recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by
                """,
            arguments: [
                school.schulnummer, r.area.rawValue, r.urgency.rawValue,
                r.note?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty, RFC3339.string(from: ctx.now),
                agent.id,
            ])
        return try needsReport(.init(networkID: school.networkID), ctx)
    }

    func needsReport(_ q: SupportDesk.NeedsReport, _ ctx: MessageContext) throws -> SupportDesk.NeedsSummary {
        let agent = try agents.sender(ctx)
        var w = SQLConditions()
        w.add("s.network_id = ?", q.networkID)
        w.add("s.schultraeger_id = ?", q.schultraegerID)
        if let mine = try networks(of: agent, ctx.db) { w.add(in: "s.network_id", Array(mine)) }
        let rows = try Row.fetchAll(
            ctx.db,
            sql: """
                SELECT s.network_id, s.schultraeger_id, n.area, n.urgency, COUNT(*) AS schools
                FROM needs n JOIN schools s ON s.schulnummer = n.schulnummer \(w.sql)
                GROUP BY s.network_id, s.schultraeger_id, n.area, n.urgency
                ORDER BY s.network_id, s.schultraeger_id, n.area,
                    CASE n.urgency WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END
                """, arguments: w.arguments)
        return SupportDesk.NeedsSummary(
            rows: rows.compactMap { r in
                guard let area = SupportDesk.NeedArea(rawValue: r["area"]),
                    let urgency = SupportDesk.Urgency(rawValue: r["urgency"])
                else { return nil }
                return .init(
                    networkID: r["network_id"], schultraegerID: r["schultraeger_id"], area: area, urgency: urgency,
                    schools: r["schools"])
            })
    }
}
