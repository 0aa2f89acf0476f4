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
@Suite("Mail over SMTP", .serialized, .timeLimit(.minutes(3)))
struct SMTPTests {
    /// The test server, its port and the folder it writes accepted mail to.
    final class Server: Sendable {
        let process: ChildProcess
        let port: Int
        let outbox: String

        init(auth: Bool = false) async throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            outbox = "\(dir)/mail"
            process = try ChildProcess(
                "\(SystemUnderTest.repository)/scripts/test-smtp-server",
                arguments: [outbox] + (auth ? ["--auth"] : []),
                environment: [:], logPath: "\(dir)/server.log")
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                let log = (try? String(contentsOfFile: "\(dir)/server.log", encoding: .utf8)) ?? ""
                if let line = log.split(separator: "\n").first(where: { $0.hasPrefix("ready ") }),
                    let p = Int(line.dropFirst(6))
                {
                    port = p
                    return
                }
                try await Task.sleep(for: .milliseconds(50))
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

    static func with(
        _ server: Server, user: String? = nil, password: String? = nil, _ body: (ServiceHarness) async throws -> Void
    ) async throws {
        let templates = try Templates()
        let channel = SMTPChannel(
            .init(host: "127.0.0.1", port: server.port, user: user, password: password, timeout: 10))
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
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let d = try await h.query(
                Notifications.ListDeliveries(recipient: email), as: Notifications.DeliveryList.self
            )
            .deliveries.first
            if let d, done(d) { return d }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
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
            let subject = "Ihre Anfrage #42 ist eingegangen: WLAN im Raum 204 fällt aus"
            #expect(mail.contains("Subject: =?utf-8?B?\(Data(subject.utf8).base64EncodedString())?="))
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
}
