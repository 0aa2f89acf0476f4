import Foundation

/// How much a mail may be: the size MTAs configure, and bounds on structure, so that no mail
/// (a zip bomb of nested parts, a header of a million lines) takes unbounded time or memory.
public struct MailLimits: Sendable {
    public var maxBytes = 25 << 20
    public var maxParts = 200
    public var maxDepth = 10
    public var maxHeaderBytes = 256 << 10
    public init() {}
}

/// Why a mail could not be read; it goes to quarantine with this reason.
public struct MailParseError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Reason: String, Sendable { case tooLarge = "too-large", unreadable }
    public let reason: Reason
    public let description: String
}

/// Reads a mail as RFC 5322 and MIME (RFC 2045–2049) write it, and as the mail clients that
/// schools use really send it: HTML-only, `multipart/alternative` with inline images, quoted-
/// printable in Latin-9, RFC 2231 and 2047 file names, forwarded `message/rfc822`, S/MIME-signed,
/// 8-bit without a charset, or only an attachment.
public struct MailParser: Sendable {
    public var limits: MailLimits

    public init(limits: MailLimits = MailLimits()) { self.limits = limits }

    public func parse<Bytes: Collection<UInt8>>(_ input: Bytes) throws(MailParseError) -> ParsedMail {
        guard input.count <= limits.maxBytes else {
            throw MailParseError(
                reason: .tooLarge,
                description: "the mail has \(input.count) bytes; at most \(limits.maxBytes) are taken")
        }
        let bytes = Array(input)
        let (headerBlock, body) = Self.split(bytes[...])
        guard headerBlock.count <= limits.maxHeaderBytes else {
            throw MailParseError(
                reason: .unreadable,
                description: "its header has \(headerBlock.count) bytes; at most \(limits.maxHeaderBytes)")
        }
        let headers = MailHeaders(parsing: headerBlock)
        guard headers["From"] != nil || headers["Subject"] != nil || headers["Content-Type"] != nil else {
            throw MailParseError(
                reason: .unreadable, description: "it has no mail header (no From, Subject or Content-Type)")
        }
        var walk = Walk(limits: limits)
        try walk.part(headers, body, depth: 0)
        let text = walk.text ?? walk.html.map(HTMLText.plain) ?? ""
        return ParsedMail(
            headers: headers, subject: headers.text("Subject") ?? "", text: text, html: walk.html,
            attachments: walk.attachments, isSigned: walk.signed)
    }

    /// The header block and the body: split at the first empty line (CRLF or LF).
    static func split(_ bytes: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        var i = bytes.startIndex
        // A body with no header at all starts with its empty line.
        if bytes.first == 0x0A { return (bytes[i..<i], bytes.dropFirst()) }
        if bytes.starts(with: [0x0D, 0x0A]) { return (bytes[i..<i], bytes.dropFirst(2)) }
        while let lf = bytes[i...].firstIndex(of: 0x0A) {
            let next = bytes.index(after: lf)
            if next < bytes.endIndex, bytes[next] == 0x0A { return (bytes[..<lf], bytes[(next + 1)...]) }
            if next + 1 < bytes.endIndex, bytes[next] == 0x0D, bytes[next + 1] == 0x0A {
                return (bytes[..<lf], bytes[(next + 2)...])
            }
            i = next
        }
        return (bytes, bytes[bytes.endIndex...])
    }

    /// The walk over the MIME tree, collecting the text, the HTML and the files.
    struct Walk {
        let limits: MailLimits
        var text: String?
        var html: String?
        var attachments: [Attachment] = []
        var signed = false
        var parts = 0

