import Contracts
import Foundation
import GRDB
import ServiceKit

/// Ticket figures within the asking agent's scope.
extension TicketHandlers {
    func registerReports(_ h: inout HandlerRegistry) {
        h.query(SupportDesk.TicketReport.self) { q, ctx in try report(q.data, ctx) }
    }

    func report(_ q: SupportDesk.TicketReport, _ ctx: MessageContext) throws -> SupportDesk.TicketFigures {
        let agent = try agents.sender(ctx)
        // The same scope and period filters as a list, without paging.
        let filter = SupportDesk.ListTickets(
            networkID: q.networkID, openedFrom: q.openedFrom, openedUntil: q.openedUntil)
        let (ids, _) = try TicketSearch.find(filter, agent: agent, ctx.db, paged: false)
        var counts: [String: SupportDesk.TicketFigures.Count] = [:]
        var first = Tally()
        var resolution = Tally()
        for id in ids {
            guard let t = try TicketRows.find(id, ctx.db) else { continue }
            let category = SupportDesk.Category(rawValue: t.category.rawValue) ?? .other
            let status = SupportDesk.Status(rawValue: t.status.rawValue) ?? .open
            let key = "\(t.networkID)|\(t.schultraegerID ?? "")|\(category.rawValue)|\(status.rawValue)"
            counts[
                key,
                default: .init(
                    networkID: t.networkID, schultraegerID: t.schultraegerID, category: category, status: status,
                    tickets: 0)
            ]
            .tickets += 1
            first.add(t.firstResponse, at: ctx.now, calendar)
            resolution.add(t.resolution, at: ctx.now, calendar)
        }
        return SupportDesk.TicketFigures(
            counts: counts.values.sorted {
                ($0.networkID, $0.schultraegerID ?? "", $0.category.rawValue, $0.status.rawValue)
                    < ($1.networkID, $1.schultraegerID ?? "", $1.category.rawValue, $1.status.rawValue)
            }, firstResponse: first.compliance, resolution: resolution.compliance)
    }
}

/// SLA figures of one kind of clock over many tickets.
struct Tally {
    var met = 0
    var breached = 0
    var running = 0
    var durations: [Int] = []

    mutating func add(_ clock: SLAClock, at now: Date, _ calendar: BusinessCalendar) {
        switch clock.state(at: now, calendar) {
        case .met: met += 1
        case .breached: breached += 1
        case .ok, .warning: running += 1
        }
        if clock.stoppedAt != nil { durations.append(clock.used) }
    }

    var compliance: SupportDesk.TicketFigures.Compliance {
        let sorted = durations.sorted()
        let median: Int? =
            sorted.isEmpty
            ? nil
            : sorted.count % 2 == 1
                ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        return .init(met: met, breached: breached, running: running, median: median)
    }
}
