/// The limits of an LMTP session: nothing a client sends is kept unbounded.
public struct LMTPLimits: Sendable {
    /// The largest message taken, in bytes; a larger one is read to its end and refused (552).
    public var maxMessageBytes = 25 << 20
    /// Recipients per message.
    public var maxRecipients = 100
    /// Bytes in a command line (RFC 5321 allows 512; clients send parameters).
    public var maxCommandBytes = 2048
    /// Bytes in any line, also inside DATA; a longer one ends the session.
    public var maxLineBytes = 1 << 20
    /// Seconds a session may last, and may stay silent.
    public var sessionSeconds = 1800
    public var idleSeconds = 300
    /// Sessions at once; more are told to come back later (421).
    public var maxSessions = 32

    public init() {}
}

/// One message as the client handed it over.
public struct LMTPMessage: Sendable {
    /// The envelope sender (`MAIL FROM`); empty for the null sender of a bounce.
    public var sender: String
    /// The accepted envelope recipients, in order.
    public var recipients: [String]
    /// The message, dot-stuffing removed, lines ending in CRLF; only its first
    /// `maxMessageBytes` when ``size`` is larger.
    public var data: [UInt8]
    /// The message's whole size in bytes.
    public var size: Int
}

/// What became of a delivered message; LMTP answers it once per accepted recipient.
public enum LMTPDelivery: Sendable, Equatable {
    /// Committed: `250`.
    case accepted(String)
    /// Not now (a store or broker fault): `451`, and the MTA tries again later.
    case retryLater(String)
    /// Never: `5xx`, and the MTA returns it to its sender.
    case refused(String)
}

/// The protocol of RFC 2033 as a state machine over lines, without sockets: it answers each line,
/// and hands over a message once its final dot arrives. The server does the rest.
public struct LMTPSession: Sendable {
    /// What to do after a line.
    public enum Reaction: Sendable, Equatable {
        /// A line of the message: nothing to say yet.
        case nothing
        case reply(String)
        /// Deliver ``LMTPSession/message``, then answer each recipient.
        case deliver
        /// Answer, then end the session.
        case close(String)
    }

    enum State: Equatable {
        case start, ready, mail, data
    }

    let limits: LMTPLimits
    let hostname: String
    /// Whether a recipient is one of ours.
    let accepts: @Sendable (String) -> Bool
    var state = State.start
    var sender = ""
    var recipients: [String] = []
    var data: [UInt8] = []
    var size = 0

    public init(hostname: String, limits: LMTPLimits, accepts: @escaping @Sendable (String) -> Bool) {
        self.hostname = hostname
        self.limits = limits
        self.accepts = accepts
    }

    /// The server's greeting.
    public var greeting: String { "220 \(hostname) LMTP ready" }

    /// The message handed over by the last `.deliver`.
    public var message: LMTPMessage { LMTPMessage(sender: sender, recipients: recipients, data: data, size: size) }

    /// The answers to a delivery: one line per recipient.
    public func replies(to delivery: LMTPDelivery) -> [String] {
        recipients.map { rcpt in
            switch delivery {
            case .accepted(let what): "250 2.1.5 <\(rcpt)> \(what)"
            case .retryLater(let why): "451 4.3.0 <\(rcpt)> \(why)"
            case .refused(let why): "550 5.6.0 <\(rcpt)> \(why)"
            }
        }
    }

    /// Starts over after a delivery.
    public mutating func delivered() { reset() }

    private mutating func reset() {
        state = state == .start ? .start : .ready
        sender = ""
        recipients = []
        data = []
        size = 0
    }

