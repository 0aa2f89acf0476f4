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

    /// The whole message, headers and body, with CRLF line ends.
    public var rendered: String {
        var lines = [
            "From: \(Self.address(from, name: fromName))",
            "To: \(Self.address(to, name: toName))",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "Content-Language: \(language)",
            "",
        ]
        // A line with only a dot would end the SMTP data early; the SMTP client doubles it.
        lines += text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map(String.init)
        return lines.joined(separator: "\r\n")
    }

    static func address(_ email: String, name: String?) -> String {
        guard let name, !name.isEmpty else { return "<\(email)>" }
        return "\(encodedWord(name)) <\(email)>"
    }

    /// ASCII stays as it is (quoted when it has specials); anything else becomes `=?utf-8?B?…?=`.
    static func encodedWord(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && !$0.isNewline }) { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
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
        return String(
            format: "%@, %02d %@ %04d %02d:%02d:%02d %@%02d%02d", names[day.isoWeekday - 1], day.day,
            months[day.month - 1], day.year, seconds / 3600, seconds % 3600 / 60, seconds % 60, sign,
            abs(offset) / 3600, abs(offset) % 3600 / 60)
    }
}