        mutating func part(_ headers: MailHeaders, _ body: ArraySlice<UInt8>, depth: Int) throws(MailParseError) {
            parts += 1
            guard parts <= limits.maxParts else {
                throw MailParseError(reason: .unreadable, description: "it has more than \(limits.maxParts) parts")
            }
            guard depth <= limits.maxDepth else {
                throw MailParseError(reason: .unreadable, description: "its parts nest deeper than \(limits.maxDepth)")
            }
            let type = HeaderValue(parsing: headers["Content-Type"] ?? "text/plain")
            let kind = type.value.isEmpty ? "text/plain" : type.value
            let disposition = HeaderValue(parsing: headers["Content-Disposition"] ?? "")
            if kind.hasPrefix("multipart/") {
                guard let boundary = type.parameters["boundary"], !boundary.isEmpty, boundary.count <= 200 else {
                    // A multipart without a boundary is read as text, so nothing is lost.
                    text = text ?? Charsets.decode(body, charset: nil)
                    return
                }
                if kind == "multipart/signed" { signed = true }
                for child in MailParser.multipart(body, boundary: boundary) {
                    let (h, b) = MailParser.split(child)
                    try part(MailHeaders(parsing: h), b, depth: depth + 1)
                }
                return
            }
            let data = MailParser.decode(body, encoding: headers["Content-Transfer-Encoding"])
            if ["application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature"]
                .contains(kind)
            {
                signed = true
                return
            }
            let filename = disposition.parameters["filename"] ?? type.parameters["name"]
            let attached = disposition.value == "attachment" || filename != nil
            if !attached, kind == "text/plain", text == nil {
                text = Charsets.decode(data, charset: type.parameters["charset"])
            } else if !attached, kind == "text/html", html == nil {
                html = Charsets.decode(data, charset: type.parameters["charset"])
            } else if kind == "message/rfc822" {
                let inner = try? MailParser(limits: limits).parse(data)
                let name = filename ?? ((inner?.subject.isEmpty == false ? inner!.subject : "weitergeleitet") + ".eml")
                attachments.append(
                    Attachment(
                        filename: name, contentType: kind, bytes: data, isInline: false,
                        contentID: headers["Content-ID"].flatMap { MessageIDs.parse($0).first }))
            } else {
                attachments.append(
                    Attachment(
                        filename: filename ?? "anhang-\(attachments.count + 1)\(MailParser.suffix(kind))",
                        contentType: kind, bytes: data, isInline: disposition.value == "inline",
                        contentID: headers["Content-ID"].flatMap { MessageIDs.parse($0).first }))
            }
        }
    }

    /// The parts of a multipart body, between its boundary lines; preamble and epilogue dropped.
    static func multipart(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: ArraySlice<UInt8>.Index?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let lf = body[lineStart...].firstIndex(of: 0x0A) ?? body.endIndex
            let line = body[lineStart..<lf]
            if line.starts(with: delimiter) {
                let after = line.dropFirst(delimiter.count)
                let closing = after.starts(with: [0x2D, 0x2D])
                let rest = closing ? after.dropFirst(2) : after
                if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    if let s = partStart {
                        // The line break before a delimiter belongs to it.
                        var end = lineStart
                        if end > s, body[end - 1] == 0x0A { end -= 1 }
                        if end > s, body[end - 1] == 0x0D { end -= 1 }
                        parts.append(body[s..<end])
                    }
                    if closing { return parts }
                    partStart = lf < body.endIndex ? lf + 1 : body.endIndex
                }
            }
            lineStart = lf < body.endIndex ? lf + 1 : body.endIndex
        }
        // No closing delimiter (a truncated mail): the last part runs to the end.
        if let s = partStart, s < body.endIndex { parts.append(body[s...]) }
        return parts
    }

    static func decode(_ body: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "base64": TransferEncoding.base64(body)
        case "quoted-printable": TransferEncoding.quotedPrintable(body)
        default: Array(body)
        }
    }

    /// A file name suffix for a made-up name.
    static func suffix(_ type: String) -> String {
        switch type {
        case "image/png": ".png"
        case "image/jpeg", "image/jpg": ".jpg"
        case "image/gif": ".gif"
        case "application/pdf": ".pdf"
        case "text/plain": ".txt"
        case "text/html": ".html"
        default: ".bin"
        }
    }
}
