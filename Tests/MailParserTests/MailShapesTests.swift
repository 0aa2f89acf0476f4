import Foundation
import MailParser
import RBNTestSupport
import Testing

/// The shapes of mail that schools' clients send, written by Python's email package
/// (Tests/Mail/shapes.py), read by the parser.
@Suite("Mail as clients send it")
struct MailShapesTests {
    /// Each shape's bytes, by name, written once per run.
    static func shapes() async throws -> [String: [UInt8]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shapes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = "\(SystemUnderTest.repository)/Tests/Mail/shapes.py"
        let made = await Subprocess.run(["/usr/bin/python3", script, dir.path], slots: nil)
        guard made.status == 0 else { throw TestSetupError("shapes.py failed: \(made.output)") }
        var shapes: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".eml") {
            shapes[String(name.dropLast(4))] = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
        }
        return shapes
    }

    @Test func everyShapeIsRead() async throws {
        let shapes = try await Self.shapes()
        #expect(shapes.count == 9, "\(shapes.keys.sorted())")
        let parser = MailParser()
        func mail(_ name: String) throws -> ParsedMail { try parser.parse(try #require(shapes[name], "\(name)")) }

        // Outlook: HTML only, Windows-1252, quoted-printable; the text comes from the HTML.
        let outlook = try mail("outlook-html-cp1252")
        #expect(outlook.subject == "Beamer defekt – Raum 2.14")
        #expect(outlook.text == "Der Beamer in Raum 2.14 zeigt kein Bild.\nGrüße & Dank\nJ. Krüger – Schulleitung")
        #expect(outlook.html != nil && outlook.attachments.isEmpty)
        #expect(outlook.messageID == "beamer-1@schule.example")

        // Apple Mail / Thunderbird: the plain alternative, an inline image with its Content-ID.
        let apple = try mail("apple-alternative-inline")
        #expect(apple.subject == "WLAN fällt aus")
        #expect(apple.text.hasPrefix("Seit Montag kein WLAN im Raum 204."))
        #expect(ReplyText.new(apple.text) == "Seit Montag kein WLAN im Raum 204.")
        #expect(apple.attachments.map(\.filename) == ["screenshot.png"])
        #expect(apple.attachments.first?.contentID == "bild1@schule.example")
        #expect(apple.attachments.first?.bytes.prefix(4) == [0x89, 0x50, 0x4E, 0x47])

        // Quoted-printable in ISO-8859-15: the euro sign is 0xA4 there.
        let latin9 = try mail("qp-latin9")
        #expect(latin9.text.hasPrefix("Das Tablet hat 300 € gekostet und lädt nicht mehr.\nGrüße"))

        // File names: RFC 2231 (Thunderbird) and RFC 2047 in a quoted parameter (Outlook).
        let r2231 = try mail("rfc2231-filename")
        #expect(r2231.text == "Fehlerbericht anbei.")
        #expect(r2231.attachments.map(\.filename) == ["Fehlerbericht für Drucker.pdf"])
        #expect(r2231.attachments.first?.bytes.prefix(5) == Array("%PDF-".utf8)[...])
        let r2047 = try mail("rfc2047-filename")
        #expect(r2047.attachments.map(\.filename) == ["Prüfbericht.pdf"])

        // A forwarded mail is kept whole, as an .eml named by its subject.
        let forwarded = try mail("forwarded")
        #expect(forwarded.text.hasPrefix("Zur Info, siehe unten."))
        #expect(forwarded.attachments.map(\.filename) == ["Originalmeldung Netzwerk.eml"])
        #expect(forwarded.attachments.first?.contentType == "message/rfc822")
        let inner = try parser.parse(try #require(forwarded.attachments.first?.bytes))
        #expect(inner.text.hasPrefix("Der Switch im Keller blinkt orange."))

        // S/MIME: the text is read, the signature is no attachment.
        let signed = try mail("smime-signed")
        #expect(signed.isSigned && signed.attachments.isEmpty)
        #expect(signed.text == "Bitte Konto für Frau Weber anlegen.")

        // 8-bit without a charset: UTF-8 bytes are read as UTF-8.
        #expect(try mail("8bit-nocharset").text.hasPrefix("Der Drucker im Lehrerzimmer druckt nur leere Seiten. Grüße"))

        // Only an attachment: no text, the file kept.
        let only = try mail("attachment-only")
        #expect(only.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(only.attachments.map(\.filename) == ["scan.pdf"])
    }
}
