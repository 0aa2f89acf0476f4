import Contracts
import Foundation
import GRDB
import ServiceKit

/// Ticket figures within the asking agent's scope, computed by the store: counts are grouped in
/// SQL and stopped SLA clocks are judged there too; only clocks still running (the open tickets,
/// a small share of a store) are read into the service to be judged against the calendar.
extension TicketHandlers {
    func registerReports(_ h: inout HandlerRegistry) {
        h.query(SupportDesk.TicketReport.self) { q, ctx in try report(q.data, ctx) }
    }

    func report(_ q: SupportDesk.TicketReport, _ ctx: MessageContext) throws -> SupportDesk.TicketFigures {
        let agent = try agents.sender(ctx)
        // The same scope and period filters as a list, without paging.
        let filter = SupportDesk.ListTickets(
            networkID: q.networkID, openedFrom: q.openedFrom, openedUntil: q.openedUntil)
        let (from, w) = try TicketSearch.source(filter, agent: agent)
        let counts = try Row.fetchAll(
            ctx.db,
            sql: """
                SELECT t.network_id, t.schultraeger_id, t.category, t.status, COUNT(*) AS n FROM \(from) \(w.sql)
                GROUP BY t.network_id, t.schultraeger_id, t.category, t.status
                """, arguments: w.arguments
        ).map {
            SupportDesk.TicketFigures.Count(
                networkID: $0[0], schultraegerID: $0[1], category: SupportDesk.Category(rawValue: $0[2]) ?? .other,
                status: SupportDesk.Status(rawValue: $0[3]) ?? .open, tickets: $0["n"])
        }
        return SupportDesk.TicketFigures(
            counts: counts.sorted {
                ($0.networkID, $0.schultraegerID ?? "", $0.category.rawValue, $0.status.rawValue)
                    < ($1.networkID, $1.schultraegerID ?? "", $1.category.rawValue, $1.status.rawValue)
            },
            firstResponse: try compliance("first_response", from: from, w, now: ctx.now, ctx.db),
            resolution: try compliance("resolution", from: from, w, now: ctx.now, ctx.db),
            satisfaction: try satisfaction(from: from, w, ctx.db))
    }

    /// The requesters' answers to "Wurde Ihr Problem gelöst?" by network and the ticket's level.
    private func satisfaction(
        from: String, _ w: SQLConditions, _ db: Database
    ) throws -> [SupportDesk.TicketFigures.Satisfaction] {
        var rated = w
        rated.add("t.satisfied IS NOT NULL")
        return try Row.fetchAll(
            db,
            sql: """
                SELECT t.network_id, t.level, SUM(t.satisfied = 1) AS yes, SUM(t.satisfied = 0) AS no
                FROM \(from) \(rated.sql) GROUP BY t.network_id, t.level ORDER BY t.network_id, t.level
                """, arguments: rated.arguments
        ).map { .init(networkID: $0[0], level: $0[1], yes: $0["yes"], no: $0["no"]) }
    }

    /// How one kind of clock (a column holding ``SLAClock`` JSON) fared over the selected tickets.
    private func compliance(
        _ column: String, from: String, _ w: SQLConditions, now: Date, _ db: Database
    ) throws -> SupportDesk.TicketFigures.Compliance {
        let stopped = "json_extract(t.\(column), '$.stoppedAt') IS NOT NULL"
        let used = "json_extract(t.\(column), '$.used')"
        let target = "json_extract(t.\(column), '$.target')"
        var finished = w
        finished.add(stopped)
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(*), COALESCE(SUM(\(used) <= \(target)), 0) FROM \(from) \(finished.sql)
                """, arguments: finished.arguments)
        let (count, met): (Int, Int) = (row?[0] ?? 0, row?[1] ?? 0)
        // The median of the stopped clocks' durations: the middle one, or the mean of the middle two.
        var median: Int?
        if count > 0 {
            let middle = try Int.fetchAll(
                db, sql: "SELECT \(used) AS u FROM \(from) \(finished.sql) ORDER BY u LIMIT ? OFFSET ?",
                arguments: finished.arguments + [count % 2 == 1 ? 1 : 2, (count - 1) / 2])
            median = middle.isEmpty ? nil : middle.reduce(0, +) / middle.count
        }
        var running = w
        running.add("json_extract(t.\(column), '$.stoppedAt') IS NULL")
        let clocks = try Row.fetchAll(
            db, sql: "SELECT t.\(column) AS clock, t.level FROM \(from) \(running.sql)", arguments: running.arguments)
        let decoder = JSONDecoder()
        var (late, open) = (0, 0)
        for row in clocks {
            let clock = try decoder.decode(SLAClock.self, from: Data((row["clock"] as String).utf8))
            if clock.state(at: now, calendars[row["level"] as Int]) == .breached { late += 1 } else { open += 1 }
        }
        return .init(met: met, breached: count - met + late, running: open, median: median)
    }
}
