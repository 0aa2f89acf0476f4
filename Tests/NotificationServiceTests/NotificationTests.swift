import Contracts
import Foundation
import Messaging
import NotificationService
import RBNTestSupport
import ServiceKit
import Testing

/// Templates, mail format and retry policy on their own.
@Suite("Notification templates and mail")
struct NotificationTemplateTests {
    @Test func everyKindHasCheckedTemplatesInBothLanguages() throws {
        let templates = try Templates()
        for kind in MessageKinds.all {
            for language in Templates.languages {
                let m = try #require(templates.render(kind.id, language: language, kind.sample))
                #expect(!m.subject.isEmpty && !m.text.isEmpty, "\(kind.id).\(language)")
                #expect(!m.text.contains("{{"), "\(kind.id).\(language)")
            }
        }
        let kind = try #require(MessageKinds.kind("application-confirmed"))
        let confirmed = try #require(templates.render("application-confirmed", language: "de", kind.sample))
        #expect(confirmed.text.contains("1. 20.01.2027, 08:30–15:30, Medienzentrum Lippe, Detmold"))
        #expect(
            confirmed.subject == "Zusage: Städtisches Gymnasium nimmt an Medienscouts NRW – Kreis Lippe 2026/27 teil")
        // Values are text, not HTML: nothing is escaped.
        let replied = try #require(
            templates.render("ticket-replied", language: "de", ["text": .text("A & B <ok>"), "name": .text("Jörg")]))
        #expect(replied.text.contains("A & B <ok>"))
    }

    @Test func aTemplateNamingAnUnknownValueStopsTheStart() throws {
        let shipped = try #require(Templates.shipped)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: shipped, toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "Betreff {{ticketID}}\n\nHallo {{nmae}}\n".write(
            toFile: "\(dir)/ticket-opened.de.mustache", atomically: true, encoding: .utf8)
        #expect {
            _ = try Templates(directory: dir)
        } throws: { error in
            "\(error)".contains("ticket-opened.de.mustache: 'nmae' is not a value of ticket-opened")
        }
    }

    @Test func mailsCarryEncodedHeadersAndAUTF8Body() throws {
        let m = MailMessage(
            from: "no-reply@rbn.example", fromName: "Bildungsbüro", to: "a@b.example", toName: "Jörg Müller",
            subject: "Anfrage über WLAN", text: "Grüße\n.\nEnde", messageID: "delivery-1.x@rbn.invalid",
            date: Date(timeIntervalSince1970: 1_800_000_000))
        let text = try m.rendered
        #expect(text.contains("Subject: =?utf-8?B?\(Data("Anfrage über WLAN".utf8).base64EncodedString())?=\r\n"))
        #expect(text.contains("To: =?utf-8?B?\(Data("Jörg Müller".utf8).base64EncodedString())?= <a@b.example>\r\n"))
        #expect(text.contains("Message-ID: <delivery-1.x@rbn.invalid>\r\n"))
        #expect(text.contains("Date: Fri, 15 Jan 2027 09:00:00 +0100\r\n"))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8\r\n"))
        #expect(text.hasSuffix("\r\n\r\nGrüße\r\n.\r\nEnde"))
    }

    /// A mail about a ticket threads: the desk's Message-ID, In-Reply-To, References, its signed
    /// Reply-To and the network's sender; an id cannot carry a header of its own.
    @Test func ticketMailsCarryTheirThread() throws {
        let thread = SupportDesk.MailThread(
            messageID: "ticket-7.3-0a1b2c3d4e@rbn.example", inReplyTo: "abc@schule.example",
            references: ["abc@schule.example", "ticket-7.1-0a1b2c3d4e@rbn.example>\r\nBcc: spy@evil.example"],
            replyTo: "support+7-0a1b2c3d4e@rbn.example", from: "support@lippe.example")
        let outgoing = Outgoing(
            deliveryID: 1, eventID: "e1", recipient: "a@schule.example", recipientName: "Anna", subject: "[#7] S",
            text: "T", language: "de", thread: thread)
        let text = try MailMessage(outgoing, from: "no-reply@rbn.example", fromName: "Support").rendered
        let headers = text.components(separatedBy: "\r\n\r\n")[0]
        #expect(headers.contains("From: Support <support@lippe.example>\r\n"))
        #expect(headers.contains("Reply-To: <support+7-0a1b2c3d4e@rbn.example>\r\n"))
        #expect(headers.contains("Message-ID: <ticket-7.3-0a1b2c3d4e@rbn.example>\r\n"))
        #expect(headers.contains("In-Reply-To: <abc@schule.example>\r\n"))
        #expect(
            headers.contains(
                "References: <abc@schule.example>\r\n <ticket-7.1-0a1b2c3d4e@rbn.exampleBcc:spy@evil.example>\r\n"))
        #expect(!headers.components(separatedBy: "\r\n").contains { $0.hasPrefix("Bcc") })
        // Without a thread: the delivery's own id and the channel's sender, no Reply-To.
        let plain = try MailMessage(
            Outgoing(
                deliveryID: 2, eventID: "e2", recipient: "a@schule.example", recipientName: nil, subject: "S",
                text: "T", language: "de"), from: "no-reply@rbn.example", fromName: "Support"
        ).rendered
        #expect(plain.contains("Message-ID: <delivery-2.e2@rbn.invalid>\r\n") && !plain.contains("Reply-To"))
    }

    /// Issue 17, finding 4: nothing a sender wrote becomes a header, a recipient or an end of data.
    @Test func noHeaderInjectionNoSmuggling() throws {
        func mail(
            to: String = "a@b.example", name: String? = nil, subject: String = "S", text: String = "T"
        )
            -> MailMessage
        {
            MailMessage(
                from: "no-reply@rbn.example", fromName: "Bildungsbüro", to: to, toName: name, subject: subject,
                text: text, messageID: "d-1@rbn.invalid", date: Date(timeIntervalSince1970: 1_800_000_000))
        }
        // An address with a header of its own is not rendered at all.
        #expect(throws: MailAddress.Invalid.self) { try mail(to: "eve@x.example\r\nBcc: spy@evil.example").rendered }
        #expect(throws: MailAddress.Invalid.self) { try mail(to: "eve@x.example>, spy@evil.example").rendered }
        // A name with CR LF, quotes and brackets stays inside the To: header.
        let named = try mail(name: "Eve <eve@x>\r\nBcc: spy@evil.example").rendered
        let headers = named.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(!headers.contains { $0.hasPrefix("Bcc") }, "\(headers)")
        #expect(headers.contains("To: \"Eve <eve@x>  Bcc: spy@evil.example\" <a@b.example>"), "\(headers)")
        #expect(try mail(name: "O\"Brien \\ Co").rendered.contains("To: \"O\\\"Brien \\\\ Co\" <a@b.example>\r\n"))
        // A subject with a line break stays one header.
        let subject = try mail(subject: "Hallo\r\nBcc: spy@evil.example").rendered
        #expect(subject.contains("Subject: Hallo  Bcc: spy@evil.example\r\n"))
        // Bare CR and LF in the text become CRLF: no "\n.\r\n" or "\r.\r" reaches the server as an end.
        let body = try mail(text: "eins\n.\nzwei\r.\rdrei\r\nvier").rendered
        #expect(body.hasSuffix("\r\n\r\neins\r\n.\r\nzwei\r\n.\r\ndrei\r\nvier"))
        let bareBreaks = body.replacingOccurrences(of: "\r\n", with: "")
        #expect(!bareBreaks.contains("\r") && !bareBreaks.contains("\n"))
    }

    /// The one address check every service and CLI uses.
    @Test func theAddressCheckRefusesWhatCouldBreakOut() throws {
        #expect(try MailAddress.normalized(" Anna.Becker@Schule.Example ") == "anna.becker@schule.example")
        #expect(try MailAddress.normalized("jörg@müller-schule.example") == "jörg@müller-schule.example")
        for bad in [
            "eve@x\r\nBcc: spy@evil.example", "eve@x.example\n", "a@b@c.example", "<a@b.example>", "a>b@c.example",
            "a b@c.example", "a@b", "@b.example", "a@.example", "a@-b.example", "a..b@c.example", "a\u{0}@b.example",
            "a@b.example,c@d.example", String(repeating: "a", count: 65) + "@b.example",
            "a@" + String(repeating: "b", count: 250) + ".example", "",
        ] {
            #expect(throws: MailAddress.Invalid.self, "\(bad.debugDescription)") { try MailAddress.normalized(bad) }
        }
        #expect(throws: MailAddress.Invalid.self) { try MailAddress.displayName("Eve\r\nBcc: x") }
        let parsed = try MailAddress.parse("Jörg Müller <Joerg.Mueller@Schule.Example>")
        #expect(parsed.name == "Jörg Müller" && parsed.address == "joerg.mueller@schule.example")
        #expect(throws: MailAddress.Invalid.self) { try MailAddress.parse("Eve <eve@x\r\nBcc: spy@evil>") }
        // Long names become several encoded words, none over 75 characters.
        let long = MailAddress.phrase(String(repeating: "Grüße ", count: 30))
        #expect(long.split(separator: " ").allSatisfy { $0.count <= 75 && $0.hasPrefix("=?utf-8?B?") })
    }

    @Test func retriesBackOffAndStop() {
        let p = RetryPolicy(firstDelay: 10, maxDelay: 100, maxAttempts: 5)
        let now = Date(timeIntervalSince1970: 0)
        let delays = (1...4).map { p.next(after: $0, now: now, jitter: 1)!.timeIntervalSince(now) }
        #expect(delays == [10, 20, 40, 80])
        #expect(p.next(after: 4, now: now, jitter: 0.5)!.timeIntervalSince(now) == 40)
        #expect(p.next(after: 5, now: now) == nil)
        #expect(
            RetryPolicy(firstDelay: 10, maxDelay: 30, maxAttempts: 9).next(after: 6, now: now, jitter: 1)!
                .timeIntervalSince(now) == 30)
    }
}

