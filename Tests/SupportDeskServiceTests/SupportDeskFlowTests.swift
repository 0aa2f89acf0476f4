import Contracts
import Foundation
import Messaging
import RBNTestSupport
import SupportDeskService
import Testing

/// The support desk through a real broker: it learns schools from registry events, opens tickets
/// for them only, walks the lifecycle with SLA clocks, escalates to the Schulträger's IT and
/// forgets erased persons. Each test uses a Schulnummer of its own, so tests run side by side.
@Suite("Support desk over the broker", .hangGuard)
struct SupportDeskFlowTests {
    @Test func aTicketWalksItsLifecycle() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            let opened = try await DeskHarness.openWhenKnown(school, h)
            let id = opened.ticket.id
            #expect(opened.ticket.status == .new && opened.ticket.level == 1)
            #expect(opened.ticket.requester.email == "j.krueger@schule.example")
            #expect(opened.ticket.firstResponse.state == .ok && opened.ticket.firstResponse.target == 8 * 3600)

            func change(
                _ a: SupportDesk.ChangeTicket.Action, _ text: String? = nil, by: String = "agent.meier"
            )
                async throws -> SupportDesk.TicketDetails
            {
                try await h.command(
                    SupportDesk.ChangeTicket(ticketID: id, action: a, by: by, text: text),
                    as: SupportDesk.TicketDetails.self)
            }
            var d = try await change(.reply, "Bitte prüfen Sie das HDMI-Kabel.")
            #expect(d.ticket.status == .open && d.ticket.firstResponse.state == .met)
            d = try await change(.note, "Vermutlich Kabelbruch.")
            d = try await change(.pending)
            #expect(d.ticket.status == .pending && d.ticket.resolution.dueAt == nil, "the clock pauses while pending")
            d = try await change(.reply, "Kabel getauscht, geht immer noch nicht.", by: "requester")
            #expect(d.ticket.status == .open && d.ticket.resolution.dueAt != nil)
            d = try await change(.escalate, "Beamer defekt, Austausch durch den Schulträger nötig")
            #expect(d.ticket.level == 2 && d.ticket.itGroupEmail == "schul-it@detmold.example")
            d = try await change(.resolve, "Beamer getauscht.")
            #expect(d.ticket.status == .resolved && d.ticket.resolution.state == .met)
            d = try await change(.close)
            d = try await change(.reopen, "Wieder schwarz.")
            #expect(d.ticket.status == .open)
            #expect(
                d.history.map(\.action) == [
                    "opened", "reply", "note", "pending", "reply", "escalate", "resolve", "close", "reopen",
                ])
            #expect(d.history.filter(\.isPublic).count == 4)

            let events = try await h.emitted(expecting: 9)
            #expect(
                events.map { $0.type.split(separator: ".")[5] } == [
                    "opened", "replied", "noted", "pending", "replied", "escalated", "resolved", "closed", "reopened",
                ])
            let escalated = try EnvelopeCodec.decode(SupportDesk.TicketEscalated.self, from: events[5].body)
            #expect(escalated.data.text == "Beamer defekt, Austausch durch den Schulträger nötig")
            #expect(escalated.attributes.subject == "\(id)")
        }
    }

    @Test func refusalsAreClear() async throws {
        try await DeskHarness.with { h in
            let unknown = DeskHarness.school()
            var e = try await h.refusal(DeskHarness.open(unknown, h))
            #expect(e.code == "unknown-school" && e.field == "schulnummer")

            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            let id = try await DeskHarness.openWhenKnown(school, h).ticket.id
            e = try await h.refusal(SupportDesk.ChangeTicket(ticketID: id, action: .close, by: "agent"))
            #expect(e.code == "not-allowed" && e.message.contains("resolve it first"))
            e = try await h.refusal(SupportDesk.ChangeTicket(ticketID: id, action: .reply, by: "agent"))
            #expect(e.field == "text")
            e = try await h.refusal(SupportDesk.ChangeTicket(ticketID: id, action: .deescalate, by: "agent"))
            #expect(e.message.contains("level 1 already"))
            e = try await h.refusal(SupportDesk.GetTicket(ticketID: 999_999))
            #expect(e.code == "not-found")

            var retired = school
            retired.active = false
            retired.leftOn = "2026-07-31"
            try await DeskHarness.announce(Registry.InstitutionRetired(institution: retired), h)
            // Until the retirement arrived, the school still takes tickets.
            let refused = try await eventually(until: { $0?.code == "retired-school" }) {
                () async throws -> ErrorReply? in
                switch try await h.send(DeskHarness.open(school, h), as: SupportDesk.TicketDetails.self) {
                case .refused(let e): return e
                case .reply: return nil
                }
            }
            #expect(refused?.code == "retired-school")
        }
    }

    @Test func anErasedRequesterIsAnonymised() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            let id = try await DeskHarness.openWhenKnown(school, h).ticket.id
            try await DeskHarness.announce(Registry.PersonErased(personID: "p-1", email: "j.krueger@schule.example"), h)
            let d = try await eventually(until: { $0.ticket.requester.email != "j.krueger@schule.example" }) {
                try await h.query(SupportDesk.GetTicket(ticketID: id), as: SupportDesk.TicketDetails.self)
            }
            #expect(d.ticket.requester.name == "gelöschte Person")
            #expect(!d.ticket.requester.email.contains("krueger"))
        }
    }
}
