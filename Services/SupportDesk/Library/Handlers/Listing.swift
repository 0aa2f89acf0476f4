import Contracts
import Directory
import GRDB
import ServiceKit

/// Lists and search.
extension TicketHandlers {
    func list(_ q: SupportDesk.ListTickets, _ ctx: MessageContext) throws -> SupportDesk.TicketList {
        let agent = try agents.sender(ctx)
        let (ids, total, capped) = try TicketSearch.page(q, agent: agent, ctx.db)
        let records = try ids.compactMap { try TicketRows.find($0, ctx.db) }
        var schools: [String: Directory.School] = [:]
        for number in Set(records.map(\.schulnummer)) { schools[number] = try Directory.school(number, ctx.db) }
        let tickets = records.map { view($0, school: schools[$0.schulnummer], now: ctx.now) }
        return SupportDesk.TicketList(tickets: tickets, total: total, totalCapped: capped)
    }
}
