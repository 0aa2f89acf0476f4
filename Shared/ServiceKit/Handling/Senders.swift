/// Who may send a service a request (a command or a query), by the AMQP `user_id` that RabbitMQ
/// checks against the sender's login. The runtime refuses a request from anyone else with
/// `not-permitted` before its handler runs, and logs the refusal with the broker user.
///
/// Rights are per message type: a type the public may ask for (through the portal) is registered
/// `from: .public`, and the portal's broker user may send that type and nothing else that needs an
/// operator.
public enum Senders: Sendable, Equatable {
    /// The operators: the broker users named by the runtime setting `operators` (`rbnctl`'s user
    /// by default). Registry, training, notification and every service's operations requests.
    case operators
    /// The operators and the portal (the runtime setting `portal.users`): what parents, schools and
    /// teachers do through the web pages. The portal vouches only for an e-mail address that a
    /// signed link proved, so a handler checks that address against what the request touches (see
    /// ``MessageContext/vouch(owner:claimed:field:)``).
    case `public`
    /// Any broker user of the virtual host; the handler decides (the support desk knows its agents).
    case anyone

    /// The refusal for `sender`, or nil when it may send a request of `type`.
    func refusal(of sender: String?, type: String, roles: SenderRoles) -> DomainError? {
        guard self != .anyone else { return nil }
        let who = self == .public ? "an operator or the portal" : "an operator"
        guard let sender else {
            return .notPermitted("the request does not say who sends it (AMQP user_id); only \(who) may send '\(type)'")
        }
        switch (self, roles.role(of: sender)) {
        case (_, .operator), (.public, .portal): return nil
        case (.operators, .portal):
            return .notPermitted("the portal may not send '\(type)': it is not a request the public may make")
        default:
            return .notPermitted(
                "\(sender) is not \(who); only \(who) (settings operators, portal.users) may send '\(type)'")
        }
    }
}

/// What the broker users are to a service, by the runtime settings `operators` and `portal.users`.
public struct SenderRoles: Sendable, Equatable {
    public enum Role: Sendable, Equatable { case `operator`, portal, other }

    public var operators: Set<String>
    public var portal: Set<String>

    public init(operators: Set<String> = ["rbnctl"], portal: Set<String> = ["portal"]) {
        self.operators = operators
        self.portal = portal
    }

    public func role(of sender: String?) -> Role {
        guard let sender else { return .other }
        if operators.contains(sender) { return .operator }
        return portal.contains(sender) ? .portal : .other
    }
}
