import Contracts
import Foundation
import GRDB
import ServiceKit

/// The knowledge base's articles and their full-text index.
enum ArticleRows {
    static func find(_ id: Int64, _ db: Database) throws -> SupportDesk.Article? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM articles WHERE id = ?"), arguments: [id]).map(article)
    }

    private static func article(_ r: Row) -> SupportDesk.Article {
        let tags = (try? JSONDecoder().decode([String].self, from: Data((r["tags"] as String).utf8))) ?? []
        return SupportDesk.Article(
            id: r["id"], title: r["title"], body: r["body"], networkID: r["network_id"], tags: tags,
            author: r["author"], publishedAt: r["published_at"], fromTicket: r["from_ticket"],
            isPublic: (r["public"] as Bool?) == true ? true : nil)
    }

    /// Inserts (id 0) or replaces an article and its index entry; returns its id.
    static func save(_ a: SupportDesk.Article, _ db: Database) throws -> Int64 {
        let tags = String(decoding: try JSONEncoder().encode(a.tags), as: UTF8.self)
        let args: [(any DatabaseValueConvertible)?] = [
            a.title, a.body, a.networkID, tags, a.author, a.publishedAt, a.fromTicket, a.isPublic == true,
        ]
        var id = Int64(a.id)
        if id == 0 {
            try db.cachedStatement(
                sql: """
                    INSERT INTO articles (title, body, network_id, tags, author, published_at, from_ticket, public)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: StatementArguments(args))
            id = db.lastInsertedRowID
        } else {
            try db.cachedStatement(
                sql: """
                    UPDATE articles SET title = ?, body = ?, network_id = ?, tags = ?, author = ?, published_at = ?,
                        from_ticket = ?, public = ?
                    WHERE id = ?
                    """
            ).execute(arguments: StatementArguments(args + [id]))
            try db.cachedStatement(sql: "DELETE FROM article_search WHERE rowid = ?").execute(arguments: [id])
        }
        try db.cachedStatement(sql: "INSERT INTO article_search (rowid, title, body, tags) VALUES (?, ?, ?, ?)")
            .execute(arguments: [id, a.title, a.body, a.tags.joined(separator: " ")])
        return id
    }

    /// Articles of the network and the global ones matching every word, best first.
    /// Articles for every network and those of `within` (all networks' when nil), matching the
    /// search and the network asked for.
    static func search(
        _ match: String?, networkID: String?, within: Set<String>?, limit: Int, onlyPublic: Bool = false,
        _ db: Database
    ) throws -> [SupportDesk.Article] {
        var w = SQLConditions()
        if onlyPublic { w.add("a.public = 1", values: []) }
        if let networkID { w.add("(a.network_id IS NULL OR a.network_id = ?)", values: [networkID]) }
        if let within {
            let networks = within.sorted()
            w.add(
                "(a.network_id IS NULL OR a.network_id IN (\(SQLConditions.marks(networks.count))))", values: networks)
        }
        if let match {
            w.add("s.article_search MATCH ?", match)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT a.* FROM article_search s JOIN articles a ON a.id = s.rowid \(w.sql)
                    ORDER BY s.rank LIMIT \(limit)
                    """, arguments: w.arguments
            ).map(article)
        }
        return try Row.fetchAll(
            db, sql: "SELECT a.* FROM articles a \(w.sql) ORDER BY a.id DESC LIMIT \(limit)", arguments: w.arguments
        ).map(article)
    }

    static func link(ticket: Int64, article: Int64, _ db: Database) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO ticket_articles (ticket_id, article_id) VALUES (?, ?)")
            .execute(arguments: [ticket, article])
        return db.changesCount > 0
    }

    static func linked(to ticket: Int64, _ db: Database) throws -> [Int] {
        try Int.fetchAll(
            db.cachedStatement(sql: "SELECT article_id FROM ticket_articles WHERE ticket_id = ? ORDER BY article_id"),
            arguments: [ticket])
    }
}
