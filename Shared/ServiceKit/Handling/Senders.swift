/// Who may send a service a request (a command or a query), by the AMQP `user_id` that RabbitMQ
/// checks against the sender's login. The runtime refuses a request from anyone else with
/// `not-permitted` before its handler runs, and logs the refusal with the broker user.
public enum Senders: Sendable, Equatable {
    /// The operators: the broker users named by the runtime setting `operators` (`rbnctl`'s user
    /// by default). Registry, training, notification and every service's operations requests.
    case operators
    /// Any broker user of the virtual host; the handler decides (the support desk knows its agents).
    case anyone

    /// The refusal for `sender`, or nil when it may send a request of `type`.
    func refusal(of sender: String?, type: String, operators: Set<String>) -> DomainError? {
        guard self == .operators else { return nil }
        guard let sender else {
            return .notPermitted(
                "the request does not say who sends it (AMQP user_id); only an operator may send '\(type)'")
        }
        guard operators.contains(sender) else {
            return .notPermitted(
                "\(sender) is not an operator; only an operator (setting operators) may send '\(type)'")
        }
        return nil
    }
}
