/// What the support desk takes from a mail: who, what about, the text, the files.
public struct ParsedMail: Sendable {
    public var headers: MailHeaders
    /// The subject, encoded words decoded; empty when there is none.
    public var subject: String
    /// The text a person wrote: the plain-text part, else the HTML part as text.
    public var text: String
    /// The HTML part, when there is one.
    public var html: String?
    /// Files, inline images and forwarded mails (as `.eml`), in their order.
    public var attachments: [Attachment]
    /// Whether it was signed (S/MIME or PGP); the signature itself is not an attachment.
    public var isSigned: Bool

    /// `Message-ID` without its angle brackets.
    public var messageID: String? { headers["Message-ID"].flatMap { MessageIDs.parse($0).first } }
    /// `In-Reply-To`, without angle brackets.
    public var inReplyTo: [String] { headers.all("In-Reply-To").flatMap(MessageIDs.parse) }
    /// `References`, oldest first, without angle brackets.
    public var references: [String] { headers.all("References").flatMap(MessageIDs.parse) }
}

/// A file of a mail.
public struct Attachment: Sendable, Equatable {
    /// The name the sender gave it, decoded (RFC 2231 or 2047), or one made up from its type.
    /// Not safe as a path: the support desk sanitises it before use.
    public var filename: String
    /// The declared type, lowercased (`image/png`); the desk sniffs the real one from the bytes.
    public var contentType: String
    public var bytes: [UInt8]
    /// Shown in the text (an inline image) rather than attached.
    public var isInline: Bool
    /// `Content-ID` without angle brackets, for inline images an HTML part refers to.
    public var contentID: String?
}

/// Message ids in `Message-ID`, `In-Reply-To` and `References`.
public enum MessageIDs {
    /// Each `<…>` in the text, without the brackets; a bare id when there are none.
    public static func parse(_ text: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close]
            if !id.isEmpty, id.count <= 998 { ids.append(String(id)) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty {
            let bare = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
            if let bare, !bare.isEmpty, bare.count <= 998 { ids.append(bare) }
        }
        return ids
    }
}
