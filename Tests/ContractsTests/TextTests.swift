import Contracts
import Foundation
import Testing

@Suite("Text helpers")
struct TextTests {
    /// Texts with every kind of space at the ends: ASCII, tab, line breaks, NEL, no-break space,
    /// the em space, the ideographic space, the line separator, and none at all.
    static let samples = [
        "", " ", "\t\n", "Jana", "  Jana Krüger ", "\tJana\r\n", "\u{00A0}Jana\u{2003}", "\u{3000}名前\u{3000}",
        "\u{2028}Zeile\u{2029}", "\u{0085}x\u{000B}", "a b", " \u{200B}x\u{200B} ", "\n\n Text \n  ",
        "\u{1680}Ogham\u{202F}", "\u{180E}x\u{FEFF}", "\u{205F}y\u{00AD}", "é\u{0301} ", " 🎓 ",
    ]

    @Test func trimmingSpacesIsFoundationsTrimmingAtTheEnds() {
        for text in Self.samples {
            #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
            #expect(
                text.trimmingSpaces(newlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(Array(text.unicodeScalars))")
        }
    }

    @Test func controlCharactersAreUnicodesCc() {
        for value in Array(0..<0x300) + [0x2028, 0x200B, 0xFEFF, 0x1F393] {
            let scalar = Unicode.Scalar(UInt32(value))!
            #expect(
                scalar.isControl == (scalar.properties.generalCategory == .control), "U+\(String(value, radix: 16))")
        }
    }
}
