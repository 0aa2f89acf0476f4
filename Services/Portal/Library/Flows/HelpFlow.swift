import Contracts
import Foundation
import Hummingbird

/// The knowledge base as the public reads it: the articles agents marked public, of the network
/// and for every network, searchable.
extension PortalApp {
    func registerHelp(_ router: Router<PortalContext>) {
        router.get("/n/:network/hilfe") { r, c in try await self.helpPage(r, c) }
        router.get("/n/:network/hilfe/:article") { r, c in try await self.articlePage(r, c) }
    }

    /// Public articles of a network: newest first, or best match of `text`.
    func publicArticles(
        _ network: String, text: String? = nil, limit: Int = 20
    ) async -> Asked<[SupportDesk.PublicArticle]> {
        let query = SupportDesk.FindPublicArticles(networkID: network, text: text, limit: limit)
        // A list is kept a few seconds; a search is the public's own words, asked afresh.
        let answer =
            text == nil
            ? await askCached(query, SupportDesk.PublicArticleList.self)
            : await ask(query, SupportDesk.PublicArticleList.self)
        return answer.map(\.articles)
    }

    func helpPage(_ r: Request, _ c: PortalContext) async throws -> Response {
        let lang = language(r)
        guard case .reply(let found) = await findNetwork(c.parameters.get("network")) else {
            return failure(.serviceUnavailable, r)
        }
        guard let n = found else { return failure(.notFound, r) }
        let query = String(
            (r.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        guard case .reply(let articles) = await publicArticles(n.id, text: query.isEmpty ? nil : query, limit: 50)
        else {
            return failure(.serviceUnavailable, r)
        }
        return respond(
            Page(
                .help, language: lang, title: text("help", lang),
                values: [
                    "networkURL": Language.keep("/n/\(n.id)", lang), "action": "/n/\(n.id)/hilfe", "query": query,
                    "articles": articles.map {
                        [
                            "title": $0.title, "excerpt": Self.excerpt($0.body),
                            "url": Language.keep("/n/\(n.id)/hilfe/\($0.id)", lang),
                        ]
                    },
                ]), r, network: n.id)
    }

    func articlePage(_ r: Request, _ c: PortalContext) async throws -> Response {
        let lang = language(r)
        guard let network = c.parameters.get("network"), network.count <= 64,
            let id = c.parameters.get("article").flatMap(Int.init), id > 0
        else { return failure(.notFound, r) }
        switch await ask(SupportDesk.FindPublicArticles(networkID: network, id: id), SupportDesk.PublicArticleList.self)
        {
        case .reply(let l):
            guard let a = l.articles.first else { return failure(.notFound, r) }
            return respond(
                Page(
                    .article, language: lang, title: a.title,
                    values: [
                        "title": a.title, "helpURL": Language.keep("/n/\(network)/hilfe", lang),
                        "paragraphs": a.body.components(separatedBy: "\n\n").map {
                            $0.trimmingCharacters(in: .whitespacesAndNewlines)
                        }.filter { !$0.isEmpty },
                    ]), r, network: network)
        case .refused: return failure(.notFound, r)
        case .unavailable: return failure(.serviceUnavailable, r)
        }
    }

    /// The first words of an article, for a list.
    static func excerpt(_ body: String) -> String {
        let flat = body.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 160 ? flat : String(flat.prefix(157)) + "…"
    }
}
