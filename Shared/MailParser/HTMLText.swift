import Foundation

/// An HTML mail (Outlook sends nothing else) as plain text: scripts and styles dropped, blocks and
/// line breaks as new lines, tags removed, entities decoded.
public enum HTMLText {
    public static func plain(_ html: String) -> String {
        var s = html
        for tag in ["script", "style", "head", "title"] {
            s = s.replacingOccurrences(
                of: "<\(tag)\\b[^>]*>.*?</\(tag)\\s*>", with: "", options: [.regularExpression, .caseInsensitive])
        }
        s = s.replacingOccurrences(of: "<!--.*?-->", with: "", options: .regularExpression)
        s = s.replacingOccurrences(
            of: "<(br|/p|/div|/tr|/li|/h[1-6]|/blockquote|/table)\\b[^>]*>", with: "\n",
            options: [.regularExpression, .caseInsensitive])
        s = s.replacingOccurrences(of: "<li\\b[^>]*>", with: "- ", options: [.regularExpression, .caseInsensitive])
        s = s.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        s = entities(s)
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "[ \\t\\x{00A0}]+", with: " ", options: .regularExpression)
                .trimmingCharacters(in: .whitespaces)
        }
        var out: [String] = []
        for line in lines where !(line.isEmpty && (out.last?.isEmpty ?? true)) { out.append(line) }
        return out.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}", "auml": "ä",
        "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß", "euro": "€",
        "ndash": "–", "mdash": "—", "hellip": "…", "bdquo": "„", "ldquo": "“", "rdquo": "”", "sbquo": "‚",
        "lsquo": "‘", "rsquo": "’", "laquo": "«", "raquo": "»", "copy": "©", "reg": "®", "eacute": "é",
        "egrave": "è", "agrave": "à", "ccedil": "ç",
    ]

    /// `&name;`, `&#NNN;` and `&#xHH;`; an unknown entity stays as written.
    static func entities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(10).firstIndex(of: ";") {
                let name = String(after[..<semi])
                var replacement: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    replacement = named[name]
                }
                if let replacement {
                    out += replacement
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }
}
