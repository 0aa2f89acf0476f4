import Contracts
import GRDB
import ServiceKit

/// Who may do what: the sender of every request is an agent (by the AMQP `user_id`, which the
/// broker checks), or one of the configured admins, who exist before any agent does.
struct Agents: Sendable {
    /// Broker users that are admins whether or not they were saved as agents.
    let admins: Set<String>

    func register(_ h: inout HandlerRegistry) {
        h.command(SupportDesk.SaveAgent.self) { c, ctx in try save(c.data.agent, ctx) }
        h.query(SupportDesk.ListAgents.self) { q, ctx in
            try requireAdmin(ctx, "lists agents")
            if let id = q.data.id {
                guard let agent = try AgentRows.find(id, ctx.db) else {
                    throw DomainError.notFound("there is no agent '\(id)'", field: "id")
                }
                return SupportDesk.AgentList(agents: [agent])
            }
            return SupportDesk.AgentList(agents: try AgentRows.all(ctx.db))
        }
        h.command(SupportDesk.RemoveAgent.self) { c, ctx in try remove(c.data.id, ctx) }
    }

    /// Refuses anyone but an admin agent or an operator (`rbnctl agent`).
    func requireAdmin(_ ctx: MessageContext, _ what: String) throws {
        if ctx.senderIsOperator { return }
        guard try sender(ctx).role == .admin else {
            throw DomainError.notPermitted("only an admin or an operator \(what)")
        }
    }

    /// Removes an agent; each of their open tickets is unassigned with an entry in its history.
    func remove(_ id: String, _ ctx: MessageContext) throws -> SupportDesk.AgentRemoved {
        try requireAdmin(ctx, "removes agents")
        guard let agent = try AgentRows.find(id, ctx.db) else {
            throw DomainError.notFound("there is no agent '\(id)'", field: "id")
        }
        let by = ctx.sender ?? "operator"
        let tickets = try Int64.fetchAll(
            ctx.db, sql: "SELECT id FROM tickets WHERE assignee = ? ORDER BY id", arguments: [id])
        for ticket in tickets {
            try ctx.db.execute(sql: "UPDATE tickets SET assignee = NULL WHERE id = ?", arguments: [ticket])
            try TicketRows.addHistory(
                ticket, at: ctx.now, by: by, action: "unassign", text: "\(agent.name) (\(id)) was removed as an agent",
                isPublic: false, messageID: ctx.message.id, ctx.db)
        }
        try AgentRows.remove(id, ctx.db)
        let removed = SupportDesk.AgentRemoved(agent: agent, unassigned: tickets.map { Int($0) }, by: by)
        try ctx.emit(removed, subject: id)
        return removed
    }

    /// The agent who sent the request, or a refusal.
    func sender(_ ctx: MessageContext) throws -> SupportDesk.Agent {
        guard let id = ctx.sender else {
            throw DomainError.notPermitted(
                "the request does not say who sends it (AMQP user_id); agents connect with their own broker user")
        }
        guard let agent = try find(id, ctx.db) else {
            throw DomainError.notPermitted("\(id) is not an agent of the support desk; an admin adds agents")
        }
        return agent
    }

    /// A saved agent, or a configured admin.
    func find(_ id: String, _ db: Database) throws -> SupportDesk.Agent? {
        if let agent = try AgentRows.find(id, db) { return agent }
        return admins.contains(id) ? SupportDesk.Agent(id: id, name: id, role: .admin) : nil
    }

    func save(_ a: SupportDesk.Agent, _ ctx: MessageContext) throws -> SupportDesk.AgentDetails {
        try requireAdmin(ctx, "adds or changes agents")
        var agent = a
        agent.id = agent.id.trimmingCharacters(in: .whitespaces)
        agent.name = agent.name.trimmingCharacters(in: .whitespaces)
        guard !agent.id.isEmpty, !agent.name.isEmpty else {
            throw DomainError.invalid("an agent needs an id (their broker user) and a name", field: "agent.id")
        }
        if let email = agent.email {
            do throws(MailAddress.Invalid) {
                agent.email = try MailAddress.normalized(email)
            } catch {
                throw DomainError.invalid(error.reason, field: "agent.email")
            }
        }
        switch agent.role {
        case .firstLevel where agent.schools.isEmpty && agent.networks.isEmpty:
            throw DomainError.invalid("a 1st-level agent needs schools or networks", field: "agent.schools")
        case .secondLevel where agent.schultraeger.isEmpty:
            throw DomainError.invalid("a 2nd-level agent needs Schulträger", field: "agent.schultraeger")
        case .coordinator where agent.networks.isEmpty:
            throw DomainError.invalid("a coordinator needs networks", field: "agent.networks")
        default: break
        }
        try AgentRows.save(agent, ctx.db)
        return SupportDesk.AgentDetails(agent: agent)
    }
}
