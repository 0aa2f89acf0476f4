import Contracts
import Directory
import GRDB
import ServiceKit

/// The needs survey: agents record a school's needs per area; reports count schools per network,
/// Schulträger, area and urgency.
extension TicketHandlers {
    func registerNeedsSurvey(_ h: inout HandlerRegistry) {
        h.command(SupportDesk.RecordNeed.self) { c, ctx in try recordNeed(c.data, ctx) }
        h.query(SupportDesk.NeedsReport.self) { q, ctx in try needsReport(q.data, ctx) }
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
