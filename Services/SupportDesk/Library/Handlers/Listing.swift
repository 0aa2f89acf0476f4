import Contracts
import GRDB
import ServiceKit

/// Lists and search.
extension TicketHandlers {
    func list(_ q: SupportDesk.ListTickets, _ ctx: MessageContext) throws -> SupportDesk.TicketList {
        let agent = try agents.sender(ctx)
        let (ids, total) = try TicketSearch.find(q, agent: agent, ctx.db)
        let tickets = try ids.compactMap { try TicketRows.find($0, ctx.db) }.map { try view($0, now: ctx.now, ctx.db) }
        return SupportDesk.TicketList(tickets: tickets, total: total)
    }
}
