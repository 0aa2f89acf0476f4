import Contracts
import Directory
import Foundation
import GRDB
import MailParser
import ServiceKit

/// Who wrote a mail and for which school, and its subject and text as a ticket takes them.
extension MailIntake {
    // MARK: Senders and schools

    /// The active schools an address speaks for (see ``Directory/schools(of:_:)``).
    static func schools(of address: String, _ db: Database) throws -> [Directory.School] {
        try Directory.schools(of: address, db)
    }

    /// The `From` address, checked and lowered; nil when there is none readable.
    static func sender(_ headers: MailHeaders) -> String? {
        guard let from = headers["From"] else { return nil }
        return addresses(from).first
    }

    /// The `From` display name, when it is a name.
    static func senderName(_ headers: MailHeaders) -> String? {
        guard let from = headers.text("From"), let parsed = try? MailAddress.parse(from) else { return nil }
        return parsed.name.flatMap { try? MailAddress.displayName($0) }?.nonEmpty
    }

    /// The addresses in an address-list header (`a@x, "B, C" <b@y>`), each checked; at most 100.
    static func addresses(_ header: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var angle = false
        var comment = 0
        for c in header.prefix(20_000) {
            switch c {
            case "\"" where comment == 0: quoted.toggle()
            case "(" where !quoted: comment += 1
            case ")" where !quoted && comment > 0: comment -= 1; continue
            case "<" where !quoted && comment == 0: angle = true
            case ">" where !quoted && comment == 0: angle = false
            case "," where !quoted && !angle && comment == 0:
                pieces.append(current)
                current = ""
                continue
            default: break
            }
            if comment == 0 { current.append(c) }
        }
        pieces.append(current)
        return pieces.prefix(100).compactMap { piece in
            var address = Substring(piece)
            if let close = piece.lastIndex(of: ">"), let open = piece[..<close].lastIndex(of: "<") {
                address = piece[piece.index(after: open)..<close]
            }
            return try? MailAddress.normalized(String(address))
        }
    }

    /// A ticket title from a subject: without reply and forward prefixes and our ticket tag, at most
    /// 200 characters.
    static func title(_ subject: String) -> String {
        var t = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let prefixes = ["re:", "aw:", "wg:", "fw:", "fwd:", "antw:", "wtr:"]
        var changed = true
        while changed {
            changed = false
            for p in prefixes where t.lowercased().hasPrefix(p) {
                t = String(t.dropFirst(p.count)).trimmingCharacters(in: .whitespaces)
                changed = true
            }
            // Our own tag of the ticket answered: the new ticket gets a number of its own.
            if t.hasPrefix("[#"), let close = t.firstIndex(of: "]"),
                t[t.index(t.startIndex, offsetBy: 2)..<close].allSatisfy(\.isNumber)
            {
                t = String(t[t.index(after: close)...]).trimmingCharacters(in: .whitespaces)
                changed = true
            }
        }
        let cleaned = String(t.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        return cleaned.isEmpty ? "(ohne Betreff)" : String(cleaned.prefix(200))
    }

    static func bounded(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.count > maxText ? String(t.prefix(maxText)) + "\n[…]" : t
    }
}
