// The knowledge base: the network's forum for mutual support and "zero-level" self-help.

extension SupportDesk {
    public struct Article: Codable, Sendable, Equatable {
        public var id: Int
        public var title: String
        public var body: String
        /// The network it belongs to; absent for every network.
        public var networkID: String?
        public var tags: [String]
        public var author: String
        public var publishedAt: String
        /// The resolved ticket it was written from.
        public var fromTicket: Int?
        /// Shown on the portal, to everyone (else agents only).
        public var isPublic: Bool?
        public init(
            id: Int, title: String, body: String, networkID: String?, tags: [String], author: String,
            publishedAt: String, fromTicket: Int?, isPublic: Bool? = nil
        ) {
            self.isPublic = isPublic
            self.id = id
            self.title = title
            self.body = body
            self.networkID = networkID
            self.tags = tags
            self.author = author
            self.publishedAt = publishedAt
            self.fromTicket = fromTicket
        }
        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("title", .text), .required("body", .text),
            .optional("networkID", .text, "absent: for every network"), .required("tags", .array(.text)),
            .required("author", .text), .required("publishedAt", .dateTime),
            .optional("fromTicket", .integer(minimum: 1)),
            .optional("isPublic", .boolean, "shown on the portal to everyone; absent: agents only"),
        ])
    }

    public struct PublishArticle: DescribedPayload {
        public static let messageType = SupportDesk.type("article", "publish")
        public static let summary = """
            Publishes an article (or a new text of one, with its id). From a resolved ticket, the title and \
            text default to the ticket's title, description and solution.
            """
        public var id: Int?
        public var title: String?
        public var body: String?
        public var networkID: String?
        /// At most ``maxTags``, each once.
        public var tags: [String]?
        public static let maxTags = 20
        public var fromTicket: Int?
        /// Shown on the portal (true), agents only (false); absent keeps what it was (agents only for a new one).
        public var isPublic: Bool?
        public init(
            id: Int? = nil, title: String? = nil, body: String? = nil, networkID: String? = nil, tags: [String]? = nil,
            fromTicket: Int? = nil, isPublic: Bool? = nil
        ) {
            self.isPublic = isPublic
            self.id = id
            self.title = title
            self.body = body
            self.networkID = networkID
            self.tags = tags
            self.fromTicket = fromTicket
        }
        public static let schema = JSONSchema.object([
            .optional("id", .integer(minimum: 1)), .optional("title", .text), .optional("body", .text),
            .optional("networkID", .text),
            .optional(
                "tags", .array(.string(.init(minLength: 1, maxLength: 40)), maxItems: maxTags, uniqueItems: true)),
            .optional("fromTicket", .integer(minimum: 1)), .optional("isPublic", .boolean),
        ])
    }

    public struct ArticlePublished: DescribedPayload {
        public static let messageType = SupportDesk.type("article", "published")
        public static let summary = "An article of the knowledge base was published or changed."
        public var article: Article
        public init(article: Article) { self.article = article }
        public static let schema = JSONSchema.object([.required("article", Article.schema)])
    }

    public struct FindArticles: DescribedPayload {
        public static let messageType = SupportDesk.type("article", "find")
        public static let summary =
            "Asks for articles by id or by words (all of them), for a network and the global ones."
        public var id: Int?
        public var text: String?
        public var networkID: String?
        public var limit: Int?
        public init(id: Int? = nil, text: String? = nil, networkID: String? = nil, limit: Int? = nil) {
            self.id = id
            self.text = text
            self.networkID = networkID
            self.limit = limit
        }
        public static let schema = JSONSchema.object([
            .optional("id", .integer(minimum: 1)), .optional("text", .text), .optional("networkID", .text),
            .optional("limit", .integer(minimum: 1, maximum: 200)),
        ])
    }

    public struct ArticleList: DescribedPayload {
        public static let messageType = SupportDesk.type("article", "list-result")
        public static let summary = "Articles, best match first."
        public var articles: [Article]
        public init(articles: [Article]) { self.articles = articles }
        public static let schema = JSONSchema.object([.required("articles", .array(Article.schema))])
    }

    public struct LinkArticle: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "link-article")
        public static let summary = "Links an article to a ticket, e.g. as the answer."
        public var ticketID: Int
        public var articleID: Int
        public init(ticketID: Int, articleID: Int) {
            self.ticketID = ticketID
            self.articleID = articleID
        }
        public static let schema = JSONSchema.object([
            .required("ticketID", .integer(minimum: 1)), .required("articleID", .integer(minimum: 1)),
        ])
    }
}

// The knowledge base as the public reads it on the portal: the articles agents marked public.
extension SupportDesk {
    /// An article as the portal shows it: no author, no ticket.
    public struct PublicArticle: Codable, Sendable, Equatable {
        public var id: Int
        public var title: String
        public var body: String
        public var networkID: String?
        public var tags: [String]
        public var publishedAt: String
        public init(id: Int, title: String, body: String, networkID: String?, tags: [String], publishedAt: String) {
            self.id = id
            self.title = title
            self.body = body
            self.networkID = networkID
            self.tags = tags
            self.publishedAt = publishedAt
        }
        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("title", .text), .required("body", .text),
            .optional("networkID", .text), .required("tags", .array(.text)), .required("publishedAt", .dateTime),
        ])
    }

    public struct FindPublicArticles: DescribedPayload, PublicRequest {
        public static let messageType = SupportDesk.type("article", "find-public")
        public static let summary = """
            Asks for the public articles of a network and those for every network, by id or by words (all of \
            them), newest or best match first.
            """
        public var networkID: String
        public var id: Int?
        public var text: String?
        public var limit: Int?
        public init(networkID: String, id: Int? = nil, text: String? = nil, limit: Int? = nil) {
            self.networkID = networkID
            self.id = id
            self.text = text
            self.limit = limit
        }
        public static let schema = JSONSchema.object([
            .required("networkID", .text), .optional("id", .integer(minimum: 1)),
            .optional("text", .string(.init(maxLength: 200))), .optional("limit", .integer(minimum: 1, maximum: 50)),
        ])
    }

    public struct PublicArticleList: DescribedPayload {
        public static let messageType = SupportDesk.type("article", "public-list")
        public static let summary = "Public articles of the knowledge base, newest or best match first."
        public var articles: [PublicArticle]
        public init(articles: [PublicArticle]) { self.articles = articles }
        public static let schema = JSONSchema.object([.required("articles", .array(PublicArticle.schema))])
    }
}
