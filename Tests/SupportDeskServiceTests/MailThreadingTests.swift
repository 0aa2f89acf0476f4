import Crypto
import Foundation
import SupportDeskService
import Testing

/// Reply addresses and message ids carry a ticket's number with a signature; the subject tag.
@Suite("Mail threading")
struct MailThreadingTests {
    static let key = SymmetricKey(data: Data(repeating: 7, count: 32))
    let threading = MailThreading(domain: "RBN.example") { text in
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: MailThreadingTests.key)
            .map { String(format: "%02x", $0) }.joined()
    }

    @Test func addressesAndIdsNameTheirTicket() {
        let address = threading.replyAddress(ticket: 123)
        #expect(address.hasPrefix("support+123-") && address.hasSuffix("@rbn.example"))
        #expect(threading.ticket(fromAddress: address) == 123)
        #expect(threading.ticket(fromAddress: address.uppercased()) == 123, "MTAs may change the case")
        let id = threading.messageID(ticket: 123, sequence: 4)
        #expect(id.hasPrefix("ticket-123.4-"))
        #expect(threading.ticket(fromMessageID: id) == 123)
    }

    @Test func aGuessedOrChangedNumberIsRefused() {
        let address = threading.replyAddress(ticket: 123)
        #expect(threading.ticket(fromAddress: address.replacingOccurrences(of: "+123-", with: "+124-")) == nil)
        #expect(threading.ticket(fromAddress: "support+124@rbn.example") == nil)
        #expect(
            threading.ticket(fromAddress: address.replacingOccurrences(of: "@rbn.example", with: "@evil.example"))
                == nil)
        let id = threading.messageID(ticket: 123, sequence: 1)
        #expect(threading.ticket(fromMessageID: id.replacingOccurrences(of: "ticket-123", with: "ticket-9")) == nil)
        #expect(threading.ticket(fromMessageID: "ticket-123.1-0000000000@rbn.example") == nil)
        let other = MailThreading(domain: "rbn.example") { _ in String(repeating: "0", count: 64) }
        #expect(other.ticket(fromAddress: address) == nil, "another key's signature")
    }

    @Test func theSubjectTag() {
        #expect(MailThreading.subjectTag("AW: [#123] Beamer defekt") == 123)
        #expect(MailThreading.subjectTag("Re: Fwd: Beamer [#45]") == 45)
        #expect(MailThreading.subjectTag("Raum [#] und [#x1] und [#0]") == nil)
        #expect(MailThreading.tagged("Beamer defekt", ticket: 7) == "[#7] Beamer defekt")
        #expect(MailThreading.tagged("AW: [#7] Beamer defekt", ticket: 7) == "AW: [#7] Beamer defekt")
    }
}
