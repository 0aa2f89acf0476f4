import ArgumentParser
import CLIKit
import Contracts
import Foundation

struct KB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "The knowledge base: articles for self-help and for agents.",
        subcommands: [Search.self, Show.self, New.self, FromTicket.self])

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find articles by words, best match first.")
        @OptionGroup var desk: DeskOptions
        @Argument(help: "The words.") var words: [String]
        @Option(help: "Only one network's articles (and those for every network).") var network: String?
        @Option(help: "How many (1–100).") var limit: Int = 20
        @OptionGroup var output: JSONOption

        func run() async throws {
            let q = SupportDesk.FindArticles(text: words.joined(separator: " "), networkID: network, limit: limit)
            let list = try await DeskSession.run(desk) { try await $0.query(q, SupportDesk.ArticleList.self) }
            if output.json { return try printJSON(list) }
            let style = Style()
            guard !list.articles.isEmpty else { return print(style.dim("no articles")) }
            var t = Table("ID", "TITLE", "NETWORK", "TAGS", "PUBLISHED")
            for a in list.articles {
                t.add(
                    "KB \(a.id)", a.title, a.networkID ?? "all", a.tags.joined(separator: ", "),
                    style.relative(a.publishedAt))
            }
            print(t.render(colour: style.colour))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An article.")
        @OptionGroup var desk: DeskOptions
        @Argument(help: "The article id.") var id: Int
        @OptionGroup var output: JSONOption

        func run() async throws {
            let list = try await DeskSession.run(desk) {
                try await $0.query(SupportDesk.FindArticles(id: id), SupportDesk.ArticleList.self)
            }
            guard let a = list.articles.first else { throw CLIError(.refused, "there is no article \(id)") }
            if output.json { return try printJSON(a) }
            let style = Style()
            print(style.bold("KB \(a.id) \(a.title)"))
            let from = a.fromTicket.map { ", from ticket #\($0)" } ?? ""
            print(
                style.dim("\(a.networkID ?? "every network") · \(a.author) · \(style.relative(a.publishedAt))\(from)"))
            if !a.tags.isEmpty { print(style.dim("tags: \(a.tags.joined(separator: ", "))")) }
            print("\n\(a.body)")
        }
    }

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an article; the text comes from -m, -F, standard input or the editor.")
        @OptionGroup var desk: DeskOptions
        @Option(help: "The title.") var title: String
        @Option(help: "The network it is for (coordinators and admins may leave it out: every network).")
        var network: String?
        @Option(help: "A tag (repeat).") var tag: [String] = []
        @Flag(help: "Show it on the portal to everyone (parents, teachers), not only to agents.")
        var `public` = false
        @OptionGroup var text: TextOptions
        @OptionGroup var output: JSONOption

        func run() async throws {
            let purpose = "The text of the article '\(title)'."
            let body = try text.text(purpose: purpose)
            let list = try await withEditorRetry(body, purpose: purpose) { value in
                try await DeskSession.run(desk) {
                    try await $0.change(
                        SupportDesk.PublishArticle(
                            title: title, body: value, networkID: network, tags: tag, isPublic: `public` ? true : nil),
                        SupportDesk.ArticleList.self)
                }
            }
            try report(list, json: output.json)
        }
    }

    struct FromTicket: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn a solved ticket into an article: its description and solution, unless you give them.")
        @OptionGroup var desk: DeskOptions
        @Argument(help: "The resolved or closed ticket.") var ticket: TicketID
        @Option(help: "A title other than the ticket's.") var title: String?
        @Option(help: "A tag (repeat).") var tag: [String] = []
        @Flag(help: "Show it on the portal to everyone (parents, teachers), not only to agents.")
        var `public` = false
        @OptionGroup var output: JSONOption

        func run() async throws {
            let list = try await DeskSession.run(desk) {
                try await $0.change(
                    SupportDesk.PublishArticle(
                        title: title, tags: tag, fromTicket: ticket.value, isPublic: `public` ? true : nil),
                    SupportDesk.ArticleList.self)
            }
            try report(list, json: output.json)
        }
    }
}

private func report(_ list: SupportDesk.ArticleList, json: Bool) throws {
    if json { return try printJSON(list) }
    for a in list.articles { print("KB \(a.id) published: \(a.title)") }
}
