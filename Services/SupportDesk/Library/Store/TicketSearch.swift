import Contracts
import Foundation
import GRDB
import ServiceKit

/// Finds tickets: the agent's scope, every filter given, full-text search (FTS5), sort and page.
enum TicketSearch {
    /// - Parameter paged: false for every match (reports), true for one page of a list.
    static func find(
        _ q: SupportDesk.ListTickets, agent: SupportDesk.Agent, _ db: Database, paged: Bool = true
    ) throws -> (ids: [Int64], total: Int) {
        var w = SQLConditions()
        switch agent.role {
        case .admin: break
        case .coordinator: w.add(in: "t.network_id", agent.networks)
        case .firstLevel:
            w.add(
                "t.level = 1 AND (t.schulnummer IN (\(SQLConditions.marks(agent.schools.count))) "
                    + "OR t.network_id IN (\(SQLConditions.marks(agent.networks.count))))",
                values: agent.schools + agent.networks)
        case .secondLevel:
            w.add("t.level = 2")
            w.add(in: "t.schultraeger_id", agent.schultraeger)
        }
        w.add(in: "t.status", q.status?.map(\.rawValue))
        w.add("t.level = ?", q.level)
        w.add("t.schulnummer = ?", q.schulnummer)
        w.add("t.network_id = ?", q.networkID)
        w.add("t.schultraeger_id = ?", q.schultraegerID)
        w.add("t.category = ?", q.category?.rawValue)
        w.add("t.priority = ?", q.priority?.rawValue)
        w.add("t.assignee = ?", q.assignee == "me" ? agent.id : q.assignee)
        if q.unassigned == true { w.add("t.assignee IS NULL") }
        if q.breaching == true { w.add("t.sla_notices != 0 AND t.status IN ('new', 'open', 'pending')") }
        w.add("t.opened_at >= ?", try q.openedFrom.map { try instant($0, field: "openedFrom") })
        w.add("t.opened_at <= ?", try q.openedUntil.map { try instant($0, field: "openedUntil") })
        if let match = q.text.flatMap(matchExpression) {
            w.add("t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?)", match)
        }
        let order =
            switch q.sort ?? .newest {
            case .newest: "t.id DESC"
            case .oldest: "t.id"
            case .priority:
                "CASE t.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, t.id"
            }
        let limit = min(max(q.limit ?? 50, 1), 500)
        let offset = max(q.offset ?? 0, 0)
        let page = paged ? "LIMIT \(limit) OFFSET \(offset)" : ""
        let ids = try Int64.fetchAll(
            db, sql: "SELECT t.id FROM tickets t \(w.sql) ORDER BY \(order) \(page)", arguments: w.arguments)
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets t \(w.sql)", arguments: w.arguments) ?? 0
        return (ids, total)
    }

    /// Every word must occur: each is quoted, so the text cannot be read as FTS5 syntax.
    static func matchExpression(_ text: String) -> String? {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { "\"\($0)\"" }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    private static func instant(_ text: String, field: String) throws -> String {
        guard let date = RFC3339.date(from: text) else {
            throw DomainError.invalid("'\(text)' is not an RFC 3339 time", field: field)
        }
        return RFC3339.string(from: date)
    }
}
