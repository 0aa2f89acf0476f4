import Contracts
import Foundation
import GRDB
import ServiceKit

/// The knowledge base: agents publish articles for their network (coordinators and admins also
/// for every network), find those of their networks and those for every network, and link them to
/// tickets. Scope holds for the article as it is, too: nobody changes or reads another network's.
extension TicketHandlers {
    func registerKnowledgeBase(_ h: inout HandlerRegistry) {
        h.command(SupportDesk.PublishArticle.self) { c, ctx in try publish(c.data, ctx) }
        h.query(SupportDesk.FindArticles.self) { q, ctx in try findArticles(q.data, ctx) }
        h.command(SupportDesk.LinkArticle.self) { c, ctx in try linkArticle(c.data, ctx) }
        h.query(SupportDesk.FindPublicArticles.self) { q, ctx in try findPublicArticles(q.data, ctx) }
    }

    /// The articles marked public, of the network and for every network, as the portal shows them.
    func findPublicArticles(
        _ q: SupportDesk.FindPublicArticles, _ ctx: MessageContext
    ) throws
        -> SupportDesk.PublicArticleList
    {
        let limit = min(max(q.limit ?? 20, 1), 50)
        var found: [SupportDesk.Article]
        if let id = q.id {
            guard let a = try ArticleRows.find(Int64(id), ctx.db), a.isPublic == true,
                a.networkID == nil || a.networkID == q.networkID
            else { throw DomainError.notFound("there is no public article \(id)", field: "id") }
            found = [a]
        } else {
            found = try ArticleRows.search(
                q.text.flatMap(TicketSearch.matchExpression), networkID: q.networkID, within: nil, limit: limit,
                onlyPublic: true, ctx.db)
        }
        return SupportDesk.PublicArticleList(
            articles: found.map {
                SupportDesk.PublicArticle(
                    id: $0.id, title: $0.title, body: $0.body, networkID: $0.networkID, tags: $0.tags,
                    publishedAt: $0.publishedAt)
            })
    }

