import Foundation
import PortalLinks
import Testing

@Suite("Signed links")
struct LinkTests {
    static let keys =
        "k2:" + Data(repeating: 7, count: 32).base64EncodedString() + ",k1:"
        + Data(repeating: 9, count: 32).base64EncodedString()
    let signer: LinkSigner
    init() throws { signer = LinkSigner(keys: try LinkKeys(Self.keys)) }
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aLinkSaysWhatItWasSignedFor() throws {
        let token = signer.token(
            .registration, subject: "registration:12", email: "petra.hahn@eltern.example", claims: ["lang": "en"],
            now: now)
        let link = try signer.verify(token, purpose: .registration, now: now.addingTimeInterval(60))
        #expect(link.subject == "registration:12" && link.email == "petra.hahn@eltern.example")
        #expect(link.claims == ["lang": "en"] && link.purpose == .registration)
        #expect(token.contains(".k2."), "the first key signs")
    }

    @Test func aLinkOpensNothingElse() {
        let token = signer.token(.registration, subject: "registration:12", email: "a@b.example", now: now)
        #expect(throws: LinkSigner.Refusal.wrongPurpose) { try signer.verify(token, purpose: .ticket, now: now) }
    }

    @Test func aLinkEndsAtItsExpiry() throws {
        let token = signer.token(.signIn, subject: "contact", email: "a@b.example", now: now)
        let later = now.addingTimeInterval(SignedLink.Purpose.signIn.lifetime + 1)
        do {
            _ = try signer.verify(token, purpose: .signIn, now: later)
            Issue.record("an expired link opened")
        } catch {
            guard case .expired(let link) = error else { Issue.record("\(error)"); return }
            #expect(link.email == "a@b.example", "the page can still say what it was for")
        }
    }

    @Test func aChangedLinkIsRefused() throws {
        let token = signer.token(.registration, subject: "registration:12", email: "a@b.example", now: now)
        let parts = token.split(separator: ".").map(String.init)
        // Another registration's claims under the first one's signature.
        var claims = try JSONSerialization.jsonObject(with: Base64URL.decode(parts[0])!) as! [String: Any]
        claims["s"] = "registration:13"
        let forged = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims))
        #expect(throws: LinkSigner.Refusal.invalid) {
            try signer.verify([forged, parts[1], parts[2]].joined(separator: "."), purpose: .registration, now: now)
        }
        #expect(throws: LinkSigner.Refusal.invalid) {
            try signer.verify(token.dropLast(2) + "AA", purpose: .registration, now: now)
        }
        #expect(throws: LinkSigner.Refusal.invalid) { try signer.verify("nonsense", purpose: .registration, now: now) }
        #expect(throws: LinkSigner.Refusal.invalid) {
            try signer.verify(String(repeating: "a", count: 5000), purpose: .registration, now: now)
        }
    }

    @Test func rotatedKeysStillOpenOldLinksUntilTheyAreRemoved() throws {
        let old = LinkSigner(keys: try LinkKeys("k1:" + Data(repeating: 9, count: 32).base64EncodedString()))
        let token = old.token(.ticket, subject: "ticket:7", email: "a@b.example", now: now)
        #expect(try signer.verify(token, purpose: .ticket, now: now).subject == "ticket:7")
        let onlyNew = LinkSigner(keys: try LinkKeys("k2:" + Data(repeating: 7, count: 32).base64EncodedString()))
        #expect(throws: LinkSigner.Refusal.unknownKey) { try onlyNew.verify(token, purpose: .ticket, now: now) }
        // Another secret under the old key's name does not open it either.
        let impostor = LinkSigner(keys: try LinkKeys("k1:" + Data(repeating: 1, count: 32).base64EncodedString()))
        #expect(throws: LinkSigner.Refusal.invalid) { try impostor.verify(token, purpose: .ticket, now: now) }
    }

    @Test func keyListsAreCheckedAtStart() {
        for bad in [
            "", "k1", "k1:short", "k 1:" + Data(count: 32).base64EncodedString(),
            "k1:\(Data(count: 32).base64EncodedString()),k1:\(Data(count: 32).base64EncodedString())",
        ] {
            #expect(throws: LinkKeys.Invalid.self) { try LinkKeys(bad) }
        }
        #expect(throws: Never.self) { try LinkKeys(LinkKeys.generate(id: "k202612")) }
    }

    @Test func theAddressesOfThePortalAreOneSchema() throws {
        let links = try PortalLinks(base: "https://portal.rbn.example/", keys: Self.keys)
        let url = links.url(.registration, subject: "registration:1", email: "a@b.example", now: now)
        #expect(url.hasPrefix("https://portal.rbn.example/anmeldung/"))
        #expect(throws: LinkKeys.Invalid.self) { try PortalLinks(base: "ftp://x", keys: Self.keys) }
    }
}
