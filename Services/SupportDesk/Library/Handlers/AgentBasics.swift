import Contracts
import Directory
import Foundation
import GRDB
import ServiceKit

/// What agents reach for every day: a ticket's priority, category and tags, and canned replies per
/// network (macros) with the ticket's requester, school and number filled in.
extension TicketHandlers {
    func registerAgentBasics(_ h: inout HandlerRegistry) {
        h.command(SupportDesk.UpdateTicket.self) { c, ctx in try update(c.data, ctx) }
        h.command(SupportDesk.SaveMacro.self) { c, ctx in try saveMacro(c.data, ctx) }
        h.query(SupportDesk.GetMacro.self) { q, ctx in
            SupportDesk.MacroDetails(macro: try readableMacro(q.data.macroID, try agents.sender(ctx), ctx.db))
        }
        h.query(SupportDesk.ListMacros.self) { q, ctx in
            let agent = try agents.sender(ctx)
            return SupportDesk.MacroList(
                macros: try MacroRows.list(networks: try networks(of: agent, ctx.db), only: q.data.networkID, ctx.db))
        }
        h.command(SupportDesk.ApplyMacro.self) { c, ctx in try applyMacro(c.data, ctx) }
    }

    func update(_ u: SupportDesk.UpdateTicket, _ ctx: MessageContext) throws -> SupportDesk.TicketDetails {
        var t = try existing(Int64(u.ticketID), ctx.db)
        let agent = try agents.sender(ctx)
        try permit(agent, t)
        var changes: [String] = []
        if let p = u.priority.flatMap({ TicketPriority(rawValue: $0.rawValue) }), p != t.priority {
            changes.append("priority: \(t.priority.rawValue) → \(p.rawValue)")
            // The targets follow the priority; the business time used so far stays.
            let policy = policies[p] ?? SLAPolicy.defaults[.normal]!
            t.firstResponse.target = policy.firstResponse
            t.resolution.target = policy.resolution
            t.priority = p
        }
        if let c = u.category.flatMap({ TicketCategory(rawValue: $0.rawValue) }), c != t.category {
            changes.append("category: \(t.category.rawValue) → \(c.rawValue)")
            t.category = c
        }
        let tags = try Tags.changed(t.tags, add: u.addTags ?? [], remove: u.removeTags ?? [])
        if tags != t.tags {
            let added = tags.filter { !t.tags.contains($0) }.map { "+\($0)" }
            let removed = t.tags.filter { !tags.contains($0) }.map { "-\($0)" }
            changes.append("tags: " + (added + removed).joined(separator: " "))
            t.tags = tags
        }
        guard !changes.isEmpty else { return try details(t, now: ctx.now, ctx.db) }
        let text = changes.joined(separator: "; ")
        try TicketRows.save(t, calendars, ctx.db)
        try TicketRows.addHistory(
            t.id, at: ctx.now, by: agent.id, action: "update", text: text, isPublic: false,
            messageID: ctx.message.id, ctx.db)
        try ctx.emit(
            SupportDesk.TicketUpdated(ticket: try view(t, now: ctx.now, ctx.db), by: agent.id, text: text),
            subject: "\(t.id)")
        return try details(t, now: ctx.now, ctx.db)
    }

    func saveMacro(_ s: SupportDesk.SaveMacro, _ ctx: MessageContext) throws -> SupportDesk.MacroDetails {
        let agent = try agents.sender(ctx)
        let title = s.title.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = s.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 200 else {
            throw DomainError.invalid("a macro's title has 1 to 200 characters", field: "title")
        }
        guard !text.isEmpty else { throw DomainError.invalid("a macro needs a text", field: "text") }
        try MacroText.check(text)
        // Only coordinators of the network and admins keep a network's texts; admins those for all.
        func mayKeep(_ network: String?) -> Bool {
            switch agent.role {
            case .admin: true
            case .coordinator: network.map(agent.networks.contains) ?? false
            default: false
            }
        }
        guard mayKeep(s.networkID) else {
            throw DomainError.notPermitted(
                s.networkID.map { "\(agent.id) does not keep the canned replies of '\($0)'" }
                    ?? "canned replies for every network are kept by admins; give networkID", field: "networkID")
        }
        var macro = SupportDesk.Macro(
            id: 0, networkID: s.networkID, title: title, text: text, updatedBy: agent.id,
            updatedAt: RFC3339.string(from: ctx.now))
        if let id = s.macroID {
            let current = try readableMacro(id, agent, ctx.db)
            guard mayKeep(current.networkID) else {
                throw DomainError.notPermitted("\(agent.id) may not change macro \(id)", field: "macroID")
            }
            macro.id = id
        }
        macro.id = Int(try MacroRows.save(macro, ctx.db))
        return SupportDesk.MacroDetails(macro: macro)
    }

    /// A macro the agent may read: their networks' or one for all; another network's is as good as none.
    func readableMacro(_ id: Int, _ agent: SupportDesk.Agent, _ db: Database) throws -> SupportDesk.Macro {
        let visible = try networks(of: agent, db)
        guard let m = try MacroRows.find(Int64(id), db), m.networkID.map({ visible?.contains($0) ?? true }) ?? true
        else { throw DomainError.notFound("there is no macro \(id)", field: "macroID") }
        return m
    }

    func applyMacro(_ a: SupportDesk.ApplyMacro, _ ctx: MessageContext) throws -> SupportDesk.TicketDetails {
        let agent = try agents.sender(ctx)
        let t = try existing(Int64(a.ticketID), ctx.db)
        try permit(agent, t)
        let macro = try readableMacro(a.macroID, agent, ctx.db)
        guard macro.networkID == nil || macro.networkID == t.networkID else {
            throw DomainError.invalid(
                "macro \(macro.id) is for \(macro.networkID!); ticket #\(t.id) is of \(t.networkID)", field: "macroID")
        }
        let school = try Directory.school(t.schulnummer, ctx.db)
        let text = MacroText.render(
            macro.text,
            [
                "requester": t.requester.name, "school": school?.name ?? t.schulnummer, "ticket": "#\(t.id)",
                "title": t.title, "agent": agent.name,
            ])
        return try change(
            SupportDesk.ChangeTicket(
                ticketID: a.ticketID, action: a.as == .note ? .note : .reply, by: agent.id, text: text),
            ctx)
    }
}
