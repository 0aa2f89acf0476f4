import Contracts
import Foundation
import GRDB
import ServiceKit
import SupportDeskService
import Testing

/// Lists and searches over a store that years of use have filled (the benchmark's store, smaller):
/// the plans that stop early must still return exactly the right tickets, in order, and counts
/// stop at the limit and say so.
@Suite("Listing at scale")
struct ListingAtScaleTests {
    let store: Store
    let handlers = SupportDeskService.definition(admins: ["admin"]).handlers
    let count = 3000

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-listing-\(UUID().uuidString)")
        store = try Store(
            directory: dir.path, name: "support-desk", migrations: SupportDeskService.definition().migrations)
        _ = try store.pool.write { [count] db in try SyntheticDesk.fill(db, tickets: count, now: Date()) }
    }

    func list(_ q: SupportDesk.ListTickets, as sender: String = "admin") async throws -> SupportDesk.TicketList {
        let body = try EnvelopeCodec.encode(Envelope(q))
        let reply = try await store.read { [handlers] db in try handlers.runQuery(body, sender: sender, in: db) }
        return try EnvelopeCodec.decode(SupportDesk.TicketList.self, from: reply).data
    }

    /// The ids the store holds for a condition, newest first, by a plain query.
    func expected(_ condition: String, _ arguments: StatementArguments = []) async throws -> [Int] {
        try await store.read { db in
            try Int.fetchAll(
                db, sql: "SELECT id FROM tickets WHERE \(condition) ORDER BY id DESC", arguments: arguments)
        }
    }

    @Test func countsStopAtTheLimitAndSaySo() async throws {
        let all = try await list(.init(limit: 50))
        #expect(all.total == SupportDesk.TicketList.countLimit)
        #expect(all.totalCapped)
        #expect(all.tickets.map(\.id) == Array(try await expected("1").prefix(50)))

        let school = SyntheticDesk.schulnummer(network: 0, index: 3)
        let few = try await list(.init(schulnummer: school, limit: 500))
        let ids = try await expected("schulnummer = ?", [school])
        #expect(!few.totalCapped)
        #expect(few.total == ids.count)
        #expect(few.tickets.map(\.id) == ids)
    }

    @Test func openTicketsInEitherOrderAndClosedOnesNewestFirst() async throws {
        let open = try await list(.init(status: [.new, .open, .pending], sort: .oldest, limit: 500))
        let ids = try await expected("status IN ('new', 'open', 'pending')")
        #expect(open.tickets.map(\.id) == Array(ids.reversed().prefix(500)))
        #expect(open.total == min(ids.count, 1000))

        let closed = try await list(.init(status: [.closed], category: .devices, limit: 30, offset: 10))
        let closedIDs = try await expected("status = 'closed' AND category = 'devices'")
        #expect(closed.tickets.map(\.id) == Array(closedIDs.dropFirst(10).prefix(30)))
    }

    @Test func searchWithinAScopeFindsEveryMatchInOrder() async throws {
        let network = SyntheticDesk.networks[0]
        let found = try await list(.init(text: "drucker lehrerzimmer", limit: 500), as: SyntheticDesk.coordinator)
        let ids = try await expected(
            "network_id = ? AND id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH 'drucker lehrerzimmer')",
            [network])
        #expect(!ids.isEmpty)
        #expect(found.tickets.map(\.id) == Array(ids.prefix(500)))
        #expect(found.tickets.allSatisfy { $0.networkID == network && $0.title.contains("Drucker") })
        #expect(found.total == min(ids.count, 1000))
    }
}
