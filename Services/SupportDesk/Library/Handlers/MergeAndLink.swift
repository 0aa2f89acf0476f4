import Contracts
import GRDB
import ServiceKit

/// Duplicates: merge one ticket into another of the same school, or link related tickets.
extension TicketHandlers {
    /// The sender and two different tickets, both in the sender's scope.
    private func pair(
        _ first: Int, _ second: Int, field: String, _ ctx: MessageContext
    ) throws
        -> (SupportDesk.Agent, TicketRecord, TicketRecord)
    {
        let agent = try agents.sender(ctx)
        guard first != second else { throw DomainError.invalid("that is the same ticket twice", field: field) }
        let a = try existing(Int64(first), ctx.db)
        let b = try existing(Int64(second), ctx.db)
        try permit(agent, a)
        try permit(agent, b)
        return (agent, a, b)
    }

    func merge(_ m: SupportDesk.MergeTicket, _ ctx: MessageContext) throws -> SupportDesk.TicketDetails {
        var (agent, from, into) = try pair(m.ticketID, m.into, field: "into", ctx)
        do {
            try TicketRules.merges(into: into.status, sameSchool: from.schulnummer == into.schulnummer)
        } catch {
            throw Refusal.notAllowed("ticket #\(from.id) into #\(into.id): \(error.description)", field: "into")
        }
        do {
            from.status = try Lifecycle.next(
                from.status, .merge, since: from.statusSince, now: ctx.now, reopenWindow: 0)
        } catch {
            throw Refusal.ticket(from.id, error, field: "ticketID")
        }
        from.statusSince = ctx.now
        from.mergedInto = into.id
        from.firstResponse.stop(at: ctx.now, calendars[from.level])
        from.resolution.stop(at: ctx.now, calendars[from.level])
        try TicketRows.save(from, calendars, ctx.db)
        try TicketRows.addHistory(
            from.id, at: ctx.now, by: agent.id, action: "merge", text: "merged into #\(into.id)", isPublic: false,
            messageID: ctx.message.id, ctx.db)
        // The merged ticket's text goes along, so nothing the requester wrote is lost.
        try TicketRows.addHistory(
            into.id, at: ctx.now, by: agent.id, action: "merged-in",
            text: "#\(from.id) \(from.title) (\(from.requester.email)):\n\(from.description)", isPublic: false,
            messageID: ctx.message.id, ctx.db)
        if into.status == .new {
            into.status = .open
            into.statusSince = ctx.now
            try TicketRows.save(into, calendars, ctx.db)
        }
        try ctx.emit(
            SupportDesk.TicketMerged(
                ticket: try view(from, now: ctx.now, ctx.db), by: agent.id, text: "merged into #\(into.id)"),
            subject: "\(from.id)")
        return try details(into, now: ctx.now, ctx.db)
    }

    func link(_ l: SupportDesk.LinkTickets, _ ctx: MessageContext) throws -> SupportDesk.TicketDetails {
        let (agent, a, b) = try pair(l.ticketID, l.other, field: "other", ctx)
        if try TicketRows.link(a.id, b.id, ctx.db) {
            for (t, o) in [(a, b), (b, a)] {
                try TicketRows.addHistory(
                    t.id, at: ctx.now, by: agent.id, action: "link", text: "linked with #\(o.id)", isPublic: false,
                    messageID: ctx.message.id, ctx.db)
            }
        }
        return try details(a, now: ctx.now, ctx.db)
    }
}
