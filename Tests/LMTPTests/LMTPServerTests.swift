import Foundation
import LMTP
import RBNTestSupport
import Synchronization
import Testing

/// The listener as an MTA meets it, driven by Python's `smtplib.LMTP`, a client we did not write.
/// That client reads one reply after DATA, so each of its messages has one accepted recipient; the
/// replies per recipient are the session's tests', and Postfix's in the mail intake tests.
@Suite("LMTP server", .hangGuard)
struct LMTPServerTests {
    @Test func pythonsLMTPClientDeliversAndHearsEachRecipient() async throws {
        let taken = Mutex<[LMTPMessage]>([])
        var limits = LMTPLimits()
        limits.maxMessageBytes = 4096
        let server = try await LMTPServer.bind(
            host: "127.0.0.1", port: 0, hostname: "desk.test", limits: limits,
            accepts: { $0.hasSuffix("@rbn.example") }
        ) { message in
            let subject = String(decoding: message.data, as: UTF8.self)
            if subject.contains("Subject: busy") { return .retryLater("try again") }
            taken.withLock { $0.append(message) }
            return .accepted("taken")
        }
        let running = Task { try await server.run() }
        defer {
            server.close()
            running.cancel()
        }
        let script = """
            import smtplib, json, sys
            from email.message import EmailMessage
            out = {}
            with smtplib.LMTP("127.0.0.1", \(server.port), timeout=60) as c:
                def mail(subject, body):
                    m = EmailMessage()
                    m["From"] = "a@schule.example"; m["To"] = "support@rbn.example"; m["Subject"] = subject
                    m.set_content(body)
                    return m
                # One of ours and one not: the refused one named, the other delivered.
                refused = c.send_message(mail("ok", ".dot\\nZeile"), to_addrs=[
                    "nobody@elsewhere.example", "support+1-ab@rbn.example"])
                out["refused"] = {k: v[0] for k, v in refused.items()}
                try:
                    c.send_message(mail("busy", "x"), to_addrs=["support@rbn.example"])
                    out["busy"] = "accepted"
                except smtplib.SMTPDataError as e:
                    out["busy"] = e.smtp_code
                except smtplib.SMTPRecipientsRefused as e:
                    out["busy"] = [v[0] for v in e.recipients.values()]
                c.rset()
                try:
                    c.send_message(mail("big", "x" * 5000), to_addrs=["support@rbn.example"])
                    out["big"] = "accepted"
                except smtplib.SMTPSenderRefused as e:
                    out["big"] = e.smtp_code
                except smtplib.SMTPRecipientsRefused as e:
                    out["big"] = [v[0] for v in e.recipients.values()]
                except smtplib.SMTPDataError as e:
                    out["big"] = e.smtp_code
            print(json.dumps(out))
            """
        let r = await Subprocess.run(["python3", "-c", script])
        #expect(r.status == 0, "\(r.output)")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(out["refused"] as? [String: Int] == ["nobody@elsewhere.example": 550])
        #expect("\(out["busy"] ?? "")".contains("451"), "a store that cannot commit says: try again, \(out)")
        #expect("\(out["big"] ?? "")".contains("552"), "too large: refused, \(out)")
        let messages = taken.withLock { $0 }
        #expect(messages.count == 1)
        #expect(messages.first?.recipients == ["support+1-ab@rbn.example"])
        let text = String(decoding: messages.first?.data ?? [], as: UTF8.self)
        #expect(text.contains("\r\n.dot\r\nZeile\r\n"), "dot-stuffing undone, CRLF kept")
    }
}
