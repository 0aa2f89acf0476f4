import Contracts
import Foundation
import Messaging
import RBNTestSupport
import SupportDeskService
import Testing

/// Agents are known by the broker user that sends (AMQP `user_id`, checked by RabbitMQ) and see
/// and change only tickets in their scope; assignment works on many tickets at once.
@Suite("Agents and scopes over the broker", .hangGuard)
struct AgentScopeTests {
    @Test func aFirstLevelAgentWorksInTheirSchoolsOnly() async throws {
        try await DeskHarness.with { h in
            let mine = DeskHarness.school()
            var other = DeskHarness.school()
            other.networkID = "stadt-muenster"
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: mine), h)
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: other), h)
            let theirs = try await DeskHarness.openWhenKnown(other, h).ticket.id  // by the admin

            let id = "agent-\(UUID().uuidString.prefix(6).lowercased())"
            try await ServiceHarness.addBrokerUser(id, password: "pw-\(id)")
            let agent = try await h.sender(user: id, password: "pw-\(id)")
            defer { Task { await agent.connection.close() } }
            _ = try await h.command(
                SupportDesk.SaveAgent(.init(id: id, name: "Jana Krüger", role: .firstLevel, schools: [mine.id])),
                as: SupportDesk.AgentDetails.self)

            // The agent may not add agents.
            guard
                case .refused(let e) = try await h.send(
                    SupportDesk.SaveAgent(.init(id: id, name: "X", role: .admin)), as: SupportDesk.AgentDetails.self,
                    from: agent)
            else { throw TestSetupError("an agent made themself admin") }
            #expect(e.code == "not-permitted")

            // Open in scope, not outside.
            var open = DeskHarness.open(mine, h)
            guard case .reply(let d) = try await h.send(open, as: SupportDesk.TicketDetails.self, from: agent) else {
                throw TestSetupError("the agent could not open a ticket of their school")
            }
            open.schulnummer = other.id
            guard case .refused(let outside) = try await h.send(open, as: SupportDesk.TicketDetails.self, from: agent)
            else { throw TestSetupError("opened outside the scope") }
            #expect(outside.code == "not-permitted" && outside.field == "schulnummer")
            guard
                case .refused(let hidden) = try await h.send(
                    SupportDesk.GetTicket(ticketID: theirs), as: SupportDesk.TicketDetails.self, from: agent)
            else { throw TestSetupError("saw a ticket outside the scope") }
            #expect(hidden.code == "not-permitted")

            // Take both: one is refused, the other assigned; the change is recorded as theirs.
            guard
                case .reply(let result) = try await h.send(
                    SupportDesk.AssignTickets(ticketIDs: [d.ticket.id, theirs], to: id),
                    as: SupportDesk.AssignResult.self,
                    from: agent)
            else { throw TestSetupError("assign failed") }
            #expect(result.tickets.map(\.id) == [d.ticket.id] && result.tickets.first?.assignee == id)
            #expect(result.refused.map(\.ticketID) == [theirs])
            guard
                case .reply(let replied) = try await h.send(
                    SupportDesk.ChangeTicket(
                        ticketID: d.ticket.id, action: .reply, by: "ignored", text: "Ich schaue es mir an."),
                    as: SupportDesk.TicketDetails.self, from: agent)
            else { throw TestSetupError("reply failed") }
            #expect(replied.history.last?.by == id)

            // Escalated to level 2, the ticket leaves the 1st-level agent's scope.
            _ = try await h.send(
                SupportDesk.ChangeTicket(ticketID: d.ticket.id, action: .escalate, by: id, text: "Hardware defekt"),
                as: SupportDesk.TicketDetails.self, from: agent)
            guard
                case .refused = try await h.send(
                    SupportDesk.GetTicket(ticketID: d.ticket.id), as: SupportDesk.TicketDetails.self, from: agent)
            else { throw TestSetupError("a level-2 ticket stayed in the 1st-level scope") }

            // Without a user_id nobody is anybody.
            guard
                case .refused(let anonymous) = try await h.send(
                    SupportDesk.GetTicket(ticketID: d.ticket.id), as: SupportDesk.TicketDetails.self,
                    from: .init(connection: h.connection, user: nil))
            else { throw TestSetupError("an anonymous request was answered") }
            #expect(anonymous.code == "not-permitted")
        }
    }

    @Test func scopesByRole() {
        let t = (school: "193007", network: "kreis-lippe", schultraeger: "stadt-detmold")
        let first = SupportDesk.Agent(id: "a", name: "A", role: .firstLevel, networks: ["kreis-lippe"])
        #expect(first.covers(school: t.school, network: t.network, schultraeger: t.schultraeger, level: 1))
        #expect(!first.covers(school: t.school, network: t.network, schultraeger: t.schultraeger, level: 2))
        let second = SupportDesk.Agent(id: "b", name: "B", role: .secondLevel, schultraeger: ["stadt-detmold"])
        #expect(second.covers(school: t.school, network: t.network, schultraeger: t.schultraeger, level: 2))
        #expect(!second.covers(school: t.school, network: t.network, schultraeger: t.schultraeger, level: 1))
        #expect(second.mayOpen(school: t.school, network: t.network, schultraeger: t.schultraeger))
        let coordinator = SupportDesk.Agent(id: "c", name: "C", role: .coordinator, networks: ["stadt-muenster"])
        #expect(!coordinator.covers(school: t.school, network: t.network, schultraeger: nil, level: 1))
        #expect(
            SupportDesk.Agent(id: "d", name: "D", role: .admin).covers(
                school: "x", network: "y", schultraeger: nil, level: 2))
    }
}
