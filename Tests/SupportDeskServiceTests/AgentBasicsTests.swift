import Contracts
import Foundation
import RBNTestSupport
import SupportDeskService
import Testing

/// Issue 21: what agents reach for every day, as Zammad and RT have it: priority and category,
/// tags, canned replies per network, a phone call recorded as the requester's entry, and the
/// requester's answer to "Wurde Ihr Problem gelöst?" in the reports.
@Suite("Agent basics over the broker", .hangGuard)
struct AgentBasicsTests {
    @Test func priorityMovesTheSLATargetsAndTagsFileTheTicket() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            let t = try await DeskHarness.openWhenKnown(school, h).ticket
            #expect(t.resolution.target == 40 * 3600)
            let tag = "drucker\(UUID().uuidString.prefix(4).lowercased())"
            let d = try await h.command(
                SupportDesk.UpdateTicket(
                    ticketID: t.id, priority: .critical, category: .network, addTags: [" \(tag.uppercased()) ", "wlan"]),
                as: SupportDesk.TicketDetails.self)
            #expect(d.ticket.priority == .critical && d.ticket.category == .network)
            #expect(d.ticket.firstResponse.target == 3600 && d.ticket.resolution.target == 8 * 3600)
            #expect(d.ticket.tags == [tag, "wlan"])
            let entry = try #require(d.history.last)
            #expect(entry.action == "update" && !entry.isPublic)
            #expect(entry.text?.contains("priority: normal → critical") == true)
            // The same change again changes nothing and announces nothing.
            let again = try await h.command(
                SupportDesk.UpdateTicket(ticketID: t.id, priority: .critical, addTags: [tag]),
                as: SupportDesk.TicketDetails.self)
            #expect(again.history.count == d.history.count)
            let removed = try await h.command(
                SupportDesk.UpdateTicket(ticketID: t.id, removeTags: ["wlan"]), as: SupportDesk.TicketDetails.self)
            #expect(removed.ticket.tags == [tag])
            let listed = try await h.query(SupportDesk.ListTickets(tag: tag), as: SupportDesk.TicketList.self)
            #expect(listed.tickets.map(\.id) == [t.id])
            // Tags are words, and a ticket has at most ten.
            let bad = try await h.refusal(SupportDesk.UpdateTicket(ticketID: t.id, addTags: ["zwei wörter"]))
            #expect(bad.code == "invalid" && bad.field == "addTags")
            let many = try await h.refusal(
                SupportDesk.UpdateTicket(ticketID: t.id, addTags: (1...10).map { "t\($0)" }))
            #expect(many.message.contains("at most 10"))
            let events = try await h.emitted(expecting: 3).filter {
                $0.type == SupportDesk.TicketUpdated.messageType.rawValue
            }
            #expect(events.count == 2, "two changes, two events")
        }
    }

    @Test func aPhoneCallIsTheRequestersEntryAndResumesAWaitingTicket() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            let t = try await DeskHarness.openWhenKnown(school, h).ticket
            _ = try await h.command(
                SupportDesk.ChangeTicket(ticketID: t.id, action: .pending, by: "guest", text: "Welches Modell?"),
                as: SupportDesk.TicketDetails.self)
            let d = try await h.command(
                SupportDesk.ChangeTicket(
                    ticketID: t.id, action: .phone, by: "guest", text: "Frau Krüger am Telefon: Epson EB-W49."),
                as: SupportDesk.TicketDetails.self)
            #expect(d.ticket.status == .open, "the requester answered: it runs again")
            let entry = try #require(d.history.last)
            #expect(entry.action == "phone" && entry.by == "requester" && entry.recordedBy == "guest")
            #expect(entry.isPublic)
            let replied = try await h.emitted(expecting: 3).filter {
                $0.type == SupportDesk.TicketReplied.messageType.rawValue
            }
            #expect(replied.count == 1)
            #expect(
                try await h.refusal(SupportDesk.ChangeTicket(ticketID: t.id, action: .phone, by: "guest")).field
                    == "text")
        }
    }

    @Test func cannedRepliesArePerNetworkAndFilledInForTheTicket() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            _ = try await DeskHarness.openWhenKnown(school, h)
            // A requester of this test's own: other tests on the broker erase the shared one.
            var open = DeskHarness.open(school, h)
            open.requester = .init(
                name: "Jana Krüger", email: "j.krueger.\(UUID().uuidString.prefix(8))@schule.example")
            let t = try await h.command(open, as: SupportDesk.TicketDetails.self).ticket
            let lippe = try await h.command(
                SupportDesk.SaveMacro(
                    networkID: "kreis-lippe", title: "Beamer neu starten",
                    text:
                        "Guten Tag {{requester}},\n\nbitte starten Sie den Beamer an {{ school }} neu ({{ticket}}).\n{{agent}}"
                ),
                as: SupportDesk.MacroDetails.self
            ).macro
            let muenster = try await h.command(
                SupportDesk.SaveMacro(networkID: "stadt-muenster", title: "Münster", text: "Nur für Münster."),
                as: SupportDesk.MacroDetails.self
            ).macro
            #expect(try await h.refusal(SupportDesk.SaveMacro(title: "x", text: "{{passwort}}")).field == "text")

            let d = try await h.command(
                SupportDesk.ApplyMacro(ticketID: t.id, macroID: lippe.id), as: SupportDesk.TicketDetails.self)
            let reply = try #require(d.history.last)
            #expect(reply.action == "reply" && reply.isPublic)
            #expect(
                reply.text
                    == "Guten Tag Jana Krüger,\n\nbitte starten Sie den Beamer an \(school.name) neu (#\(t.id)).\nguest"
            )
            let wrong = try await h.refusal(SupportDesk.ApplyMacro(ticketID: t.id, macroID: muenster.id, as: .note))
            #expect(wrong.field == "macroID")

            // A first-level agent of the Lippe school reads Lippe's macros, never Münster's, and keeps none.
            let id = "agent-\(UUID().uuidString.prefix(6).lowercased())"
            try await ServiceHarness.addBrokerUser(id, password: "pw-\(id)")
            let agent = try await h.sender(user: id, password: "pw-\(id)")
            defer { Task { await agent.connection.close() } }
            _ = try await h.command(
                SupportDesk.SaveAgent(.init(id: id, name: "Jana Krüger", role: .firstLevel, schools: [school.id])),
                as: SupportDesk.AgentDetails.self)
            guard
                case .reply(let list) = try await h.send(
                    SupportDesk.ListMacros(), as: SupportDesk.MacroList.self, from: agent)
            else { throw TestSetupError("the agent could not list macros") }
            #expect(list.macros.contains { $0.id == lippe.id } && !list.macros.contains { $0.id == muenster.id })
            guard
                case .refused(let hidden) = try await h.send(
                    SupportDesk.GetMacro(macroID: muenster.id), as: SupportDesk.MacroDetails.self, from: agent),
                case .refused(let keep) = try await h.send(
                    SupportDesk.SaveMacro(networkID: "kreis-lippe", title: "x", text: "y"),
                    as: SupportDesk.MacroDetails.self, from: agent)
            else { throw TestSetupError("the agent read another network's macro or kept one") }
            #expect(hidden.code == "not-found" && keep.code == "not-permitted")
        }
    }

    @Test func theRequestersAnswerClosesOrReopensAndIsCountedPerNetworkAndLevel() async throws {
        try await RequesterTests.with { h, school, teacher, portal in
            guard
                case .reply(let mine) = try await h.send(
                    RequesterTests.submit(school, teacher), as: SupportDesk.RequesterTicket.self, from: portal)
            else { throw TestSetupError("the ticket was refused") }
            var other = RequesterTests.submit(school, teacher)
            other.title = "Drucker im Lehrerzimmer"
            guard case .reply(let second) = try await h.send(other, as: SupportDesk.RequesterTicket.self, from: portal)
            else { throw TestSetupError("the second ticket was refused") }
            func act(
                _ id: Int, _ a: SupportDesk.RequesterAction.Action
            ) async throws -> ServiceHarness.Answer<SupportDesk.RequesterTicket> {
                try await h.send(
                    SupportDesk.RequesterAction(ticketID: id, email: teacher, action: a),
                    as: SupportDesk.RequesterTicket.self, from: portal)
            }
            // Asked only once there is a solution.
            guard case .refused(let early) = try await act(mine.ticketID, .satisfied) else {
                throw TestSetupError("an open ticket took an answer")
            }
            #expect(early.code == "not-allowed")
            for id in [mine.ticketID, second.ticketID] {
                _ = try await h.command(
                    SupportDesk.ChangeTicket(
                        ticketID: id, action: .resolve, by: "guest", text: "Access Point getauscht."),
                    as: SupportDesk.TicketDetails.self)
            }
            guard case .reply(let yes) = try await act(mine.ticketID, .satisfied),
                case .reply(let no) = try await act(second.ticketID, .unsatisfied)
            else { throw TestSetupError("an answer was refused") }
            #expect(yes.status == .closed && yes.satisfied == true)
            #expect(no.status == .open && no.satisfied == false, "no reopens it")
            // Clicking again changes nothing.
            guard case .reply(let twice) = try await act(mine.ticketID, .satisfied) else {
                throw TestSetupError("the second click was refused")
            }
            #expect(twice.conversation.filter { $0.kind == "rated" }.count == 1)
            let rated = try await h.emitted(expecting: 9).filter {
                $0.type == SupportDesk.TicketRated.messageType.rawValue
            }
            #expect(rated.count == 2)
            let figures = try await h.query(
                SupportDesk.TicketReport(networkID: school.networkID), as: SupportDesk.TicketFigures.self)
            let level1 = try #require(figures.satisfaction?.first { $0.networkID == school.networkID && $0.level == 1 })
            #expect(level1.yes >= 1 && level1.no >= 1)
        }
    }
}
