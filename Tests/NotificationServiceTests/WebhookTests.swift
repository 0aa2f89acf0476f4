import Contracts
import Foundation
import Messaging
import NotificationService
import RBNTestSupport
import ServiceKit
import Testing

/// Webhooks to a real HTTP server (`scripts/test-webhook-server`) that checks each signature with
/// its own HMAC code: signed posts verify, a 503 is tried again, a 410 is not, and a wrong secret
/// is caught by the receiver.
@Suite("Webhooks", .serialized, .hangGuard)
struct WebhookTests {
    static let secret = "webhook-geheimnis-ä"

    /// The receiver, its port and what it logged.
    final class Receiver: Sendable {
        let process: ChildProcess
        let port: Int
        let log: String

        init() async throws {
            let dir = RecipientTests.temporaryDirectory("webhook")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            log = "\(dir)/receiver.log"
            process = try ChildProcess(
                "\(SystemUnderTest.repository)/scripts/test-webhook-server", arguments: [WebhookTests.secret],
                environment: [:], logPath: log)
            if let p = await process.announcedPort() {
                port = p
                return
            }
            process.signal(SIGKILL)
            throw TestSetupError("the webhook receiver did not start: \(process.tail())")
        }

        /// The posts received for `recipient`: path, whether the signature verified, the body.
        func posts(for recipient: String) -> [(path: String, valid: Bool, body: [String: Any])] {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { line in
                guard line.hasPrefix("{"),
                    let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let body = o["body"] as? [String: Any], body["recipient"] as? String == recipient
                else { return nil }
                return (o["path"] as? String ?? "", o["valid"] as? Bool ?? false, body)
            }
        }
    }

    @Test func signedPostsVerifyAndFailuresAreRetriedOrNotByStatus() async throws {
        let receiver = try await Receiver()
        let dir = RecipientTests.temporaryDirectory("maildir")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let id = UUID().uuidString.prefix(6).lowercased()
        let flaky = "flaky-\(id)@schule.example"
        let gone = "gone-\(id)@schule.example"
        try await RecipientTests.with(
            maildir: dir, webhook: WebhookChannel(secret: Self.secret, timeout: 5),
            retry: RetryPolicy(firstDelay: 0.3, maxDelay: 1, maxAttempts: 5)
        ) { h in
            for (email, path) in [(flaky, "flaky"), (gone, "gone")] {
                let r = try await h.command(
                    Notifications.SetPreferences(
                        email: email, channel: .webhook, webhookURL: "http://127.0.0.1:\(receiver.port)/\(path)"),
                    as: Notifications.RecipientDetails.self)
                #expect(r.recipient.channel == .webhook)
                try await NotificationFlowTests.publish(
                    Envelope(SupportDesk.TicketOpened(ticket: NotificationFlowTests.ticket(email), by: "guest")), h)
            }
            let sent = try await RecipientTests.deliveries(flaky, h) { $0.first?.status == .sent }
            #expect(sent.count == 1)
            #expect(sent.first?.channel == .webhook && sent.first?.attempts == 2)
            let posts = receiver.posts(for: flaky)
            #expect(posts.count == 2, "a 503, then a 200")
            #expect(posts.allSatisfy { $0.valid })
            #expect(
                posts.first?.body["subject"] as? String
                    == "[#42] Ihre Anfrage ist eingegangen: WLAN im Raum 204 fällt aus")
            #expect(posts.first?.body["kind"] as? String == "ticket-opened")
            #expect(posts.first?.body["deliveryID"] as? Int == sent.first?.id)

            let failed = try await RecipientTests.deliveries(gone, h) { $0.first?.status == .failed }
            #expect(failed.first?.attempts == 1)
            #expect(failed.first?.lastError?.contains("HTTP 410") == true)
            #expect(receiver.posts(for: gone).count == 1)
            #expect(NotificationFlowTests.files(dir, to: flaky).isEmpty, "webhook recipients get no mail")
        }
        await receiver.process.stop()
    }

    @Test func aPostSignedWithAnotherSecretDoesNotVerify() async throws {
        let receiver = try await Receiver()
        let email = "forged-\(UUID().uuidString.prefix(6))@schule.example".lowercased()
        let message = Outgoing(
            deliveryID: 1, eventID: "e-1", kind: "ticket-opened", channel: .webhook, recipient: email,
            recipientName: nil, target: "http://127.0.0.1:\(receiver.port)/ok", subject: "Betreff", text: "Text",
            language: "de")
        let outcome = await WebhookChannel(secret: "not-the-secret").send(message)
        #expect(outcome == .permanent("HTTP 401 from http://127.0.0.1:\(receiver.port)/ok"))
        #expect(receiver.posts(for: email).map(\.valid) == [false])
        #expect(await WebhookChannel(secret: Self.secret).send(message) == .sent)
        #expect(receiver.posts(for: email).map(\.valid) == [false, true])
        await receiver.process.stop()
    }
}
