import Foundation

/// The portal's addresses as mails carry them: the notification service writes them, the portal
/// opens them. Both build them here, so a path never differs between the two.
public struct PortalLinks: Sendable {
    /// The portal's public address, as people's browsers reach it (`https://portal.rbn.example`).
    public let base: String
    public let signer: LinkSigner

    /// - Parameters:
    ///   - base: `portal.url`, without a trailing slash.
    ///   - keys: `portal.keys` (see ``LinkKeys``).
    public init(base: String, keys: String) throws(LinkKeys.Invalid) {
        var base = base.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else { throw LinkKeys.Invalid(description: "portal.url must be an http or https address, got '\(base)'") }
        self.base = base
        signer = LinkSigner(keys: try LinkKeys(keys))
    }

    /// Links under `base` (trusted: no check) signed by `signer`.
    public init(base: String, signer: LinkSigner) {
        self.base = base
        self.signer = signer
    }

    /// The path under which a purpose's links open: `/<prefix>/<token>`.
    public static func prefix(_ purpose: SignedLink.Purpose) -> String {
        switch purpose {
        case .confirmRegistration: "bestaetigen"
        case .registration: "anmeldung"
        case .signIn: "anmelden"
        case .ticket: "ticket"
        case .preferences: "einstellungen"
        case .unsubscribe: "abmelden"
        case .form: "form"
        }
    }

    /// The full address of a new link.
    public func url(
        _ purpose: SignedLink.Purpose, subject: String, email: String? = nil, claims: [String: String] = [:],
        now: Date = Date(), lifetime: TimeInterval? = nil
    ) -> String {
        let token = signer.token(
            purpose, subject: subject, email: email, claims: claims, now: now, lifetime: lifetime)
        return "\(base)/\(Self.prefix(purpose))/\(token)"
    }

    /// The address of a page that needs no link (a network's page, an article).
    public func page(_ path: String) -> String { base + (path.hasPrefix("/") ? path : "/" + path) }
}
