import Foundation

/// What a link of the portal's says, once its signature is checked: what it may be used for,
/// what it is about, whose address it proves, and until when.
///
/// A link is stateless: the portal keeps nothing to remember it by. Whoever holds it may do what
/// its purpose allows until it expires, so each purpose gets the shortest life that serves it.
public struct SignedLink: Sendable, Equatable, Codable {
    /// What a link may be used for. The portal checks it against the page the link opens, so a
    /// link for one thing never opens another.
    public enum Purpose: String, Sendable, Codable, CaseIterable {
        /// A parent confirms a registration (double opt-in): the claims carry what they entered.
        case confirmRegistration = "confirm"
        /// A parent's registration page: accept or decline an offer, cancel, the calendar file.
        case registration = "reg"
        /// A school contact signs in: apply for a round, open a ticket, answer the survey.
        case signIn = "sign-in"
        /// A requester's ticket page: the public conversation, reply, add a file, solved, reopen.
        case ticket
        /// A recipient's notification preferences.
        case preferences = "prefs"
        /// One-click unsubscribe (RFC 8058) from one kind of message.
        case unsubscribe = "unsub"
        /// A form the portal served: its answer must come back before this expires (CSRF).
        case form

        /// How long a link of this purpose lives unless the signer says otherwise.
        public var lifetime: TimeInterval {
            switch self {
            case .confirmRegistration: 48 * 3600
            case .signIn: 3600
            case .form: 2 * 3600
            case .registration, .ticket: 90 * 86_400
            case .preferences, .unsubscribe: 365 * 86_400
            }
        }
    }

    public var purpose: Purpose
    /// What the link is about: `evening:12`, `registration:40`, `ticket:7`, a form's action.
    public var subject: String
    /// The address the link was sent to, and so proves once it is opened.
    public var email: String?
    /// Seconds since 1970 after which the link no longer works.
    public var expires: Int64
    /// Further claims of the purpose (a registration's name and number of people, a language).
    public var claims: [String: String]

    public init(
        purpose: Purpose, subject: String, email: String? = nil, expires: Date, claims: [String: String] = [:]
    ) {
        self.purpose = purpose
        self.subject = subject
        self.email = email
        self.expires = Int64(expires.timeIntervalSince1970.rounded(.down))
        self.claims = claims
    }

    public var expiryDate: Date { Date(timeIntervalSince1970: TimeInterval(expires)) }

    enum CodingKeys: String, CodingKey {
        case purpose = "p", subject = "s", email = "e", expires = "x", claims = "c"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        purpose = try c.decode(Purpose.self, forKey: .purpose)
        subject = try c.decode(String.self, forKey: .subject)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        expires = try c.decode(Int64.self, forKey: .expires)
        claims = try c.decodeIfPresent([String: String].self, forKey: .claims) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(purpose, forKey: .purpose)
        try c.encode(subject, forKey: .subject)
        try c.encodeIfPresent(email, forKey: .email)
        try c.encode(expires, forKey: .expires)
        if !claims.isEmpty { try c.encode(claims, forKey: .claims) }
    }
}
