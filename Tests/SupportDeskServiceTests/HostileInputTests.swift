import Contracts
import Foundation
import Messaging
import RBNTestSupport
import SupportDeskService
import Testing

/// Issue 17, findings 4, 6 and 7 on the support desk: what an agent's login could do with input
/// the desk trusted.
@Suite("Hostile input to the support desk", .hangGuard)
struct HostileInputTests {
    /// An agent of Kreis Lippe, with their own broker user.
    static func lippeAgent(_ h: ServiceHarness, school: Registry.Institution) async throws -> ServiceHarness.Sender {
        let id = "agent-\(UUID().uuidString.prefix(6).lowercased())"
        try await ServiceHarness.addBrokerUser(id, password: "pw-\(id)")
        let agent = try await h.sender(user: id, password: "pw-\(id)")
        _ = try await h.command(
            SupportDesk.SaveAgent(.init(id: id, name: "Jana Krüger", role: .firstLevel, schools: [school.id])),
            as: SupportDesk.AgentDetails.self)
        return agent
    }

    /// Finding 6: an agent overwrote another network's article by id, and searches showed every
    /// network's articles.
    @Test func theKnowledgeBaseKeepsToTheAgentsNetworks() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            _ = try await DeskHarness.openWhenKnown(school, h)
            let agent = try await Self.lippeAgent(h, school: school)
            defer { Task { await agent.connection.close() } }
            // The admin publishes one article for Münster and one for every network.
            let muenster = try await h.command(
                SupportDesk.PublishArticle(
                    title: "Münsteraner WLAN-Zugang", body: "Nur für Schulen der Stadt Münster.",
                    networkID: "stadt-muenster"), as: SupportDesk.ArticleList.self
            ).articles[0]
            let global = try await h.command(
                SupportDesk.PublishArticle(title: "Passwort zurücksetzen", body: "So geht es im Schulportal."),
                as: SupportDesk.ArticleList.self
            ).articles[0]

            // Overwriting either by id is refused, and both stay as they were.
            for (id, code) in [(muenster.id, "not-found"), (global.id, "not-permitted")] {
                guard
                    case .refused(let e) = try await h.send(
                        SupportDesk.PublishArticle(
                            id: id, title: "Übernommen", body: "Bitte hier klicken.", networkID: "kreis-lippe"),
                        as: SupportDesk.ArticleList.self, from: agent)
                else { throw TestSetupError("article \(id) was overwritten by an agent of another network") }
                #expect(e.code == code, "\(e)")
            }
            let unchanged = try await h.query(
                SupportDesk.FindArticles(id: muenster.id), as: SupportDesk.ArticleList.self)
            #expect(unchanged.articles.first?.title == "Münsteraner WLAN-Zugang")

            // Searches and look-ups show the agent their network's and everyone's, not Münster's.
            guard
                case .reply(let found) = try await h.send(
                    SupportDesk.FindArticles(), as: SupportDesk.ArticleList.self, from: agent)
            else { throw TestSetupError("the agent could not search") }
            #expect(found.articles.map(\.id) == [global.id])
            guard
                case .reply(let byWord) = try await h.send(
                    SupportDesk.FindArticles(text: "wlan zugang"), as: SupportDesk.ArticleList.self, from: agent)
            else { throw TestSetupError("the agent could not search") }
            #expect(byWord.articles.isEmpty)
            guard
                case .refused(let hidden) = try await h.send(
                    SupportDesk.FindArticles(id: muenster.id), as: SupportDesk.ArticleList.self, from: agent)
            else { throw TestSetupError("the agent read another network's article") }
            #expect(hidden.code == "not-found")
        }
    }

    /// Finding 7: `ticket.assign` took any number of repeated ids and answered with a view of each;
    /// a list's status array made a statement of its own for each length.
    @Test func arraysAreDeduplicatedAndLimited() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            let ticket = try await DeskHarness.openWhenKnown(school, h).ticket.id
            let agent = try await Self.lippeAgent(h, school: school)
            defer { Task { await agent.connection.close() } }

            // The same id 20,000 times counts once. (The adversary suite sends 100,000 to the real
            // process; this desk runs inside the test process, whose two threads every test shares.)
            guard
                case .reply(let once) = try await h.send(
                    SupportDesk.AssignTickets(ticketIDs: Array(repeating: ticket, count: 20_000), to: nil),
                    as: SupportDesk.AssignResult.self, from: agent)
            else { throw TestSetupError("a repeated id was refused") }
            #expect(once.tickets.map(\.id) == [ticket] && once.refused.isEmpty)
            // More distinct tickets than an answer may carry: refused with the limit.
            guard
                case .refused(let many) = try await h.send(
                    SupportDesk.AssignTickets(ticketIDs: Array(1...2_000), to: nil),
                    as: SupportDesk.AssignResult.self, from: agent)
            else { throw TestSetupError("2,000 tickets were assigned at once") }
            #expect(many.code == "invalid" && many.field == "ticketIDs" && many.message.contains("at most 500"))

            // A status list of 4,000 entries is the same list as one of each status.
            var list = SupportDesk.ListTickets()
            list.status = Array(repeating: [SupportDesk.Status.new, .open], count: 2_000).flatMap { $0 }
            guard case .reply(let long) = try await h.send(list, as: SupportDesk.TicketList.self, from: agent) else {
                throw TestSetupError("the long status list was refused")
            }
            list.status = [.new, .open]
            guard case .reply(let short) = try await h.send(list, as: SupportDesk.TicketList.self, from: agent) else {
                throw TestSetupError("the status list was refused")
            }
            #expect(long.tickets.map(\.id) == short.tickets.map(\.id) && long.total == short.total)
            #expect(short.tickets.map(\.id).contains(ticket))
        }
    }

    /// Finding 4 on the way in: an address or a name that would break out of a mail header is
    /// refused when the ticket is opened, with the reason.
    @Test func aRequesterWithAHeaderOfTheirOwnIsRefused() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            _ = try await DeskHarness.openWhenKnown(school, h)
            for (name, email) in [
                ("Eve", "eve@x.example\r\nBcc: spy@evil.example"), ("Eve\r\nBcc: spy@evil.example", "eve@x.example"),
                ("Eve", "eve@x.example>, <spy@evil.example"), ("Eve", "a@b@c.example"),
            ] {
                var open = DeskHarness.open(school, h)
                open.requester = .init(name: name, email: email)
                let refusal = try await h.refusal(open)
                #expect(refusal.code == "invalid" && refusal.field == "requester", "\(name) \(email): \(refusal)")
            }
        }
    }
}
