import Contracts
import Foundation
import RBNTestSupport
import SupportDeskService
import Testing

/// Ticket figures: counts by network, Schulträger, category and status; SLA compliance.
@Suite("Reports over the broker", .hangGuard)
struct ReportTests {
    @Test func countsAndCompliance() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            let a = try await DeskHarness.openWhenKnown(school, h).ticket.id
            _ = try await h.command(DeskHarness.open(school, h), as: SupportDesk.TicketDetails.self)
            var wlan = DeskHarness.open(school, h)
            wlan.category = .network
            _ = try await h.command(wlan, as: SupportDesk.TicketDetails.self)
            for (action, text) in [
                (SupportDesk.ChangeTicket.Action.reply, "Schaue ich mir an."), (.resolve, "Erledigt."),
            ] {
                _ = try await h.command(
                    SupportDesk.ChangeTicket(ticketID: a, action: action, by: "agent", text: text),
                    as: SupportDesk.TicketDetails.self)
            }
            let r = try await h.query(
                SupportDesk.TicketReport(networkID: "kreis-lippe"), as: SupportDesk.TicketFigures.self)
            #expect(
                r.counts.map { "\($0.category.rawValue)/\($0.status.rawValue)=\($0.tickets)" } == [
                    "hardware/new=1", "hardware/resolved=1", "network/new=1",
                ])
            #expect(r.firstResponse.met == 1 && r.firstResponse.running == 2 && r.firstResponse.breached == 0)
            #expect(r.resolution.met == 1 && r.resolution.running == 2 && r.resolution.median != nil)
            let none = try await h.query(
                SupportDesk.TicketReport(networkID: "stadt-muenster"), as: SupportDesk.TicketFigures.self)
            #expect(none.counts.isEmpty && none.firstResponse.median == nil)
        }
    }
}
