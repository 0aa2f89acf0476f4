import Contracts
import Foundation
import Messaging
import NotificationService
import RBNTestSupport
import ServiceKit
import Testing

/// Mail over SMTP to a real server (aiosmtpd, `scripts/test-smtp-server`): accepted once with
/// correct headers, a 451 tried again, a 550 failed for good with an event, login with AUTH.
/// (aiosmtpd 1.4 does not answer a failed login at all, so a wrong password shows here only as a
/// timeout, which is tried again; not tested.)
@Suite("Mail over SMTP", .serialized, .hangGuard)
struct SMTPTests {
    /// The test server, its port and the folder it writes accepted mail to.
    final class Server: Sendable {
        let process: ChildProcess
        let port: Int
        let outbox: String

        init(auth: Bool = false, tls: [String] = []) async throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            outbox = "\(dir)/mail"
            process = try ChildProcess(
                "\(SystemUnderTest.repository)/scripts/test-smtp-server",
                arguments: [outbox] + (auth ? ["--auth"] : []) + tls,
                environment: [:], logPath: "\(dir)/server.log")
            if let p = await process.announcedPort() {
                port = p
                return
            }
            process.signal(SIGKILL)
            throw TestSetupError("the SMTP test server did not start: \(process.tail())")
        }

        /// The accepted mails to `email`.
        func mails(to email: String) -> [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox))?.sorted() ?? []
            return names.filter { $0.hasSuffix(".eml") }.compactMap {
                try? String(contentsOfFile: "\(outbox)/\($0)", encoding: .utf8)
            }.filter { $0.contains("<\(email)>") }
        }
    }

    /// A throwaway CA and a server certificate for localhost and 127.0.0.1 (scripts/make-test-certs).
    static func certificates() async throws -> (ca: String, cert: String, key: String, otherCA: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)").path
        let made = await Subprocess.run(["\(SystemUnderTest.repository)/scripts/make-test-certs", dir])
        guard made.status == 0 else { throw TestSetupError("make-test-certs failed: \(made.output)") }
        return ("\(dir)/ca.pem", "\(dir)/server.pem", "\(dir)/server.key", "\(dir)/other-ca.pem")
    }

    static func with(
        _ server: Server, user: String? = nil, password: String? = nil, security: SMTPChannel.Security = .none,
        caFile: String? = nil, _ body: (ServiceHarness) async throws -> Void
    ) async throws {
        let templates = try Templates()
        let channel = SMTPChannel(
            .init(
                host: "127.0.0.1", port: server.port, user: user, password: password, timeout: 10,
                security: security, caFile: caFile))
        try await ServiceHarness.with(
            service: Notifications.service, events: "notification.#",
            {
                NotificationService.definition(
                    name: $0, templates: templates, channel: channel,
                    retry: RetryPolicy(firstDelay: 0.3, maxDelay: 1, maxAttempts: 5))
            },
            ready: { h in
                _ = try await h.send(
                    Notifications.ListDeliveries(limit: 1), as: Notifications.DeliveryList.self, timeout: 1)
            }, body)
        await server.process.stop()
    }

    static func open(_ email: String, _ h: ServiceHarness) async throws {
        try await NotificationFlowTests.publish(
            Envelope(SupportDesk.TicketOpened(ticket: NotificationFlowTests.ticket(email), by: "guest")), h)
    }

    static func delivery(
        _ email: String, _ h: ServiceHarness, until done: (Notifications.Delivery) -> Bool
    ) async throws
        -> Notifications.Delivery?
    {
        try await eventually(every: .milliseconds(100), until: { $0.map(done) ?? false }) {
            try await h.query(Notifications.ListDeliveries(recipient: email), as: Notifications.DeliveryList.self)
                .deliveries.first
        }
    }

    @Test func mailsArriveOnceWithTheirHeadersAndUmlauts() async throws {
        let server = try await Server()
        let email = "joerg.\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        try await Self.with(server) { h in
            try await Self.open(email, h)
            let d = try #require(try await Self.delivery(email, h) { $0.status != .pending })
            #expect(d.status == .sent && d.attempts == 1)
            try await Task.sleep(for: .milliseconds(500))
            let mails = server.mails(to: email)
            #expect(mails.count == 1)
            let mail = try #require(mails.first)
            let subject = "[#42] Ihre Anfrage ist eingegangen: WLAN im Raum 204 fällt aus"
            #expect(mail.contains("Subject: \(MailAddress.unstructured(subject))"))
            #expect(mail.contains("Content-Type: text/plain; charset=utf-8"))
            #expect(mail.contains("Hallo Jörg Müller,"))
            #expect(mail.contains("Message-ID: <delivery-\(d.id).\(d.eventID)@rbn.invalid>"))
        }
    }

    @Test func aTemporaryRefusalIsTriedAgainAndAPermanentOneIsNot() async throws {
        let server = try await Server()
        let busy = "busy-\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        let rejected = "reject-\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        try await Self.with(server) { h in
            try await Self.open(busy, h)
            try await Self.open(rejected, h)
            let retried = try #require(try await Self.delivery(busy, h) { $0.status == .sent })
            #expect(retried.attempts == 2)
            #expect(server.mails(to: busy).count == 1)
            let failed = try #require(try await Self.delivery(rejected, h) { $0.status == .failed })
            #expect(failed.attempts == 1)
            #expect(failed.lastError?.contains("RCPT TO: 550") == true)
            #expect(server.mails(to: rejected).isEmpty)
            let events = try await h.emitted(expecting: 1) { a, body in
                a.type == Notifications.DeliveryFailed.messageType.rawValue
                    && String(decoding: body, as: UTF8.self).contains(rejected)
            }
            #expect(!events.isEmpty)
        }
    }

    @Test func theServerLoginIsUsed() async throws {
        let good = try await Server(auth: true)
        let email = "anna.\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        try await Self.with(good, user: "rbn", password: "geheim") { h in
            try await Self.open(email, h)
            #expect(try await Self.delivery(email, h) { $0.status == .sent } != nil)
            #expect(good.mails(to: email).count == 1)
        }
    }

    @Test(arguments: [SMTPChannel.Security.startTLS, .implicitTLS])
    func mailGoesOverTLS(_ security: SMTPChannel.Security) async throws {
        let tls = try await Self.certificates()
        let flag = security == .startTLS ? "--starttls" : "--tls"
        let server = try await Server(auth: true, tls: [flag, tls.cert, tls.key])
        let email = "joerg-tls.\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        try await Self.with(server, user: "rbn", password: "geheim", security: security, caFile: tls.ca) { h in
            try await Self.open(email, h)
            let d = try #require(try await Self.delivery(email, h) { $0.status != .pending })
            #expect(d.status == .sent && d.attempts == 1, "\(d.lastError ?? "")")
            let mails = server.mails(to: email)
            #expect(mails.count == 1)
            #expect(mails.first?.contains("Hallo Jörg Müller,") == true)
        }
    }

    @Test func withoutTheRightTLSNothingIsSent() async throws {
        // A server without STARTTLS when it is required: refused, not sent in the clear.
        let plain = try await Server()
        let email = "klar.\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        try await Self.with(plain, security: .startTLS) { h in
            try await Self.open(email, h)
            let d = try #require(try await Self.delivery(email, h) { $0.status == .failed })
            #expect(d.lastError?.contains("does not offer STARTTLS") == true)
            #expect(plain.mails(to: email).isEmpty)
        }
        // A certificate from a CA the client does not trust: no mail, and the attempt is kept for later.
        let tls = try await Self.certificates()
        let untrusted = try await Server(tls: ["--tls", tls.cert, tls.key])
        let other = "fremd.\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        try await Self.with(untrusted, security: .implicitTLS, caFile: tls.otherCA) { h in
            try await Self.open(other, h)
            let d = try #require(try await Self.delivery(other, h) { $0.attempts >= 1 })
            #expect(d.status != .sent)
            #expect(untrusted.mails(to: other).isEmpty)
        }
    }

    @Test func theMailServerAddressSaysHowToProtectTheConversation() throws {
        let starttls = try NotificationService.smtpSettings("smtp://rbn:geh%40im@mail.example", from: "a@b.example")
        #expect(starttls.security == .startTLS && starttls.port == 587 && starttls.password == "geh@im")
        let implicit = try NotificationService.smtpSettings("smtps://mail.example?ca=/etc/rbn/ca.pem", from: "a@b")
        #expect(implicit.security == .implicitTLS && implicit.port == 465 && implicit.caFile == "/etc/rbn/ca.pem")
        let relay = try NotificationService.smtpSettings("smtp://127.0.0.1:25?tls=none", from: "a@b")
        #expect(relay.security == SMTPChannel.Security.none && relay.port == 25)
        #expect(throws: SettingsError.self) { try NotificationService.smtpSettings("smtp://x?tls=maybe", from: "a@b") }
        #expect(throws: SettingsError.self) { try NotificationService.smtpSettings("http://x", from: "a@b") }
    }
}
