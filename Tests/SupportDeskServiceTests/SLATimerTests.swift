import Contracts
import Foundation
import RBNTestSupport
import SupportDeskService
import Testing

/// SLA warnings and breaches come from the desk's timer, once each per clock, through the broker.
/// The desk here works around the clock and its SLA is seconds long, so the test takes seconds.
/// A check that comes after the breach announces only the breach (a warning then is noise), so
/// warning and breach lie seconds apart: a loaded machine may run the timer late.
@Suite("SLA notices over the broker", .hangGuard)
struct SLATimerTests {
    @Test func warningThenBreachOnceEachForBothClocks() async throws {
        let alwaysOpen = BusinessCalendar(
            weekdays: [1, 2, 3, 4, 5, 6, 7], opens: 0, closes: 24 * 60, publicHolidays: false)
        var policies = SLAPolicy.defaults
        // Whole seconds: warning at 12 s and breach at 15 s, then 24 s and 30 s.
        policies[.critical] = SLAPolicy(firstResponse: 15, resolution: 30)
        try await ServiceHarness.with(
            service: SupportDesk.service, events: "supportdesk.#",
            {
                SupportDeskService.definition(
                    name: $0, calendars: DeskCalendars(alwaysOpen), policies: policies, slaCheckEvery: 0.2,
                    admins: ["guest"])
            },
            ready: { h in
                _ = try await h.send(SupportDesk.GetTicket(ticketID: 1), as: SupportDesk.TicketDetails.self, timeout: 1)
            }
        ) { h in
            // A network of its own: tests side by side see each other's registry events.
            var school = DeskHarness.school()
            school.networkID = "netz-\(school.id)"
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            // Who hears of the SLA: the assignee (an agent with an address) and the network's coordinator.
            let coordinator = Registry.Contact(
                personID: "p-bb-\(school.id)", name: "Bildungsbüro", email: "bb-\(school.id)@kreis.example",
                role: .coordinator, networkID: school.networkID)
            try await DeskHarness.announce(Registry.ContactAssigned(contact: coordinator), h)
            let agent = SupportDesk.Agent(
                id: "wagner-\(school.id)", name: "Jonas Wagner", role: .firstLevel, networks: [school.networkID],
                email: "wagner-\(school.id)@rbn.example")
            _ = try await h.command(SupportDesk.SaveAgent(agent), as: SupportDesk.AgentDetails.self)
            var open = DeskHarness.open(school, h, priority: .critical)
            open.title = "Server der Schule ausgefallen"
            // Until the school's event arrived, opening is refused (unknown school).
            let answer = try await eventually(until: { if case .reply = $0 { true } else { false } }) {
                try await h.send(open, as: SupportDesk.TicketDetails.self)
            }
            guard case .reply(let opened) = answer else {
                Issue.record("not opened: \(answer)")
                return
            }
            let ticket = "\(opened.ticket.id)"
            _ = try await h.command(
                SupportDesk.AssignTickets(ticketIDs: [opened.ticket.id], to: agent.id),
                as: SupportDesk.AssignResult.self)
            // Ticket ids are per store, so other tests have a #1 too: the school tells them apart.
            // Decoded, not searched: a number in another ticket's text must not make it this one's.
            let isNotice = { (a: EnvelopeAttributes, body: Data) in
                guard a.subject == ticket, a.type.contains(".supportdesk.sla.") else { return false }
                let schulnummer =
                    a.type == SupportDesk.SLAWarning.messageType.rawValue
                    ? (try? EnvelopeCodec.decode(SupportDesk.SLAWarning.self, from: body))?.data.ticket.schulnummer
                    : (try? EnvelopeCodec.decode(SupportDesk.SLABreached.self, from: body))?.data.ticket.schulnummer
                return schulnummer == school.id
            }
            // Opened, assigned, and the four notices.
            let events = try await h.emitted(expecting: 6, timeout: 60, also: isNotice)
            try await Task.sleep(for: .seconds(1))  // no second notice may follow
            let again = try await h.emitted(expecting: 6, also: isNotice)
            #expect(again.count == events.count)
            let expected: [SupportDesk.Notified] = [
                .init(name: agent.name, email: agent.email ?? "", role: .assignee),
                .init(name: coordinator.name, email: coordinator.email, role: .coordinator),
            ]
            let notices = try events.filter { $0.type.contains(".supportdesk.sla.") }.map { e -> String in
                if e.type == SupportDesk.SLAWarning.messageType.rawValue {
                    let w = try EnvelopeCodec.decode(SupportDesk.SLAWarning.self, from: e.body).data
                    #expect(w.ticket.id == opened.ticket.id)
                    #expect(w.notify == expected)
                    return "warning \(w.clock.rawValue)"
                }
                let b = try EnvelopeCodec.decode(SupportDesk.SLABreached.self, from: e.body).data
                #expect(b.notify == expected)
                return "breached \(b.clock.rawValue)"
            }
            #expect(
                notices == [
                    "warning first-response", "breached first-response", "warning resolution", "breached resolution",
                ])
            let d = try await h.query(
                SupportDesk.GetTicket(ticketID: opened.ticket.id), as: SupportDesk.TicketDetails.self)
            #expect(d.ticket.firstResponse.state == .breached && d.ticket.resolution.state == .breached)
            #expect(d.history.filter { $0.by == "system" }.count == 4)
        }
    }

    @Test func aResolvedTicketClosesByItselfAfterTheConfiguredTime() async throws {
        try await ServiceHarness.with(
            service: SupportDesk.service, events: "supportdesk.#",
            {
                SupportDeskService.definition(
                    name: $0, closeAfterDays: 1.0 / 86400, closeCheckEvery: 0.2, admins: ["guest"])
            },
            ready: { h in
                _ = try await h.send(SupportDesk.GetTicket(ticketID: 1), as: SupportDesk.TicketDetails.self, timeout: 1)
            }
        ) { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            let id = try await DeskHarness.openWhenKnown(school, h).ticket.id
            _ = try await h.command(
                SupportDesk.ChangeTicket(ticketID: id, action: .resolve, by: "agent", text: "Neu gestartet."),
                as: SupportDesk.TicketDetails.self)
            let closedBySystem = { (a: EnvelopeAttributes, body: Data) in
                a.subject == "\(id)" && a.type == SupportDesk.TicketClosed.messageType.rawValue
                    && String(decoding: body, as: UTF8.self).contains(school.id)
            }
            let events = try await h.emitted(expecting: 3, timeout: 90, also: closedBySystem)
            let closed = try #require(
                events.last.map { try EnvelopeCodec.decode(SupportDesk.TicketClosed.self, from: $0.body) })
            #expect(closed.data.by == "system" && closed.data.ticket.status == .closed)
            let d = try await h.query(SupportDesk.GetTicket(ticketID: id), as: SupportDesk.TicketDetails.self)
            #expect(d.ticket.status == .closed && d.history.last?.by == "system")
        }
    }
}
