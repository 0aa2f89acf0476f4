/// What ties a mail to its ticket: a reply address (`support+123-9f2c41d07a@…`) and message ids
/// (`<ticket-123.4-9f2c41d07a@…>`) that carry the ticket's number with a signature, so that nobody
/// writes onto a ticket by guessing its number, and the subject tag `[#123]`, which counts only
/// when the sender is that ticket's requester.
public struct MailThreading: Sendable {
    /// The domain of the desk's addresses and message ids.
    public let domain: String
    /// The local part the desk receives at (`support`); replies go to `<local>+<ticket>-<signature>`.
    public let localPart: String
    /// A keyed hash (hex) of a text; the service's key (``ServiceKit/ServiceKey``) in the desk.
    let sign: @Sendable (String) -> String

    /// Hex digits of the signature: 40 bits, so a forger needs about 10¹² tries for one ticket,
    /// each of them a mail the MTA delivers and the desk quarantines.
    static let signatureLength = 10

    public init(domain: String, localPart: String = "support", sign: @escaping @Sendable (String) -> String) {
        self.domain = domain.lowercased()
        self.localPart = localPart.lowercased()
        self.sign = sign
    }

    func signature(_ ticket: Int64) -> String { String(sign("mail-thread:\(ticket)").prefix(Self.signatureLength)) }

    /// The address a requester's reply goes to.
    public func replyAddress(ticket: Int64) -> String { replyAddress(ticket: ticket, signed: signature(ticket)) }

    /// The `Message-ID` of the `sequence`th mail about a ticket (without angle brackets).
    public func messageID(ticket: Int64, sequence: Int) -> String {
        messageID(ticket: ticket, sequence: sequence, signed: signature(ticket))
    }

    /// As ``replyAddress(ticket:)``, with the ticket's ``signature(_:)`` made once for all of a mail's headers.
    func replyAddress(ticket: Int64, signed signature: String) -> String {
        "\(localPart)+\(ticket)-\(signature)@\(domain)"
    }

    /// As ``messageID(ticket:sequence:)``, with the ticket's ``signature(_:)`` made once.
    func messageID(ticket: Int64, sequence: Int, signed signature: String) -> String {
        "ticket-\(ticket).\(sequence)-\(signature)@\(domain)"
    }

    /// The ticket a reply address names, if its signature is right. Local parts are compared
    /// without case: some MTAs lower them.
    public func ticket(fromAddress address: String) -> Int64? {
        let lower = address.lowercased()
        guard let at = lower.lastIndex(of: "@"), lower[lower.index(after: at)...] == domain else { return nil }
        let local = lower[..<at]
        guard local.hasPrefix("\(localPart)+") else { return nil }
        return verified(local.dropFirst(localPart.count + 1))
    }

    /// The ticket one of our message ids names, if its signature is right.
    public func ticket(fromMessageID id: String) -> Int64? {
        let lower = id.lowercased()
        guard let at = lower.lastIndex(of: "@"), lower[lower.index(after: at)...] == domain,
            lower.hasPrefix("ticket-")
        else { return nil }
        // ticket-<n>.<sequence>-<signature>
        let body = lower[lower.index(lower.startIndex, offsetBy: 7)..<at]
        guard let dot = body.firstIndex(of: "."), let dash = body.lastIndex(of: "-"), dot < dash,
            Int(body[body.index(after: dot)..<dash]) != nil
        else { return nil }
        return verified(body[..<dot] + body[dash...])
    }

    /// `<number>-<signature>`, checked in constant time.
    func verified(_ text: Substring) -> Int64? {
        guard let dash = text.lastIndex(of: "-"), let ticket = Int64(text[..<dash]), ticket > 0 else { return nil }
        let given = Array(text[text.index(after: dash)...].utf8)
        let expected = Array(signature(ticket).utf8)
        guard given.count == expected.count else { return nil }
        var difference: UInt8 = 0
        for (a, b) in zip(given, expected) { difference |= a ^ b }
        return difference == 0 ? ticket : nil
    }

    /// The ticket a subject names with `[#123]` (after any "AW:", "Re:", "WG:", "Fwd:").
    public static func subjectTag(_ subject: String) -> Int64? {
        var rest = Substring(subject)
        while let open = rest.range(of: "[#") {
            let after = rest[open.upperBound...]
            let digits = after.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, digits.count <= 12, after.dropFirst(digits.count).first == "]",
                let n = Int64(digits), n > 0
            {
                return n
            }
            rest = after
        }
        return nil
    }

    /// A subject with the ticket's tag, once.
    public static func tagged(_ subject: String, ticket: Int64) -> String {
        subjectTag(subject) == ticket ? subject : "[#\(ticket)] \(subject)"
    }
}
