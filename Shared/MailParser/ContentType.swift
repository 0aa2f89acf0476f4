import Foundation

/// A `Content-Type` or `Content-Disposition` value: the type (lowercased) and its parameters, with
/// RFC 2231's continuations (`name*0`, `name*1`) and encodings (`name*=utf-8''F%C3%BCr`) joined and
/// decoded, and RFC 2047 encoded words in quoted values (as Outlook writes file names) decoded.
public struct HeaderValue: Sendable, Equatable {
    public let value: String
    public let parameters: [String: String]

    public init(parsing raw: String) {
        let pieces = Self.split(raw)
        value = (pieces.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        var plain: [String: String] = [:]
        var sections: [String: [(Int, String, Bool)]] = [:]
        for piece in pieces.dropFirst() {
            guard let eq = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            var v = piece[piece.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 {
                v = String(v.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            }
            var encoded = false
            if name.hasSuffix("*") {
                encoded = true
                name.removeLast()
            }
            if let star = name.firstIndex(of: "*"), let n = Int(name[name.index(after: star)...]) {
                sections[String(name[..<star]), default: []].append((n, v, encoded))
            } else if encoded {
                plain[name] = Self.extended(v, first: true)
            } else if plain[name] == nil {
                plain[name] = EncodedWords.decode(v)
            }
        }
        for (name, parts) in sections where plain[name] == nil {
            let ordered = parts.sorted { $0.0 < $1.0 }.prefix(100)
            var bytes: [UInt8] = []
            var charset: String?
            for (i, part) in ordered.enumerated() {
                if part.2 {
                    let (cs, data) = Self.extendedBytes(part.1, first: i == 0)
                    if i == 0 { charset = cs }
                    bytes += data
                } else {
                    bytes += Array(part.1.utf8)
                }
            }
            plain[name] = Charsets.decode(bytes, charset: charset)
        }
        parameters = plain
    }

    /// RFC 2231 extended value: `charset'language'percent-encoded` (the prefix only on the first).
    static func extended(_ v: String, first: Bool) -> String {
        let (charset, bytes) = extendedBytes(v, first: first)
        return Charsets.decode(bytes, charset: charset)
    }

    static func extendedBytes(_ v: String, first: Bool) -> (String?, [UInt8]) {
        var charset: String?
        var text = Substring(v)
        if first {
            let quotes = v.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
            if quotes.count == 3 {
                charset = String(quotes[0])
                text = quotes[2]
            }
        }
        var bytes: [UInt8] = []
        var chars = Array(text.utf8)[...]
        while let c = chars.popFirst() {
            if c == UInt8(ascii: "%"), chars.count >= 2, let h = TransferEncoding.hex(chars[chars.startIndex]),
                let l = TransferEncoding.hex(chars[chars.startIndex + 1])
            {
                bytes.append(h << 4 | l)
                chars = chars.dropFirst(2)
            } else {
                bytes.append(c)
            }
        }
        return (charset, bytes)
    }

    /// Splits at semicolons outside quotes.
    static func split(_ raw: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = raw.startIndex
        var quoted = false
        var escaped = false
        for i in raw.indices {
            let c = raw[i]
            if escaped {
                escaped = false
            } else if c == "\\" && quoted {
                escaped = true
            } else if c == "\"" {
                quoted.toggle()
            } else if c == ";" && !quoted {
                pieces.append(raw[start..<i])
                start = raw.index(after: i)
            }
        }
        pieces.append(raw[start...])
        return pieces
    }
}