    func publish(_ p: SupportDesk.PublishArticle, _ ctx: MessageContext) throws -> SupportDesk.ArticleList {
        let agent = try agents.sender(ctx)
        var title = p.title?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        var body = p.body?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        var network = p.networkID
        if let from = p.fromTicket {
            let t = try existing(Int64(from), ctx.db)
            try permit(agent, t)
            do { try TicketRules.becomesArticle(t.status) } catch {
                throw Refusal.ticket(t.id, error, field: "fromTicket")
            }
            let solution = try TicketRows.history(t.id, ctx.db).last { $0.action == "resolve" }?.text ?? ""
            title = title ?? t.title
            body = body ?? "\(t.description)\n\nLösung: \(solution)"
            network = network ?? t.networkID
        }
        guard let title, let body else {
            throw DomainError.invalid("an article needs a title and a text (or a resolved ticket)", field: "title")
        }
        if let network {
            guard try networks(of: agent, ctx.db)?.contains(network) ?? true else {
                throw DomainError.notPermitted(
                    "\(agent.id) does not work in the network '\(network)'", field: "networkID")
            }
        } else {
            guard agent.role == .admin || agent.role == .coordinator else {
                throw DomainError.notPermitted(
                    "articles for every network are published by coordinators and admins; give networkID",
                    field: "networkID")
            }
        }
        var seenTags = Set<String>()
        let tags = (p.tags ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter {
            !$0.isEmpty && seenTags.insert($0).inserted
        }
        guard tags.count <= SupportDesk.PublishArticle.maxTags, tags.allSatisfy({ $0.count <= 40 }) else {
            throw DomainError.invalid(
                "an article has at most \(SupportDesk.PublishArticle.maxTags) tags of at most 40 characters",
                field: "tags")
        }
        var article = SupportDesk.Article(
            id: p.id ?? 0, title: title, body: body, networkID: network, tags: tags,
            author: agent.id, publishedAt: RFC3339.string(from: ctx.now), fromTicket: p.fromTicket,
            isPublic: p.isPublic == true ? true : nil)
        if let id = p.id {
            // A new text of an article: the article as it is must be the agent's to change too.
            guard let old = try ArticleRows.find(Int64(id), ctx.db), try mayRead(old, agent, ctx.db) else {
                throw DomainError.notFound("there is no article \(id)", field: "id")
            }
            try mayChange(old, agent, ctx.db)
            if p.isPublic == nil { article.isPublic = old.isPublic }
        }
        article.id = Int(try ArticleRows.save(article, ctx.db))
        try ctx.emit(SupportDesk.ArticlePublished(article: article), subject: "\(article.id)")
        return SupportDesk.ArticleList(articles: [article])
    }

    /// Whether the agent may see the article: one for every network, or of a network they work in.
    func mayRead(_ a: SupportDesk.Article, _ agent: SupportDesk.Agent, _ db: Database) throws -> Bool {
        guard let network = a.networkID else { return true }
        return try networks(of: agent, db)?.contains(network) ?? true
    }

    /// Refuses a change of an article the agent may not publish: another network's, or, but for
    /// coordinators and admins, one for every network.
    func mayChange(_ a: SupportDesk.Article, _ agent: SupportDesk.Agent, _ db: Database) throws {
        if let network = a.networkID {
            guard try networks(of: agent, db)?.contains(network) ?? true else {
                throw DomainError.notPermitted(
                    "article \(a.id) belongs to the network '\(network)', where \(agent.id) does not work", field: "id")
            }
        } else if agent.role != .admin && agent.role != .coordinator {
            throw DomainError.notPermitted(
                "article \(a.id) is for every network; only coordinators and admins change it", field: "id")
        }
    }

    /// The networks an agent works in; nil for all (an admin).
    func networks(of agent: SupportDesk.Agent, _ db: Database) throws -> Set<String>? {
        switch agent.role {
        case .admin: return nil
        case .coordinator: return Set(agent.networks)
        case .firstLevel:
            var w = SQLConditions()
            w.add(in: "schulnummer", agent.schools)
            let ofSchools = try String.fetchAll(
                db, sql: "SELECT DISTINCT network_id FROM schools \(w.sql)", arguments: w.arguments)
            return Set(agent.networks + ofSchools)
        case .secondLevel:
            var w = SQLConditions()
            w.add(in: "schultraeger_id", agent.schultraeger)
            return Set(
                try String.fetchAll(db, sql: "SELECT DISTINCT network_id FROM schools \(w.sql)", arguments: w.arguments)
            )
        }
    }

    func findArticles(_ q: SupportDesk.FindArticles, _ ctx: MessageContext) throws -> SupportDesk.ArticleList {
        let agent = try agents.sender(ctx)
        if let id = q.id {
            // Another network's article is as good as none: its existence is not told either.
            guard let a = try ArticleRows.find(Int64(id), ctx.db), try mayRead(a, agent, ctx.db) else {
                throw DomainError.notFound("there is no article \(id)", field: "id")
            }
            return SupportDesk.ArticleList(articles: [a])
        }
        return SupportDesk.ArticleList(
            articles: try ArticleRows.search(
                q.text.flatMap(TicketSearch.matchExpression), networkID: q.networkID,
                within: try networks(of: agent, ctx.db), limit: min(max(q.limit ?? 20, 1), 200), ctx.db))
    }

    func linkArticle(_ l: SupportDesk.LinkArticle, _ ctx: MessageContext) throws -> SupportDesk.TicketDetails {
        let agent = try agents.sender(ctx)
        let t = try existing(Int64(l.ticketID), ctx.db)
        try permit(agent, t)
        guard let article = try ArticleRows.find(Int64(l.articleID), ctx.db), try mayRead(article, agent, ctx.db) else {
            throw DomainError.notFound("there is no article \(l.articleID)", field: "articleID")
        }
        if try ArticleRows.link(ticket: t.id, article: Int64(article.id), ctx.db) {
            try TicketRows.addHistory(
                t.id, at: ctx.now, by: agent.id, action: "link-article", text: "#\(article.id) \(article.title)",
                isPublic: false, messageID: ctx.message.id, ctx.db)
        }
        return try details(t, now: ctx.now, ctx.db)
    }
}
