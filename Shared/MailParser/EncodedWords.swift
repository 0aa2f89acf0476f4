import Foundation

/// Encoded words in header text (RFC 2047): `=?charset?B|Q?text?=`, with the blanks between two
/// adjacent encoded words dropped. Anything that does not parse stays as it was written.
public enum EncodedWords {
    public static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        var out = ""
        var rest = Substring(text)
        var pendingBlank = ""
        var lastWasEncoded = false
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, after) = word(rest) {
                // Blanks between two encoded words are not part of the text.
                if !lastWasEncoded { out += pendingBlank }
                out += decoded
                pendingBlank = ""
                lastWasEncoded = true
                rest = after
            } else if let c = rest.first, c == " " || c == "\t" {
                pendingBlank.append(c)
                rest.removeFirst()
            } else {
                out += pendingBlank
                pendingBlank = ""
                out.append(rest.removeFirst())
                lastWasEncoded = false
            }
        }
        return out + pendingBlank
    }

    /// One encoded word at the start of `s`: its text and what follows it.
    static func word(_ s: Substring) -> (String, Substring)? {
        let parts = s.dropFirst(2)
        guard let q1 = parts.firstIndex(of: "?") else { return nil }
        var charset = String(parts[..<q1])
        // RFC 2231 allows a language: charset*lang.
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let afterCharset = parts[parts.index(after: q1)...]
        guard let q2 = afterCharset.firstIndex(of: "?"),
            afterCharset.distance(from: afterCharset.startIndex, to: q2) == 1
        else { return nil }
        let encoding = afterCharset[afterCharset.startIndex].uppercased()
        let payloadStart = afterCharset.index(after: q2)
        guard let end = afterCharset[payloadStart...].range(of: "?=") else { return nil }
        let payload = Array(afterCharset[payloadStart..<end.lowerBound].utf8)
        guard payload.count <= 1000 else { return nil }
        let bytes: [UInt8]
        switch encoding {
        case "B": bytes = TransferEncoding.base64(payload)
        case "Q": bytes = TransferEncoding.quotedPrintable(payload, header: true)
        default: return nil
        }
        return (Charsets.decode(bytes, charset: charset), afterCharset[end.upperBound...])
    }
}
