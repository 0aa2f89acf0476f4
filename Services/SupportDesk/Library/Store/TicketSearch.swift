import Contracts
import Foundation
import GRDB
import ServiceKit

/// Finds tickets: the agent's scope, every filter given, full-text search (FTS5), sort and page.
enum TicketSearch {
    /// One page of the tickets that match, and how many match up to ``SupportDesk/TicketList/countLimit``.
    ///
    /// Both stop early, so a list costs about the same in a store of any size: newest or oldest first
    /// walks the ticket ids (or the search index's) in order until the page is full, and counting
    /// stops at the limit.
    static func page(
        _ q: SupportDesk.ListTickets, agent: SupportDesk.Agent, _ db: Database
    ) throws -> (ids: [Int64], total: Int, capped: Bool) {
        let (from, w) = try source(q, agent: agent)
        // Open tickets are few in a store of any size: SQLite takes the most selective index and sorts
        // them ("+" keeps it from walking a one-column index in id order past years of closed ones).
        // Other filters match a share of the store that grows with it: walking ids in order (of the
        // tickets, or of the search index's matches) stops as soon as the page is full.
        let active: Set<SupportDesk.Status> = [.new, .open, .pending]
        let onlyActive = q.breaching == true || (q.status.map { !$0.isEmpty && Set($0).isSubset(of: active) } ?? false)
        let key = from.hasPrefix("ticket_search") ? "s.rowid" : onlyActive ? "+t.id" : "t.id"
        let order =
            switch q.sort ?? .newest {
            case .newest: "\(key) DESC"
            case .oldest: key
            case .priority:
                "CASE t.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, t.id"
            }
        let limit = min(max(q.limit ?? 50, 1), 500)
        let offset = max(q.offset ?? 0, 0)
        // Prepared afresh, not cached: the filters make a statement of another shape for each
        // combination a sender chooses, and a cache of them would grow with whatever is sent.
        let ids = try Int64.fetchAll(
            db.makeStatement(sql: "SELECT t.id FROM \(from) \(w.sql) ORDER BY \(order) LIMIT ? OFFSET ?"),
            arguments: w.arguments + [limit, offset])
        let cap = SupportDesk.TicketList.countLimit
        let counted =
            try Int.fetchOne(
                db.makeStatement(sql: "SELECT COUNT(*) FROM (SELECT 1 FROM \(from) \(w.sql) LIMIT ?)"),
                arguments: w.arguments + [cap + 1]) ?? 0
        return (ids, min(counted, cap), counted > cap)
    }

    /// The tables and conditions that select what `q` asks for within the agent's scope: `t` is the
    /// tickets table, and `s` the search index when there is text to find.
    static func source(
        _ q: SupportDesk.ListTickets, agent: SupportDesk.Agent
    ) throws -> (from: String, conditions: SQLConditions) {
        var w = SQLConditions()
        var from = "tickets t"
        if let match = q.text.flatMap(matchExpression) {
            // CROSS JOIN keeps the search index outside: SQLite would otherwise walk the tickets by
            // another index and run the full-text match once per ticket.
            from = "ticket_search s CROSS JOIN tickets t ON t.id = s.rowid"
            w.add("s.ticket_search MATCH ?", match)
        }
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
        if let tag = q.tag?.lowercased().trimmingCharacters(in: .whitespaces) {
            w.add("EXISTS (SELECT 1 FROM json_each(t.tags) WHERE json_each.value = ?)", tag)
        }
        if q.breaching == true { w.add("t.sla_notices != 0 AND t.status IN ('new', 'open', 'pending')") }
        w.add("t.opened_at >= ?", try q.openedFrom.map { try instant($0, field: "openedFrom") })
        w.add("t.opened_at <= ?", try q.openedUntil.map { try instant($0, field: "openedUntil") })
        return (from, w)
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
