import Contracts
import Foundation
import GRDB
import ServiceKit

/// Erasing a person from the notification service: their pending messages, reminders and
/// preferences go; sent messages keep no address, name or text; other people's messages that quote
/// them (an agent's notice naming the requester) are redacted; and the mail folder's files are
/// rewritten without them.
enum PersonErasure {
    static func erase(email: String, maildir: String?, _ db: Database) throws -> (entries: Int, needles: [String]) {
        let email = email.lowercased()
        let before = db.totalChangesCount
        var names = try String.fetchAll(
            db,
            sql: "SELECT DISTINCT recipient_name FROM deliveries WHERE recipient = ? AND recipient_name IS NOT NULL",
            arguments: [email])
        names += try String.fetchAll(
            db, sql: "SELECT name FROM recipients WHERE email = ? AND name IS NOT NULL", arguments: [email])
        let needles = Erasure.needles(email: email, names: names)
        try DeliveryRows.erase(email: email, db)
        try ReminderRows.erase(email: email, db)
        try RecipientRows.erase(email: email, db)
        for needle in needles.map({ $0.lowercased() }) {
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT id, subject, body FROM deliveries
                    WHERE instr(lower(body), ?) > 0 OR instr(lower(subject), ?) > 0
                    """, arguments: [needle, needle])
            {
                try db.execute(
                    sql: "UPDATE deliveries SET subject = ?, body = ? WHERE id = ?",
                    arguments: [
                        Erasure.redact(row["subject"], needles), Erasure.redact(row["body"], needles),
                        row["id"] as Int64,
                    ])
            }
        }
        var entries = db.totalChangesCount - before
        if let maildir { entries += redactMails(in: maildir, needles) }
        return (entries, needles)
    }

    /// Rewrites every mail file that quotes the person, in its raw form and as its headers carry
    /// it (an RFC 2047-encoded name); returns how many files changed. Each is written anew and
    /// renamed over the old one, so a reader never sees half a file.
    static func redactMails(in maildir: String, _ needles: [String]) -> Int {
        let forms = needles + needles.map(MailAddress.phrase).filter { !needles.contains($0) }
        var changed = 0
        for sub in ["new", "cur", "tmp"] {
            let dir = "\(maildir)/\(sub)"
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for file in files where !file.hasPrefix(".") {
                let path = "\(dir)/\(file)"
                guard let data = FileManager.default.contents(atPath: path),
                    let text = String(data: data, encoding: .utf8), Erasure.mentions(text, forms)
                else { continue }
                let redacted = Erasure.redact(text, forms)
                let temporary = "\(maildir)/tmp/.erasure-\(file)"
                guard FileManager.default.createFile(atPath: temporary, contents: Data(redacted.utf8)),
                    rename(temporary, path) == 0
                else { continue }
                changed += 1
            }
        }
        return changed
    }
}
