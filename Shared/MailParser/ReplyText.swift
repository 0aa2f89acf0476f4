import Foundation

/// What a person wrote in a reply, without the history their mail client quoted below it and
/// without their signature: the text that goes on the ticket.
public enum ReplyText {
    /// The new text of `text`: everything above the first quote header or signature.
    public static func new(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        var kept: [Substring] = []
        for (i, line) in lines.enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if isQuoteHeader(t, next: i + 1 < lines.count ? lines[i + 1] : nil) || isSignature(String(line)) { break }
            kept.append(line)
        }
        // Quoted lines at the end (a reply above a quote without a header line).
        while let last = kept.last,
            last.trimmingCharacters(in: .whitespaces).hasPrefix(">")
                || last.trimmingCharacters(in: .whitespaces).isEmpty
        {
            kept.removeLast()
        }
        return kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The line that starts quoted history, as German and English mail clients write it.
    static func isQuoteHeader(_ line: String, next: Substring?) -> Bool {
        let lower = line.lowercased()
        // Thunderbird, Apple Mail, Gmail: "Am 02.12.2026 um 09:14 schrieb Jana Krüger <…>:" and
        // "On Wed, Dec 2, 2026 at 9:14 AM Jana Krüger <…> wrote:" (sometimes over two lines).
        if lower.hasPrefix("am "), lower.contains("schrieb") { return true }
        if lower.hasPrefix("on "), lower.hasSuffix("wrote:") || lower.contains(" wrote:") { return true }
        if lower.hasPrefix("on "), let next, next.lowercased().contains("wrote:") { return true }
        // Outlook: a rule line, or its header block "Von: …" followed by "Gesendet: …" / "Sent: …".
        if lower.hasPrefix("-----ursprüngliche nachricht-----") || lower.hasPrefix("-----original message-----") {
            return true
        }
        if lower.hasPrefix("von:") || lower.hasPrefix("from:"),
            let n = next?.trimmingCharacters(in: .whitespaces).lowercased(),
            n.hasPrefix("gesendet:") || n.hasPrefix("sent:") || n.hasPrefix("datum:") || n.hasPrefix("date:")
                || n.hasPrefix("an:") || n.hasPrefix("to:")
        {
            return true
        }
        if lower.hasPrefix("________________________________") { return true }
        return false
    }

    /// The signature delimiter ("-- ", RFC 3676) and the phones' automatic lines.
    static func isSignature(_ line: String) -> Bool {
        if line == "-- " || line == "--" { return true }
        let t = line.trimmingCharacters(in: .whitespaces).lowercased()
        return t.hasPrefix("gesendet von meinem ") || t.hasPrefix("sent from my ") || t == "von meinem iphone gesendet"
    }
}
