import Contracts
import Foundation
import GRDB
import PortalLinks
import ServiceKit

/// Erasing a person from the notification service: their pending messages, reminders and
/// preferences go; sent messages keep no address, name or text; other people's messages that quote
/// them (an agent's notice naming the requester) are redacted; and the mail folder's files are
/// rewritten without them, their portal links too.
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
        if let maildir { entries += redactMails(in: maildir, needles, email: email) }
        return (entries, needles)
    }

    /// The portal links in a text that were signed for `email` (their claims carry it, base64url
    /// encoded, so no search for the address finds them) replaced by a mark.
    static func redactLinks(_ text: String, email: String) -> String {
        var out = text
        for prefix in SignedLink.Purpose.allCases.map(PortalLinks.prefix) {
            var rest = out[...]
            var result = ""
            while let start = rest.range(of: "/\(prefix)/") {
                result += rest[..<start.upperBound]
                let token = rest[start.upperBound...].prefix { $0.isLetter || $0.isNumber || "-_.".contains($0) }
                let claims = token.split(separator: ".").first.flatMap { Base64URL.decode($0) }
                let link = claims.flatMap { try? JSONDecoder().decode(SignedLink.self, from: $0) }
                result += link?.email.map { MailAddress.sameMailbox($0, email) } == true ? "[gelöscht]" : String(token)
                rest = rest[start.upperBound...].dropFirst(token.count)
            }
            out = result + rest
        }
        return out
    }

    /// Rewrites every mail file that quotes the person, in its raw form and as its headers carry
    /// it (an RFC 2047-encoded name); returns how many files changed. Each is written anew and
    /// renamed over the old one, so a reader never sees half a file.
    static func redactMails(in maildir: String, _ needles: [String], email: String) -> Int {
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
                let redacted = redactLinks(Erasure.redact(text, forms), email: email)
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
