import Contracts
import Foundation
import RBNTestSupport
import SupportDeskService
import Testing

/// The knowledge base: an article from a resolved ticket, found by its words, linked from a ticket.
@Suite("Knowledge base over the broker", .hangGuard)
struct KnowledgeBaseTests {
    @Test func aSolvedTicketBecomesAnArticleThatIsFoundAndLinked() async throws {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            let solved = try await DeskHarness.openWhenKnown(school, h).ticket.id
            #expect(try await h.refusal(SupportDesk.PublishArticle(fromTicket: solved)).code == "not-allowed")
            _ = try await h.command(
                SupportDesk.ChangeTicket(
                    ticketID: solved, action: .resolve, by: "agent",
                    text: "HDMI-Umschalter am Pult auf Eingang 2 stellen."),
                as: SupportDesk.TicketDetails.self)
            let published = try await h.command(
                SupportDesk.PublishArticle(tags: ["Beamer", " HDMI "], fromTicket: solved),
                as: SupportDesk.ArticleList.self)
            let article = try #require(published.articles.first)
            #expect(article.title == "Beamer in Raum 2.14 zeigt kein Bild" && article.networkID == "kreis-lippe")
            #expect(article.body.contains("Eingang 2") && article.tags == ["beamer", "hdmi"])

            let global = try await h.command(
                SupportDesk.PublishArticle(
                    title: "Passwort zurücksetzen", body: "So setzen Sie ein Passwort im Schulportal zurück."),
                as: SupportDesk.ArticleList.self)
            let found = try await h.query(
                SupportDesk.FindArticles(text: "umschalter eingang", networkID: "kreis-lippe"),
                as: SupportDesk.ArticleList.self)
            #expect(found.articles.map(\.id) == [article.id])
            let forMuenster = try await h.query(
                SupportDesk.FindArticles(networkID: "stadt-muenster"), as: SupportDesk.ArticleList.self)
            #expect(
                forMuenster.articles.map(\.id) == [global.articles[0].id], "other networks see the global ones only")

            var open = DeskHarness.open(school, h)
            open.title = "Beamer schwarz"
            let next = try await h.command(open, as: SupportDesk.TicketDetails.self).ticket.id
            let linked = try await h.command(
                SupportDesk.LinkArticle(ticketID: next, articleID: article.id), as: SupportDesk.TicketDetails.self)
            #expect(linked.articles == [article.id] && linked.history.last?.action == "link-article")
            let events = try await h.emitted(expecting: 5)
            #expect(events.count == 5)
            #expect(events.filter { $0.type == SupportDesk.ArticlePublished.messageType.rawValue }.count == 2)
        }
    }
}

/// Issue 20: the knowledge base on the portal shows what agents marked public, and nothing else.
extension KnowledgeBaseTests {
    @Test func thePortalReadsOnlyPublicArticlesOfTheNetworkAndForEveryone() async throws {
        try await DeskHarness.with { h in
            let word = "wort\(UUID().uuidString.prefix(6).lowercased())"
            func publish(_ title: String, network: String?, isPublic: Bool?) async throws -> Int {
                try await h.command(
                    SupportDesk.PublishArticle(
                        title: title, body: "\(title): \(word)", networkID: network, isPublic: isPublic),
                    as: SupportDesk.ArticleList.self
                ).articles[0].id
            }
            let lippe = try await publish("Gäste-WLAN", network: "kreis-lippe", isPublic: true)
            let everyone = try await publish("Passwort zurücksetzen", network: nil, isPublic: true)
            let agentsOnlyArticle = try await publish("Firewall-Zugang", network: "kreis-lippe", isPublic: nil)
            let muenster = try await publish("Münsters WLAN", network: "stadt-muenster", isPublic: true)
            let portal = try await h.portal()
            defer { Task { await portal.connection.close() } }
            guard
                case .reply(let found) = try await h.send(
                    SupportDesk.FindPublicArticles(networkID: "kreis-lippe", text: word),
                    as: SupportDesk.PublicArticleList.self, from: portal)
            else { throw TestSetupError("the portal could not search") }
            #expect(Set(found.articles.map(\.id)) == [lippe, everyone])
            for hidden in [agentsOnlyArticle, muenster] {
                guard
                    case .refused(let r) = try await h.send(
                        SupportDesk.FindPublicArticles(networkID: "kreis-lippe", id: hidden),
                        as: SupportDesk.PublicArticleList.self, from: portal)
                else { throw TestSetupError("article \(hidden) was shown") }
                #expect(r.code == "not-found")
            }
            // A new text keeps the article public; the agents' search is not the portal's to use.
            _ = try await h.command(
                SupportDesk.PublishArticle(id: lippe, title: "Gäste-WLAN", body: "Neu: \(word)"),
                as: SupportDesk.ArticleList.self)
            guard
                case .reply(let again) = try await h.send(
                    SupportDesk.FindPublicArticles(networkID: "kreis-lippe", id: lippe),
                    as: SupportDesk.PublicArticleList.self,
                    from: portal)
            else { throw TestSetupError("the changed article disappeared") }
            #expect(again.articles.first?.body == "Neu: \(word)")
            guard
                case .refused(let agentsOnly) = try await h.send(
                    SupportDesk.FindArticles(text: word), as: SupportDesk.ArticleList.self, from: portal)
            else { throw TestSetupError("the portal searched the agents' knowledge base") }
            #expect(agentsOnly.code == "not-permitted")
        }
    }
}
