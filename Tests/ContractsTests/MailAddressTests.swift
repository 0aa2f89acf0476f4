import Foundation
import Testing

@testable import Contracts

@Suite("Mail addresses")
struct MailAddressTests {
    /// Addresses as people type them, good and bad, ASCII and not.
    static let samples = [
        "jana.krueger@schule.example", "  J.Krueger@Gymnasium-Detmold.de ", "a@b.c", "first+tag@x-y.example",
        "o'brien@schule.example", "x@sub.domain.example", String(repeating: "l", count: 64) + "@schule.example",
        String(repeating: "l", count: 65) + "@schule.example", "@schule.example", "jana@", "jana", "jana@schule",
        "jana@@schule.example", "ja@na@schule.example", ".jana@schule.example", "jana.@schule.example",
        "ja..na@schule.example", "jana@.schule.example", "jana@schule..example", "jana@schule.example.",
        "jana@-schule.example", "jana@schule-.example", "jana@schu_le.example", "jana krüger@schule.example",
        "jana@schüle.example", "eve@x\r\nBcc: spy@evil", "<jana@schule.example>", "jana@schule.example>",
        "ja\"na@schule.example", "jana@schule.example;x", "ja\u{7F}na@schule.example", "jana\u{0}@schule.example",
        "jana@" + String(repeating: "d", count: 63) + ".example",
        "jana@" + String(repeating: "d", count: 64) + ".example",
        "jana@" + String(repeating: "a.", count: 130) + "de", "ｊａｎａ@schule.example", "",
    ]

    /// The one-pass check of plain addresses agrees with the whole check: it says yes only where
    /// the whole check does, and it does say yes for the plain good addresses (so it is used).
    @Test func theByteCheckAgreesWithTheWholeCheck() {
        var plainGood = 0
        for text in Self.samples {
            let lower = text.trimmingSpaces().lowercased()
            let whole = Result(catching: { () throws(MailAddress.Invalid) in try MailAddress.checked(lower) })
            if MailAddress.isPlainGoodAddress(lower) {
                plainGood += 1
                #expect((try? whole.get()) == lower, "\(text.debugDescription)")
            } else if case .success = whole {
                #expect(!lower.utf8.allSatisfy { $0 < 0x80 }, "a plain good address missed: \(text.debugDescription)")
            }
            // normalized says what the whole check says, refusals with the same reason.
            let given = Result(catching: { () throws(MailAddress.Invalid) in try MailAddress.normalized(text) })
            switch (given, whole) {
            case (.success(let a), .success(let b)): #expect(a == b)
            case (.failure(let a), .failure(let b)): #expect(a == b)
            default: Issue.record("normalized and the whole check disagree on \(text.debugDescription)")
            }
        }
        #expect(plainGood == 8)
    }
}
