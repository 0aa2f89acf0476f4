import Contracts
import Foundation
import GRDB
import ServiceKit

/// Erasing a person from the support desk: their tickets keep no name or address of theirs, and
/// every text that quotes them (titles, descriptions, replies, notes, merge texts, the history's
/// author, articles) has the quote replaced; the search indexes are rewritten and merged, so the
/// words are not left in them either.
enum PersonErasure {
    /// Erases `email` (and the names the desk knows for it); returns how many rows changed.
    static func erase(personID: String, email: String, _ db: Database) throws -> (entries: Int, needles: [String]) {
        let email = email.lowercased()
        let names = try String.fetchAll(
            db, sql: "SELECT DISTINCT requester_name FROM tickets WHERE requester_email = ?", arguments: [email])
        let needles = Erasure.needles(email: email, names: names)
        var changed = 0
        let erasedAddress = "erased-\(personID)@invalid"
        // The tickets that may quote them: their own, and those whose words match (the index holds
        // titles, descriptions, replies and notes), and any history written by them.
        var tickets = Set(
            try Int64.fetchAll(db, sql: "SELECT id FROM tickets WHERE requester_email = ?", arguments: [email]))
        for needle in needles {
            if let match = TicketSearch.matchExpression(needle) {
                tickets.formUnion(
                    try Int64.fetchAll(
                        db, sql: "SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?", arguments: [match]))
            }
            tickets.formUnion(
                try Int64.fetchAll(
                    db, sql: "SELECT DISTINCT ticket_id FROM history WHERE instr(lower(text), ?) > 0 OR lower(by) = ?",
                    arguments: [needle.lowercased(), needle.lowercased()]))
        }
        try db.execute(
            sql:
                "UPDATE tickets SET requester_name = 'gelöschte Person', requester_email = ? WHERE requester_email = ?",
            arguments: [erasedAddress, email])
        changed += db.changesCount
        try db.execute(sql: "UPDATE history SET by = ? WHERE lower(by) = ?", arguments: [erasedAddress, email])
        changed += db.changesCount
        // What they did on the portal: survey answers keep the answer, not who gave it; files they
        // staged for a request go.
        try db.execute(
            sql: "UPDATE needs SET recorded_by = ? WHERE lower(recorded_by) = ?", arguments: [erasedAddress, email])
        changed += db.changesCount
        try db.execute(sql: "DELETE FROM staged_uploads WHERE email = ?", arguments: [email])
        changed += db.changesCount
        // Mail they sent: the intake's record keeps no address of theirs; their files and whatever
        // the quarantine holds from them or naming them are deleted.
        try db.execute(sql: "UPDATE mail_intake SET sender = NULL WHERE sender = ?", arguments: [email])
        changed += db.changesCount
        try db.execute(
            sql: "DELETE FROM quarantine WHERE lower(sender) = ? OR instr(lower(CAST(raw AS TEXT)), ?) > 0",
            arguments: [email, email])
        changed += db.changesCount
        try db.execute(sql: "DELETE FROM attachments WHERE lower(added_by) = ?", arguments: [email])
        if db.changesCount > 0 {
            changed += db.changesCount
            try IntakeRows.dropUnusedBlobs(db)
        }
        var reindexed = false
        for id in tickets.sorted() {
            if let row = try Row.fetchOne(
                db, sql: "SELECT title, description FROM tickets WHERE id = ?", arguments: [id])
            {
                let (title, description): (String, String) = (row["title"], row["description"])
                if Erasure.mentions(title + "\n" + description, needles) {
                    try db.execute(
                        sql: "UPDATE tickets SET title = ?, description = ? WHERE id = ?",
                        arguments: [Erasure.redact(title, needles), Erasure.redact(description, needles), id])
                    changed += 1
                }
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT seq, text FROM history WHERE ticket_id = ? AND text IS NOT NULL", arguments: [id])
            {
                let text: String = row["text"]
                guard Erasure.mentions(text, needles) else { continue }
                try db.execute(
                    sql: "UPDATE history SET text = ? WHERE seq = ?",
                    arguments: [Erasure.redact(text, needles), row["seq"] as Int64])
                changed += 1
            }
            if let row = try Row.fetchOne(
                db, sql: "SELECT title, texts FROM ticket_search WHERE rowid = ?", arguments: [id])
            {
                let (title, texts): (String, String) = (row["title"] ?? "", row["texts"] ?? "")
                if Erasure.mentions(title + "\n" + texts, needles) {
                    try db.execute(
                        sql: "UPDATE ticket_search SET title = ?, texts = ? WHERE rowid = ?",
                        arguments: [Erasure.redact(title, needles), Erasure.redact(texts, needles), id])
                    reindexed = true
                }
            }
        }
        // Articles that quote them.
        var articlesChanged = false
        for row in try Row.fetchAll(db, sql: "SELECT id, title, body FROM articles") {
            let (title, body): (String, String) = (row["title"], row["body"])
            guard Erasure.mentions(title + "\n" + body, needles) else { continue }
            let id: Int64 = row["id"]
            let (t, b) = (Erasure.redact(title, needles), Erasure.redact(body, needles))
            try db.execute(sql: "UPDATE articles SET title = ?, body = ? WHERE id = ?", arguments: [t, b, id])
            try db.execute(sql: "UPDATE article_search SET title = ?, body = ? WHERE rowid = ?", arguments: [t, b, id])
            changed += 1
            articlesChanged = true
        }
        // FTS5 keeps a deleted row's words in its index until its segments are merged.
        if reindexed || !tickets.isEmpty {
            try db.execute(sql: "INSERT INTO ticket_search(ticket_search) VALUES ('optimize')")
        }
        if articlesChanged { try db.execute(sql: "INSERT INTO article_search(article_search) VALUES ('optimize')") }
        return (changed, needles)
    }
}
