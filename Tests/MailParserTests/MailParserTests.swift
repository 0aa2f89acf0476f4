import MailParser
import Testing

/// The parser's pieces, and what it refuses.
@Suite("Mail parsing")
struct MailParserTests {
    func parse(_ text: String) throws -> ParsedMail { try MailParser().parse(Array(text.utf8)) }

    @Test func encodedWordsAreDecodedAndJoined() {
        #expect(EncodedWords.decode("=?utf-8?q?Gr=C3=BC=C3=9Fe?= aus =?ISO-8859-1?Q?K=F6ln?=") == "Grüße aus Köln")
        #expect(EncodedWords.decode("=?utf-8?b?V0xBTg==?= =?utf-8?b?IGbDpGxsdCBhdXM=?=") == "WLAN fällt aus")
        #expect(EncodedWords.decode("=?windows-1252?Q?=93Zitat=94?=") == "“Zitat”")
        #expect(EncodedWords.decode("kein =?kaputt Wort") == "kein =?kaputt Wort")
        #expect(EncodedWords.decode("=?utf-8?x?abc?=") == "=?utf-8?x?abc?=")
    }

    @Test func parametersFollowRFC2231() {
        let split = HeaderValue(
            parsing: "attachment; filename*0*=utf-8''Lehrer%C3%BCbersicht; filename*1=\"_2026.pdf\"")
        #expect(split.value == "attachment")
        #expect(split.parameters["filename"] == "Lehrerübersicht_2026.pdf")
        let quoted = HeaderValue(parsing: "text/plain; charset=\"ISO-8859-15\"; format=flowed")
        #expect(quoted.value == "text/plain" && quoted.parameters["charset"] == "ISO-8859-15")
        #expect(HeaderValue(parsing: "multipart/mixed; boundary=\"a;b\"").parameters["boundary"] == "a;b")
    }

    @Test func transferEncodingsAreLenient() {
        #expect(TransferEncoding.quotedPrintable(Array("Gr=C3=BC=\r\nße =XY".utf8)) == Array("Grüße =XY".utf8))
        #expect(TransferEncoding.base64(Array("R3L\r\nDvMOfZQ==".utf8)) == Array("Grüße".utf8))
    }

    @Test func headersUnfoldAndKeepTheirOrder() throws {
        let mail = try parse(
            "Subject: Ein langer\r\n Betreff\r\nReceived: a\r\nReceived: b\r\nIn-Reply-To: <x@y>\r\nReferences: <a@b>\r\n <x@y>\r\n\r\nText\r\n"
        )
        #expect(mail.subject == "Ein langer Betreff")
        #expect(mail.headers.all("received") == ["a", "b"])
        #expect(mail.inReplyTo == ["x@y"] && mail.references == ["a@b", "x@y"])
        #expect(mail.text == "Text\r\n")
    }

    @Test func quotedHistoryAndSignaturesAreCutOff() {
        let cases = [
            "Danke, geht wieder.\n\nAm 02.12.2026 um 09:14 schrieb Support <support@rbn.example>:\n> Bitte neu starten.",
            "Danke, geht wieder.\n\n-----Ursprüngliche Nachricht-----\nVon: Support\nGesendet: Mittwoch",
            "Danke, geht wieder.\n\nOn Wed, Dec 2, 2026 at 9:14 AM Support <support@rbn.example> wrote:\n> Restart it.",
            "Danke, geht wieder.\n\nVon: Support <support@rbn.example>\nGesendet: Mittwoch, 2. Dezember 2026 09:14\nAn: Jana",
            "Danke, geht wieder.\n-- \nJana Krüger\nSchulleitung",
            "Danke, geht wieder.\n\nGesendet von meinem iPhone",
            "Danke, geht wieder.\n\n> Bitte neu starten.\n> Gruß",
        ]
        for text in cases { #expect(ReplyText.new(text) == "Danke, geht wieder.", "\(text)") }
        #expect(
            ReplyText.new("Am Montag war es noch kaputt.\nJetzt geht es.")
                == "Am Montag war es noch kaputt.\nJetzt geht es.")
    }

