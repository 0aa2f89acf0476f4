import Contracts
import Foundation

/// A plain-text mail as RFC 5322 and MIME want it: UTF-8 body in 8bit, headers with non-ASCII
/// words encoded (RFC 2047), a Message-ID that names the delivery, CRLF line ends.
public struct MailMessage: Sendable, Equatable {
    public var from: String
    public var fromName: String
    public var to: String
    public var toName: String?
    public var subject: String
    public var text: String
    public var messageID: String
    public var date: Date
    /// `de` or `en`, for the Content-Language header.
    public var language: String
    /// Where answers go (`Reply-To`), when not to the sender.
    public var replyTo: String?
    /// The mail this one answers (`In-Reply-To`) and its thread (`References`), ids without brackets.
    public var inReplyTo: String?
    public var references: [String] = []
    /// The one-click unsubscribe address (`List-Unsubscribe` with `List-Unsubscribe-Post`, RFC 8058).
    public var unsubscribe: String?

    public init(
        from: String, fromName: String, to: String, toName: String?, subject: String, text: String, messageID: String,
        date: Date, language: String = "de"
    ) {
        self.language = language
        self.from = from
        self.fromName = fromName
        self.to = to
        self.toName = toName
        self.subject = subject
        self.text = text
        self.messageID = messageID
        self.date = date
    }

    /// The mail of a delivery: from the channel's sender, or the network's support address when the
    /// delivery is about a ticket, threaded as the support desk says.
    public init(_ m: Outgoing, from: String, fromName: String, date: Date = Date()) {
        self.init(
            from: m.thread?.from ?? from, fromName: fromName, to: m.recipient, toName: m.recipientName,
            subject: m.subject, text: m.text, messageID: m.messageID, date: date, language: m.language)
        replyTo = m.thread?.replyTo
        inReplyTo = m.thread?.inReplyTo
        references = m.thread?.references ?? []
        unsubscribe = m.unsubscribe
    }

    /// The whole message, headers and body, with CRLF line ends. Both addresses are checked
    /// (``MailAddress``) and names encoded, so nothing a sender wrote becomes a header of its own;
    /// every line break of the text, bare CR or LF included, becomes CRLF, so no line can end the
    /// SMTP data early except the client's own (SMTP smuggling). Throws when an address is not one.
    public var rendered: String {
        get throws(MailAddress.Invalid) {
            var lines = [
                "From: \(try MailAddress.header(from, name: fromName))",
                "To: \(try MailAddress.header(to, name: toName))",
            ]
            if let replyTo { lines.append("Reply-To: \(try MailAddress.header(replyTo, name: nil))") }
            lines += [
                "Subject: \(MailAddress.unstructured(subject))",
                "Date: \(Self.rfc5322Date(date))",
                "Message-ID: \(Self.id(messageID))",
            ]
            if let inReplyTo { lines.append("In-Reply-To: \(Self.id(inReplyTo))") }
            if !references.isEmpty {
                // Folded, one id per line, so no line grows past what RFC 5322 allows.
                lines.append("References: " + references.prefix(20).map(Self.id).joined(separator: "\r\n "))
            }
            if let unsubscribe, let url = Self.httpsOrHTTP(unsubscribe) {
                lines.append("List-Unsubscribe: <\(url)>")
                lines.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
            }
            lines += [
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
                "Content-Language: \(language == "en" ? "en" : "de")",
                "",
            ]
            // A line with only a dot would end the SMTP data early; the SMTP client doubles it.
            lines += Self.lines(of: text)
            return lines.joined(separator: "\r\n")
        }
    }

    /// An http(s) address with nothing in it that could end the header or the angle brackets.
    static func httpsOrHTTP(_ url: String) -> String? {
        guard url.hasPrefix("https://") || url.hasPrefix("http://"), url.count <= 2000,
            url.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline && $0 != "<" && $0 != ">" })
        else { return nil }
        return url
    }

    /// A message id in angle brackets, with nothing in it that could end the header or the id.
    static func id(_ text: String) -> String {
        // Printable ASCII only, by bytes: no space, line break or control character, no bracket.
        let kept = text.prefix(250).utf8.filter { $0 > 0x20 && $0 < 0x7F && $0 != 0x3C && $0 != 0x3E }
        return "<\(String(decoding: kept, as: UTF8.self))>"
    }

    /// The text's lines, split at CRLF, bare CR and bare LF alike.
    static func lines(of text: String) -> [String] {
        // One pass over the bytes: CR LF, CR and LF each end a line (CR and LF are never part of
        // another character in UTF-8).
        var out: [String] = []
        let bytes = Array(text.utf8)
        var start = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D || b == 0x0A {
                out.append(String(decoding: bytes[start..<i], as: UTF8.self))
                i += (b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A) ? 2 : 1
                start = i
            } else {
                i += 1
            }
        }
        out.append(String(decoding: bytes[start..<bytes.count], as: UTF8.self))
        return out
    }

    /// `Mon, 30 Nov 2026 09:15:00 +0100`, in Europe/Berlin; by hand, as a `DateFormatter` per mail
    /// cost more than writing the mail.
    static func rfc5322Date(_ date: Date) -> String {
        let zone = CivilDay.berlin
        let offset = zone.secondsFromGMT(for: date)
        let day = CivilDay(date, in: zone)
        let seconds = Int(date.timeIntervalSince1970) + offset - day.ordinal * 86400
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let sign = offset < 0 ? "-" : "+"
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let h = seconds / 3600
        let m = seconds % 3600 / 60
        let sec = seconds % 60
        return "\(names[day.isoWeekday - 1]), \(two(day.day)) \(months[day.month - 1]) \(day.year) "
            + "\(two(h)):\(two(m)):\(two(sec)) \(sign)\(two(abs(offset) / 3600))\(two(abs(offset) % 3600 / 60))"
    }
}