/// The service through a real broker, mail going to a maildir.
@Suite("Notifications over the broker", .hangGuard)
struct NotificationFlowTests {
    static func ticket(_ email: String) -> SupportDesk.Ticket {
        let clock = SupportDesk.Clock(state: .ok, used: 0, target: 3600)
        return SupportDesk.Ticket(
            id: 42, title: "WLAN im Raum 204 fällt aus", status: .new, priority: .normal, category: .network, level: 1,
            schulnummer: "193007", schoolName: "Städtisches Gymnasium", networkID: "kreis-lippe",
            schultraegerID: "stadt-detmold", itGroupEmail: nil,
            requester: .init(name: "Jörg Müller", email: email), assignee: nil,
            openedAt: "2026-11-30T08:00:00Z", firstResponse: clock, resolution: clock)
    }

    static func with(
        maildir: String, retry: RetryPolicy = RetryPolicy(), _ body: (ServiceHarness) async throws -> Void
    ) async throws {
        let templates = try Templates()
        try await ServiceHarness.with(
            service: Notifications.service, events: "notification.#",
            {
                NotificationService.definition(
                    name: $0, templates: templates, channel: MaildirChannel(directory: maildir), retry: retry)
            },
            ready: { h in
                _ = try await h.send(
                    Notifications.ListDeliveries(limit: 1), as: Notifications.DeliveryList.self, timeout: 1)
            }, body)
    }

