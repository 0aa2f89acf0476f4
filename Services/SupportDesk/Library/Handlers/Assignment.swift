import Contracts
import GRDB
import ServiceKit

/// Take, give, unassign: many tickets at once, each done or refused on its own.
extension TicketHandlers {
    func assign(_ c: SupportDesk.AssignTickets, _ ctx: MessageContext) throws -> SupportDesk.AssignResult {
        let agent = try agents.sender(ctx)
        let target = try c.to.map { id -> SupportDesk.Agent in
            guard let a = try agents.find(id, ctx.db) else {
                throw DomainError.notFound("there is no agent '\(id)'", field: "to")
            }
            return a
        }
        // Each ticket once, and no more than the answer may carry.
        var seen = Set<Int>()
        let ids = c.ticketIDs.filter { seen.insert($0).inserted }
        guard ids.count <= SupportDesk.AssignTickets.maxTickets else {
            throw DomainError.invalid(
                "\(ids.count) tickets at once; at most \(SupportDesk.AssignTickets.maxTickets) may be assigned together",
                field: "ticketIDs")
        }
        var done: [SupportDesk.Ticket] = []
        var refused: [SupportDesk.AssignResult.Refused] = []
        for id in ids {
            do {
                var t = try existing(Int64(id), ctx.db)
                try permit(agent, t)
                if let target {
                    guard
                        target.covers(
                            school: t.schulnummer, network: t.networkID, schultraeger: t.schultraegerID, level: t.level)
                    else {
                        throw DomainError.notPermitted("ticket #\(t.id) is outside the scope of \(target.id)")
                    }
                }
                do { try TicketRules.takesAssignment(t.status) } catch { throw Refusal.ticket(t.id, error, field: nil) }
                guard t.assignee != target?.id else {
                    done.append(try view(t, now: ctx.now, ctx.db))
                    continue
                }
                t.assignee = target?.id
                if t.status == .new, target != nil { t.status = .open; t.statusSince = ctx.now }
                try TicketRows.save(t, calendars, ctx.db)
                let text = target.map { "assigned to \($0.id)" } ?? "unassigned"
                try TicketRows.addHistory(
                    t.id, at: ctx.now, by: agent.id, action: "assign", text: text, isPublic: false,
                    messageID: ctx.message.id, ctx.db)
                let ticket = try view(t, now: ctx.now, ctx.db)
                try ctx.emit(SupportDesk.TicketAssigned(ticket: ticket, by: agent.id, text: text), subject: "\(t.id)")
                done.append(ticket)
            } catch let e as DomainError {
                refused.append(.init(ticketID: id, code: e.code, message: e.message))
            }
        }
        return SupportDesk.AssignResult(tickets: done, refused: refused)
    }
}