    /// Takes one line, without its line ending.
    public mutating func line(_ bytes: [UInt8]) -> Reaction {
        if state == .data { return dataLine(bytes) }
        guard bytes.count <= limits.maxCommandBytes else { return .reply("500 5.5.2 line too long") }
        let text = String(decoding: bytes, as: UTF8.self)
        let verb = text.prefix { $0 != " " }.uppercased()
        let argument = text.dropFirst(verb.count).drop { $0 == " " }
        switch verb {
        case "LHLO":
            guard !argument.isEmpty else { return .reply("501 5.5.4 LHLO needs the client's name") }
            reset()
            state = .ready
            return .reply(
                [
                    "250-\(hostname)", "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250-8BITMIME",
                    "250-SIZE \(limits.maxMessageBytes)", "250 SMTPUTF8",
                ].joined(separator: "\r\n"))
        case "HELO", "EHLO":
            return .reply("500 5.5.1 this is LMTP: say LHLO")
        case "MAIL":
            guard state == .ready else {
                return .reply(state == .start ? "503 5.5.1 say LHLO first" : "503 5.5.1 a transaction is open")
            }
            guard let path = Self.path(argument, keyword: "FROM:") else {
                return .reply("501 5.5.4 MAIL FROM:<address> expected")
            }
            if let declared = Self.sizeParameter(argument), declared > limits.maxMessageBytes {
                return .reply("552 5.3.4 the message is larger than the \(limits.maxMessageBytes) bytes taken")
            }
            sender = path
            state = .mail
            return .reply("250 2.1.0 sender ok")
        case "RCPT":
            guard state == .mail else { return .reply("503 5.5.1 MAIL first") }
            guard let path = Self.path(argument, keyword: "TO:"), !path.isEmpty else {
                return .reply("501 5.5.4 RCPT TO:<address> expected")
            }
            guard recipients.count < limits.maxRecipients else {
                return .reply("452 4.5.3 too many recipients; send the rest again")
            }
            guard accepts(path) else { return .reply("550 5.1.1 <\(path)> is not an address of this desk") }
            recipients.append(path)
            return .reply("250 2.1.5 recipient ok")
        case "DATA":
            guard state == .mail, !recipients.isEmpty else {
                return .reply(state == .mail ? "554 5.5.1 no valid recipients" : "503 5.5.1 MAIL and RCPT first")
            }
            state = .data
            return .reply("354 go ahead; end with <CRLF>.<CRLF>")
        case "RSET":
            reset()
            return .reply("250 2.0.0 reset")
        case "NOOP":
            return .reply("250 2.0.0 ok")
        case "VRFY":
            return .reply("252 2.5.0 cannot verify; send the mail")
        case "QUIT":
            return .close("221 2.0.0 \(hostname) closing")
        default:
            return .reply("500 5.5.1 unknown command")
        }
    }

    private mutating func dataLine(_ bytes: [UInt8]) -> Reaction {
        if bytes == [UInt8(ascii: ".")] {
            if size > limits.maxMessageBytes {
                let refused = recipients.map {
                    "552 5.3.4 <\($0)> the message has \(size) bytes; this desk takes \(limits.maxMessageBytes)"
                }
                reset()
                return .reply(refused.joined(separator: "\r\n"))
            }
            return .deliver
        }
        let line = bytes.first == UInt8(ascii: ".") ? bytes.dropFirst() : bytes[...]
        size += line.count + 2
        if size <= limits.maxMessageBytes {
            data.append(contentsOf: line)
            data.append(contentsOf: [13, 10])
        }
        return .nothing
    }

    /// The address of `FROM:<a>` or `TO:<a>`, without the brackets; nil when malformed.
    static func path(_ argument: Substring, keyword: String) -> String? {
        guard argument.uppercased().hasPrefix(keyword) else { return nil }
        let rest = argument.dropFirst(keyword.count).drop { $0 == " " }
        guard rest.first == "<", let close = rest.firstIndex(of: ">") else { return nil }
        let path = rest[rest.index(after: rest.startIndex)..<close]
        guard path.count <= 256, !path.contains(where: { $0.isNewline || $0 == " " }) else { return nil }
        // A source route (`<@a,@b:user@c>`) names the mailbox after its colon.
        if path.hasPrefix("@"), let colon = path.firstIndex(of: ":") {
            return String(path[path.index(after: colon)...])
        }
        return String(path)
    }

    /// The `SIZE=` parameter of `MAIL FROM`.
    static func sizeParameter(_ argument: Substring) -> Int? {
        for word in argument.split(separator: " ") where word.uppercased().hasPrefix("SIZE=") {
            return Int(word.dropFirst(5))
        }
        return nil
    }
}