    static func publish<E: MessagePayload>(_ e: Envelope<E>, _ h: ServiceHarness) async throws {
        try await h.connection.publishEvent(e)
    }

    /// The mails in the maildir to `email`: tests side by side see each other's events.
    static func files(_ dir: String, to email: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(dir)/new"))?.sorted() ?? []
        return names.filter {
            ((try? String(contentsOfFile: "\(dir)/new/\($0)", encoding: .utf8)) ?? "").contains("<\(email)>")
        }
    }

    @Test func anEventArrivingTwiceIsOneMailInTheMaildir() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let email = "joerg.\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        try await Self.with(maildir: dir) { h in
            let opened = Envelope(SupportDesk.TicketOpened(ticket: Self.ticket(email), by: "guest"))
            try await Self.publish(opened, h)
            try await Self.publish(opened, h)  // delivered again, as at-least-once delivery may
            _ = await eventually(until: { !$0.isEmpty }) { Self.files(dir, to: email) }
            try await Task.sleep(for: .seconds(1))
            let files = Self.files(dir, to: email)
            #expect(files.count == 1)
            let file = try #require(files.first)
            let mail = try String(contentsOfFile: "\(dir)/new/\(file)", encoding: .utf8)
            #expect(mail.contains("To: =?utf-8?B?\(Data("Jörg Müller".utf8).base64EncodedString())?= <\(email)>"))
            #expect(mail.contains("Hallo Jörg Müller,"))
            #expect(mail.contains("„WLAN im Raum 204 fällt aus“ für Städtisches Gymnasium"))
            let log = try await h.query(
                Notifications.ListDeliveries(recipient: email), as: Notifications.DeliveryList.self)
            #expect(log.deliveries.map(\.status) == [.sent])
            #expect(log.deliveries.first?.eventID == opened.id)
            // The outcome is an event too (the test beside this one sees the same support-desk event
            // and sends its own, so only this instance's log above counts exactly).
            let sent = try await h.emitted(expecting: 1) { a, body in
                a.type == Notifications.DeliverySent.messageType.rawValue
                    && String(decoding: body, as: UTF8.self).contains(email)
            }
            let delivery = try EnvelopeCodec.decode(
                Notifications.DeliverySent.self, from: try #require(sent.first).body)
            #expect(delivery.data.delivery.status == .sent && delivery.data.delivery.kind == "ticket-opened")
        }
    }

    /// A ticket mail is written with the desk's thread; a bounce naming its Message-ID marks the
    /// delivery failed; an address that opens ticket after ticket gets five confirmations an hour.
    @Test func threadsBouncesAndLoopProtection() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let email = "lena.\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        let id = "ticket-7.1-\(UUID().uuidString.prefix(10).lowercased())@rbn.example"
        try await Self.with(maildir: dir) { h in
            var opened = SupportDesk.TicketOpened(ticket: Self.ticket(email), by: email)
            opened.mail = SupportDesk.MailThread(
                messageID: id, inReplyTo: "her-first@schule.example", references: ["her-first@schule.example"],
                replyTo: "support+7-0a1b2c3d4e@rbn.example", from: "support@lippe.example")
            try await Self.publish(Envelope(opened), h)
            let written = await eventually(until: { !$0.isEmpty }) { Self.files(dir, to: email) }
            let mail = try String(contentsOfFile: "\(dir)/new/\(try #require(written.first))", encoding: .utf8)
            #expect(
                mail.contains("Message-ID: <\(id)>\r\n")
                    && mail.contains("Reply-To: <support+7-0a1b2c3d4e@rbn.example>"))
            #expect(
                mail.contains("In-Reply-To: <her-first@schule.example>") && mail.contains("<support@lippe.example>"))
            #expect(mail.contains("Subject: =?utf-8?B?") || mail.contains("Subject: [#42]"))

            // A bounce comes back after the mail went out: once the delivery is recorded as sent.
            _ = try await eventually(until: { $0.first?.status == .sent }) {
                try await h.query(Notifications.ListDeliveries(recipient: email), as: Notifications.DeliveryList.self)
                    .deliveries
            }
            try await Self.publish(
                Envelope(SupportDesk.MailBounced(ticketID: 42, messageID: id, status: "5.1.1 user unknown")), h)
            let failed = try await eventually(until: { $0.first?.status == .failed }) {
                try await h.query(Notifications.ListDeliveries(recipient: email), as: Notifications.DeliveryList.self)
                    .deliveries
            }
            #expect(failed.first?.lastError == "bounced: 5.1.1 user unknown")

            // Seven more tickets within the hour: four more confirmations (five in all), then none.
            for _ in 0..<7 {
                try await Self.publish(Envelope(SupportDesk.TicketOpened(ticket: Self.ticket(email), by: email)), h)
            }
            let all = try await eventually(until: { $0.count >= 5 }) {
                try await h.query(Notifications.ListDeliveries(recipient: email), as: Notifications.DeliveryList.self)
                    .deliveries
            }
            try await Task.sleep(for: .seconds(1))
            let after = try await h.query(
                Notifications.ListDeliveries(recipient: email), as: Notifications.DeliveryList.self
            ).deliveries
            #expect(all.count == 5 && after.count == 5, "at most five confirmations an hour")
        }
    }

    @Test func aMaildirThatCannotBeWrittenIsRetriedUntilItCan() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A file where the maildir should be: every write fails until it is gone.
        try "not a folder".write(toFile: dir, atomically: true, encoding: .utf8)
        let email = "anna.\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        try await Self.with(maildir: dir, retry: RetryPolicy(firstDelay: 0.3, maxDelay: 1, maxAttempts: 50)) { h in
            try await Self.publish(Envelope(SupportDesk.TicketOpened(ticket: Self.ticket(email), by: "guest")), h)
            _ = try await eventually(until: { $0 >= 2 }) {
                try await h.query(Notifications.ListDeliveries(recipient: email), as: Notifications.DeliveryList.self)
                    .deliveries.first?.attempts ?? 0
            }
            let failing = try await h.query(
                Notifications.ListDeliveries(recipient: email), as: Notifications.DeliveryList.self
            ).deliveries.first
            #expect(failing?.status == .pending && (failing?.lastError ?? "").contains("cannot"))
            try FileManager.default.removeItem(atPath: dir)
            _ = await eventually(until: { !$0.isEmpty }) { Self.files(dir, to: email) }
            #expect(Self.files(dir, to: email).count == 1)
        }
    }

    @Test func previewsRenderEveryKindWithItsSampleData() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)").path
        try await Self.with(maildir: dir) { h in
            let m = try await h.query(
                Notifications.PreviewMessage(kind: "application-offered", language: "en"),
                as: Notifications.RenderedMessage.self)
            #expect(m.subject.hasPrefix("A place is free"))
            #expect(try await h.refusal(Notifications.PreviewMessage(kind: "nope")).code == "not-found")
        }
    }
}
