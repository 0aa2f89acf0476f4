import Foundation
import PortalLinks
import Testing

@testable import NotificationService

/// Issue 20: the portal links in a mail carry the recipient's address encoded; an erasure takes
/// those of the erased person out of the mail folder, and leaves everyone else's.
@Suite("Erased portal links")
struct ErasedLinksTests {
    @Test func onlyTheErasedPersonsLinksGo() throws {
        let links = try PortalLinks(base: "https://portal.example", keys: LinkKeys.generate(id: "k1"))
        let hers = links.url(.registration, subject: "registration:1", email: "erika.muster@schule.example")
        let unsubscribe = links.url(.unsubscribe, subject: "category:evenings", email: "Erika.Muster@Schule.example")
        let his = links.url(.ticket, subject: "ticket:2", email: "joerg.mueller@schule.example")
        let mail = "Ihre Anmeldung: \(hers)\r\nList-Unsubscribe: <\(unsubscribe)>\r\nAnderer: \(his)\r\n"
        let redacted = PersonErasure.redactLinks(mail, email: "erika.muster@schule.example")
        #expect(redacted.contains("https://portal.example/anmeldung/[gelöscht]"))
        #expect(redacted.contains("https://portal.example/abmelden/[gelöscht]>"))
        #expect(redacted.contains(his), "another person's link stays")
        #expect(!redacted.contains(hers) && !redacted.contains(unsubscribe))
    }
}
