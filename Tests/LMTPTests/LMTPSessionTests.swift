import LMTP
import Testing

/// The LMTP protocol of RFC 2033, line by line, without sockets.
@Suite("LMTP session")
struct LMTPSessionTests {
    func session(_ limits: LMTPLimits = LMTPLimits()) -> LMTPSession {
        LMTPSession(hostname: "desk.test", limits: limits) { $0.hasSuffix("@rbn.example") }
    }

    func say(_ s: inout LMTPSession, _ line: String) -> LMTPSession.Reaction { s.line(Array(line.utf8)) }

    func reply(_ r: LMTPSession.Reaction) -> String {
        if case .reply(let text) = r { return text }
        if case .close(let text) = r { return text }
        return "\(r)"
    }

    @Test func aMessageForTwoRecipients() {
        var s = session()
        #expect(s.greeting == "220 desk.test LMTP ready")
        #expect(reply(say(&s, "LHLO mx.test")).contains("250-PIPELINING\r\n"))
        #expect(reply(say(&s, "MAIL FROM:<a@schule.example> SIZE=120 BODY=8BITMIME")).hasPrefix("250"))
        #expect(reply(say(&s, "RCPT TO:<support@rbn.example>")).hasPrefix("250"))
        #expect(reply(say(&s, "RCPT TO:<someone@elsewhere.example>")).hasPrefix("550 5.1.1"))
        #expect(reply(say(&s, "RCPT TO:<support+7-abc@rbn.example>")).hasPrefix("250"))
        #expect(reply(say(&s, "DATA")).hasPrefix("354"))
        #expect(say(&s, "Subject: x") == .nothing)
        #expect(say(&s, "") == .nothing)
        #expect(say(&s, "..a line that began with a dot") == .nothing)
        #expect(say(&s, ".") == .deliver)
        #expect(s.message.recipients == ["support@rbn.example", "support+7-abc@rbn.example"])
        #expect(s.message.sender == "a@schule.example")
        #expect(
            String(decoding: s.message.data, as: UTF8.self) == "Subject: x\r\n\r\n.a line that began with a dot\r\n")
        #expect(s.message.size == s.message.data.count)
        // One answer per recipient, as LMTP wants.
        #expect(s.replies(to: .accepted("taken")).count == 2)
        #expect(s.replies(to: .retryLater("busy")).allSatisfy { $0.hasPrefix("451 4.3.0") })
        s.delivered()
        // The next transaction starts clean, in the same session.
        #expect(reply(say(&s, "MAIL FROM:<>")).hasPrefix("250"), "the null sender of a bounce")
        #expect(reply(say(&s, "DATA")).hasPrefix("554"), "no recipient yet")
        #expect(reply(say(&s, "RSET")).hasPrefix("250"))
        #expect(reply(say(&s, "QUIT")).hasPrefix("221"))
    }

    @Test func commandsOutOfOrderAreRefused() {
        var s = session()
        #expect(reply(say(&s, "MAIL FROM:<a@b.example>")).hasPrefix("503"), "LHLO first")
        #expect(reply(say(&s, "EHLO mx.test")).hasPrefix("500"), "this is LMTP")
        #expect(reply(say(&s, "LHLO")).hasPrefix("501"))
        _ = say(&s, "LHLO mx.test")
        #expect(reply(say(&s, "RCPT TO:<support@rbn.example>")).hasPrefix("503"), "MAIL first")
        #expect(reply(say(&s, "MAIL FROM:a@b.example")).hasPrefix("501"), "the path needs brackets")
        #expect(reply(say(&s, "MAIL FROM:<a@b.example>")).hasPrefix("250"))
        #expect(reply(say(&s, "MAIL FROM:<a@b.example>")).hasPrefix("503"), "a transaction is open")
        #expect(reply(say(&s, "DATA")).hasPrefix("554"), "no recipient")
        #expect(reply(say(&s, "VRFY support")).hasPrefix("252"))
        #expect(reply(say(&s, "HELP")).hasPrefix("500"))
    }

    @Test func limitsHold() {
        var limits = LMTPLimits()
        limits.maxMessageBytes = 100
        limits.maxRecipients = 2
        limits.maxCommandBytes = 64
        var s = session(limits)
        _ = say(&s, "LHLO mx.test")
        #expect(reply(say(&s, "MAIL FROM:<a@b.example> SIZE=101")).hasPrefix("552 5.3.4"), "declared too large")
        #expect(reply(say(&s, "MAIL FROM:<" + String(repeating: "a", count: 80) + "@b.example>")).hasPrefix("500"))
        _ = say(&s, "MAIL FROM:<a@b.example>")
        _ = say(&s, "RCPT TO:<support@rbn.example>")
        _ = say(&s, "RCPT TO:<support+1-x@rbn.example>")
        #expect(reply(say(&s, "RCPT TO:<support+2-x@rbn.example>")).hasPrefix("452"), "too many recipients")
        _ = say(&s, "DATA")
        for _ in 0..<10 { _ = say(&s, String(repeating: "x", count: 20)) }
        // Read to its end, kept only up to the limit, then refused for each recipient.
        let refused = reply(say(&s, "."))
        #expect(refused.components(separatedBy: "\r\n").count == 2 && refused.hasPrefix("552 5.3.4"))
        #expect(reply(say(&s, "MAIL FROM:<a@b.example>")).hasPrefix("250"), "the session goes on")
    }
}
