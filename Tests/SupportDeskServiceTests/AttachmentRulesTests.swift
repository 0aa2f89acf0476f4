import SupportDeskService
import Testing

/// File names from outside are made safe, and a file's type is what its bytes say.
@Suite("Attachment rules")
struct AttachmentRulesTests {
    let pdf = Array("%PDF-1.7\n".utf8)
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]

    @Test func typesComeFromTheBytes() {
        #expect(AttachmentRules.sniff(pdf) == .pdf)
        #expect(AttachmentRules.sniff(png, declared: "application/pdf") == .png)
        #expect(AttachmentRules.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(AttachmentRules.sniff(Array("Grüße\n".utf8)) == .text)
        #expect(AttachmentRules.sniff([0x00, 0x01, 0xFE]) == .unknown)
    }

    @Test func namesAreSafe() {
        #expect(AttachmentRules.safeName("../../etc/passwd", type: .text) == "passwd")
        #expect(AttachmentRules.safeName("C:\\Users\\jana\\Bericht.pdf", type: .pdf) == "Bericht.pdf")
        #expect(AttachmentRules.safeName("Rechnung\u{202E}fdp.exe", type: .unknown) == "Rechnungfdp.exe")
        #expect(AttachmentRules.safeName("foto.pdf", type: .png) == "foto.png", "the bytes decide the suffix")
        #expect(AttachmentRules.safeName("Scan.JPEG", type: .jpeg) == "Scan.jpeg")
        #expect(AttachmentRules.safeName("...", type: .unknown) == "anhang")
        #expect(AttachmentRules.safeName("a\r\nb:c?.txt", type: .text) == "abc.txt")
        let long = AttachmentRules.safeName(String(repeating: "ä", count: 300) + ".pdf", type: .pdf)
        #expect(long.count == AttachmentRules.maxNameLength && long.hasSuffix(".pdf"))
    }
}
