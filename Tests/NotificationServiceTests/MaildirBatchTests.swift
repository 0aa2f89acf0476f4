import Foundation
import RBNTestSupport
import Testing

@testable import NotificationService

/// Issue 22: a batch goes into the maildir together: written (unnamed, or into tmp/ where the file
/// system has no unnamed files), made durable with one sync, named in new/ (mode 0600), nothing
/// left behind in tmp/; the same batch again replaces the same files, so a retry after a crash
/// delivers each message once.
@Suite("Maildir batches", .serialized)
struct MaildirBatchTests {
    /// Unnamed files linked by their descriptor and by their `/proc/self/fd` path, and files in tmp/.
    @Test(arguments: [(true, true), (true, false), (false, false)])
    func aBatchLandsInNewOnceAndTmpIsEmpty(unnamed: Bool, byDescriptor: Bool) async throws {
        let before = MaildirChannel.unnamedFiles.load(ordering: .relaxed)
        let linksBefore = MaildirChannel.linksByDescriptor.load(ordering: .relaxed)
        MaildirChannel.unnamedFiles.store(unnamed && before, ordering: .relaxed)
        MaildirChannel.linksByDescriptor.store(byDescriptor && linksBefore, ordering: .relaxed)
        defer {
            MaildirChannel.unnamedFiles.store(before, ordering: .relaxed)
            MaildirChannel.linksByDescriptor.store(linksBefore, ordering: .relaxed)
        }
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
        // The same batch again (a retry after a crash), one text changed: the same files, no more,
        // and the newer text in place of the older.
        var again = batch
        again[0] = Outgoing(
            deliveryID: 1, eventID: "e-1", recipient: "eltern1@schule.example", recipientName: "Eltern 1",
            subject: "Anmeldung", text: "Neu geschrieben", language: "de")
        #expect(await channel.send(batch: again).allSatisfy { $0 == .sent })
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/new").count == 5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/tmp").isEmpty)
        #expect(try String(contentsOfFile: "\(dir)/new/\(new[0])", encoding: .utf8).contains("Neu geschrieben"))
        #expect(
            MailMessage.rfc5322Date(Date(timeIntervalSince1970: 1_800_000_000)) == "Fri, 15 Jan 2027 09:00:00 +0100")
    }
}
