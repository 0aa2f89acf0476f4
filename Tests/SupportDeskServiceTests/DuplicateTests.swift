import Contracts
import Foundation
import RBNTestSupport
import SupportDeskService
import Testing

/// Duplicates: the hint on open, merging into a ticket of the same school, linking.
@Suite("Duplicates over the broker", .hangGuard)
struct DuplicateTests {
    @Test func hintMergeAndLink() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            let elsewhere = DeskHarness.school()
            for s in [school, elsewhere] {
                try await DeskHarness.announce(Registry.InstitutionRegistered(institution: s), h)
            }
            let first = try await DeskHarness.openWhenKnown(school, h)
            #expect(first.similar == [])
            func open(_ title: String, at s: Registry.Institution) async throws -> SupportDesk.TicketDetails {
                var o = DeskHarness.open(s, h)
                o.title = title
                return try await h.command(o, as: SupportDesk.TicketDetails.self)
            }
            let second = try await open("Beamer im Raum 2.14 defekt", at: school)
            #expect(second.similar?.map(\.id) == [first.ticket.id], "same school, the word 'beamer' in common")
            let wlan = try await open("WLAN im Neubau fällt aus", at: school)
            #expect(wlan.similar == [])
            let far = try await DeskHarness.openWhenKnown(elsewhere, h)
            #expect(far.similar == [])

            let merged = try await h.command(
                SupportDesk.MergeTicket(ticketID: second.ticket.id, into: first.ticket.id),
                as: SupportDesk.TicketDetails.self)
            #expect(merged.ticket.id == first.ticket.id && merged.history.last?.action == "merged-in")
            #expect(merged.history.last?.text?.contains("Beamer im Raum 2.14 defekt") == true)
            let gone = try await h.query(
                SupportDesk.GetTicket(ticketID: second.ticket.id), as: SupportDesk.TicketDetails.self)
            #expect(gone.ticket.status == .merged && gone.ticket.mergedInto == first.ticket.id)
            var e = try await h.refusal(
                SupportDesk.ChangeTicket(ticketID: second.ticket.id, action: .note, by: "agent", text: "noch da?"))
            #expect(e.code == "not-allowed")
            e = try await h.refusal(SupportDesk.MergeTicket(ticketID: far.ticket.id, into: first.ticket.id))
            #expect(e.message.contains("different schools"))

            let linked = try await h.command(
                SupportDesk.LinkTickets(ticketID: first.ticket.id, other: far.ticket.id),
                as: SupportDesk.TicketDetails.self)
            #expect(linked.links.map(\.id) == [far.ticket.id])
            let back = try await h.query(
                SupportDesk.GetTicket(ticketID: far.ticket.id), as: SupportDesk.TicketDetails.self)
            #expect(back.links.map(\.id) == [first.ticket.id])

            let events = try await h.emitted(expecting: 5)
            #expect(events.last?.type == SupportDesk.TicketMerged.messageType.rawValue)
        }
    }

    @Test func similarTitlesShareASignificantWord() {
        #expect(Similarity.similar("Beamer zeigt kein Bild", "Beamer defekt"))
        #expect(!Similarity.similar("WLAN geht nicht", "Drucker geht nicht"))
        #expect(!Similarity.similar("Passwort vergessen", "Beamer defekt"))
    }
}
