import Crypto
import Foundation

/// Signs and checks the portal's links: `<claims>.<key id>.<mac>`, the claims as base64url JSON,
/// the MAC an HMAC-SHA256 over `rbn-link-v1.<claims>.<key id>` with the named key. A token says
/// nothing secret (the claims are readable), but nobody without a key can make or change one.
public struct LinkSigner: Sendable {
    /// The longest token taken: a longer one is refused before anything is decoded.
    public static let maxTokenLength = 2048

    /// Why a token does not open anything, for the page to explain.
    public enum Refusal: Error, Sendable, Equatable {
        /// Not a token of ours, cut short, or changed.
        case invalid
        /// Signed with a key that is no longer listed.
        case unknownKey
        /// For another purpose than the page it opened.
        case wrongPurpose
        /// Past its expiry; the link still says what it was, so the page can offer a new one.
        case expired(SignedLink)
    }

    public let keys: LinkKeys

    public init(keys: LinkKeys) { self.keys = keys }

    /// The token for `link`, signed with the current key.
    public func token(_ link: SignedLink) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding a struct of strings and numbers cannot fail.
        let claims = Base64URL.encode((try? encoder.encode(link)) ?? Data())
        let key = keys.current
        return "\(claims).\(key.id).\(Self.mac(claims: claims, keyID: key.id, key: key))"
    }

    /// A new link for `purpose`, living its purpose's lifetime from `now` unless `lifetime` says.
    public func token(
        _ purpose: SignedLink.Purpose, subject: String, email: String? = nil, claims: [String: String] = [:],
        now: Date = Date(), lifetime: TimeInterval? = nil
    ) -> String {
        token(
            SignedLink(
                purpose: purpose, subject: subject, email: email,
                expires: now.addingTimeInterval(lifetime ?? purpose.lifetime), claims: claims))
    }

    /// What `token` says, when a listed key signed it for `purpose` and it has not expired.
    public func verify(_ token: String, purpose: SignedLink.Purpose, now: Date = Date()) throws(Refusal) -> SignedLink {
        guard token.utf8.count <= Self.maxTokenLength else { throw .invalid }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .invalid }
        guard let key = keys.key(id: parts[1]) else { throw .unknownKey }
        guard let given = Base64URL.decode(parts[2]),
            HMAC<SHA256>.isValidAuthenticationCode(
                given, authenticating: Self.signed(parts[0], parts[1]), using: key.secret)
        else { throw .invalid }
        guard let json = Base64URL.decode(parts[0]), let link = try? JSONDecoder().decode(SignedLink.self, from: json)
        else { throw .invalid }
        guard link.purpose == purpose else { throw .wrongPurpose }
        guard Double(link.expires) > now.timeIntervalSince1970 else { throw .expired(link) }
        return link
    }

    private static func signed(_ claims: Substring, _ keyID: Substring) -> Data {
        Data("rbn-link-v1.\(claims).\(keyID)".utf8)
    }

    private static func mac(claims: String, keyID: String, key: LinkKeys.Key) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: signed(claims[...], keyID[...]), using: key.secret)
        return Base64URL.encode(Data(code))
    }
}

/// Base64 with the URL alphabet and no padding (RFC 4648 § 5), as links carry it.
public enum Base64URL {
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode<S: StringProtocol>(_ text: S) -> Data? {
        guard text.utf8.allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        if s.count % 4 == 1 { return nil }
        s += String(repeating: "=", count: (4 - s.count % 4) % 4)
        return Data(base64Encoded: s)
    }

    private static let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
}
