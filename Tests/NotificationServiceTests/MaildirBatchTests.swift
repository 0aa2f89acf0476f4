import Foundation
import RBNTestSupport
import Testing

@testable import NotificationService

/// Issue 22: a batch goes into the maildir together: written into tmp/, made durable with one
/// sync, moved into new/ (mode 0600), nothing left behind in tmp/; the same batch again replaces
/// the same files, so a retry after a crash delivers each message once.
@Suite("Maildir batches")
struct MaildirBatchTests {
    @Test func aBatchLandsInNewOnceAndTmpIsEmpty() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-maildir-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let channel = MaildirChannel(directory: dir)
        let batch = (1...5).map {
            Outgoing(
                deliveryID: $0, eventID: "e-\($0)", recipient: "eltern\($0)@schule.example",
                recipientName: "Eltern \($0)",
                subject: "Anmeldung", text: "Zeile 1\r\nZeile 2\rZeile 3\n.\n", language: "de")
        }
        let bad = Outgoing(
            deliveryID: 99, eventID: "e-99", recipient: "kein adresse", recipientName: nil, subject: "x", text: "y",
            language: "de")
        let outcomes = await channel.send(batch: batch + [bad])
        #expect(outcomes.prefix(5).allSatisfy { $0 == .sent })
        guard case .permanent = outcomes[5] else { throw TestSetupError("a bad address was written") }
        let new = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/new").sorted()
        #expect(new == (1...5).map { "e-\($0)-\($0).eml" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/tmp").isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: "\(dir)/new/\(new[0])")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: "\(dir)/new/\(new[0])", encoding: .utf8)
        #expect(text.contains("Zeile 1\r\nZeile 2\r\nZeile 3\r\n.\r\n"), "every line break is CRLF")
        // The same batch again (a retry after a crash): the same files, no more.
        _ = await channel.send(batch: batch)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/new").count == 5)
        #expect(
            MailMessage.rfc5322Date(Date(timeIntervalSince1970: 1_800_000_000)) == "Fri, 15 Jan 2027 09:00:00 +0100")
    }
}
