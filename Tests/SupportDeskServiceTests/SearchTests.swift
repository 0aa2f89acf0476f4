import Contracts
import Foundation
import RBNTestSupport
import SupportDeskService
import Testing

/// Listing and searching tickets: filters, full text over replies too, sort, paging.
@Suite("Search over the broker", .hangGuard)
struct SearchTests {
    @Test func filtersFullTextSortAndPaging() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            let beamer = try await DeskHarness.openWhenKnown(school, h).ticket.id
            func open(
                _ title: String, _ description: String, _ p: SupportDesk.Priority, _ c: SupportDesk.Category
            )
                async throws -> Int
            {
                var o = DeskHarness.open(school, h, priority: p)
                o.title = title
                o.description = description
                o.category = c
                return try await h.command(o, as: SupportDesk.TicketDetails.self).ticket.id
            }
            let wlan = try await open("WLAN im Neubau", "Kein Empfang in den Räumen 3.01 bis 3.12.", .high, .network)
            let konto = try await open(
                "Passwort zurücksetzen", "Frau Özdemir kann sich nicht anmelden.", .critical, .accounts)
            _ = try await h.command(
                SupportDesk.ChangeTicket(
                    ticketID: wlan, action: .note, by: "agent", text: "Access-Point im Flur tauschen"),
                as: SupportDesk.TicketDetails.self)

            func list(_ q: SupportDesk.ListTickets) async throws -> SupportDesk.TicketList {
                var q = q
                q.schulnummer = school.id
                return try await h.query(q, as: SupportDesk.TicketList.self)
            }
            #expect(try await list(.init()).tickets.map(\.id) == [konto, wlan, beamer])
            #expect(try await list(.init(sort: .priority)).tickets.map(\.id) == [konto, wlan, beamer])
            #expect(try await list(.init(sort: .oldest, limit: 2)).tickets.map(\.id) == [beamer, wlan])
            let page2 = try await list(.init(sort: .oldest, limit: 2, offset: 2))
            #expect(page2.tickets.map(\.id) == [konto] && page2.total == 3)
            #expect(try await list(.init(category: .network)).tickets.map(\.id) == [wlan])
            #expect(try await list(.init(text: "access point")).tickets.map(\.id) == [wlan], "found by its note")
            #expect(try await list(.init(text: "ozdemir")).tickets.map(\.id) == [konto], "diacritics do not matter")
            #expect(try await list(.init(text: "beamer wlan")).tickets.isEmpty, "every word must occur")
            #expect(try await list(.init(text: "\" AND (* NEAR")).tickets.isEmpty, "syntax is just text")
            #expect(try await list(.init(status: [.resolved])).total == 0)
            #expect(try await list(.init(unassigned: true)).total == 3)
        }
    }
}