    @Test func tooLargeAndHeaderlessMailsAreRefusedWithTheirReason() {
        var limits = MailLimits()
        limits.maxBytes = 100
        #expect(throws: MailParseError.self) {
            try MailParser(limits: limits).parse(Array(repeating: 0x41, count: 101))
        }
        do {
            _ = try MailParser().parse(Array("just some bytes\nwithout a header".utf8))
            Issue.record("a mail without a header was read")
        } catch {
            #expect(error.reason == .unreadable)
        }
    }

    @Test func nestingAndPartsAreBounded() {
        var text = "From: a@b\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
        for i in 1...30 { text += "--b\(i - 1)\r\nContent-Type: multipart/mixed; boundary=b\(i)\r\n\r\n" }
        #expect(throws: MailParseError.self) { try parse(text) }
        var many = "From: a@b\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
        for _ in 0..<300 { many += "--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n" }
        #expect(throws: MailParseError.self) { try parse(many + "--x--\r\n") }
    }

    @Test func htmlBecomesText() {
        #expect(
            HTMLText.plain(
                "<div>Hallo&nbsp;Team,</div><ul><li>eins</li><li>zwei</li></ul><script>x()</script>&#8364; &euro;")
                == "Hallo Team,\n- eins\n- zwei\n€ €")
    }
}

/// Mail no person wrote, and the MTA's verdict on the sender.
@Suite("Automatic mail and sender authentication")
struct AutomaticMailTests {
    func mail(_ headers: String, body: String = "Text") throws -> ParsedMail {
        try MailParser().parse(Array("From: Jana <j@schule.example>\r\nSubject: Hallo\r\n\(headers)\r\n\(body)".utf8))
    }

    @Test func autoRepliesBouncesAndBulkAreKnown() throws {
        #expect(AutomaticMail.detect(try mail("Auto-Submitted: auto-replied\r\n")) == .autoReply)
        #expect(AutomaticMail.detect(try mail("X-Autoreply: yes\r\n")) == .autoReply)
        #expect(AutomaticMail.detect(try mail("Precedence: auto_reply\r\n")) == .autoReply)
        #expect(AutomaticMail.detect(try mail("Precedence: bulk\r\n")) == .bulk)
        #expect(AutomaticMail.detect(try mail("List-Id: <eltern.schule.example>\r\n")) == .bulk)
        #expect(AutomaticMail.detect(try mail("Auto-Submitted: auto-generated\r\n")) == .bulk)
        #expect(
            AutomaticMail.detect(
                try mail("Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n")) == .bounce)
        let outOfOffice = try MailParser().parse(
            Array("From: a@b\r\nSubject: Abwesenheitsnotiz: Beamer\r\n\r\nBin im Urlaub.".utf8))
        #expect(AutomaticMail.detect(outOfOffice) == .autoReply)
        #expect(AutomaticMail.detect(try mail("Auto-Submitted: no\r\n")) == nil)
        #expect(AutomaticMail.detect(try mail("")) == nil)
    }

    @Test func onlyOurMTAsVerdictCounts() throws {
        let ours = "mx.rbn.example"
        func verdict(_ headers: String) throws -> SenderAuthentication {
            SenderAuthentication.verdict(try mail(headers).headers, authservID: ours)
        }
        #expect(
            try verdict(
                "Authentication-Results: mx.rbn.example; spf=pass smtp.mailfrom=schule.example; dkim=pass header.d=schule.example; dmarc=pass\r\n"
            ) == .authenticated)
        #expect(
            try verdict("Authentication-Results: mx.rbn.example; dmarc=fail header.from=schule.example\r\n")
                == .spoofed("DMARC failed"))
        #expect(
            try verdict("Authentication-Results: mx.rbn.example; spf=fail smtp.mailfrom=schule.example\r\n")
                != .authenticated)
        // A header the sender wrote himself, for another authentication service, counts for nothing.
        #expect(try verdict("Authentication-Results: evil.example; dmarc=pass\r\n") == .unknown)
        #expect(
            SenderAuthentication.verdict(
                try mail("Authentication-Results: mx.rbn.example; dmarc=fail\r\n").headers, authservID: nil) == .unknown
        )
    }
}
