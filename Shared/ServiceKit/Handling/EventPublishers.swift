/// Who may publish each service's events, by the AMQP `user_id` that RabbitMQ checks against the
/// publisher's login (every service's outbox sends its own). An event from anyone else is
/// dead-lettered with the reason (`not-permitted`), so a service's broker login cannot speak for
/// another service: it could otherwise, say, erase people through a forged `registry.person.erased`.
///
/// The runtime setting `publishers`: empty (the default) means each service's events come from the
/// broker user of its name (`registry`, `supportdesk`, `training`, `notification`), as
/// `deploy/rabbitmq/definitions.json` names them; `service=user` pairs, comma-separated, name
/// other users; `*` takes events from any user, for a broker where every service shares one user.
public struct EventPublishers: Sendable, Equatable {
    /// Events from any user.
    public var anyone = false
    /// The publishing user of a service whose user is not named like it.
    public var users: [String: String] = [:]

    public init() {}

    /// Reads the setting; throws a message naming what is wrong.
    public init(_ text: String) throws(SettingsError) {
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if item == "*" {
                anyone = true
                continue
            }
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                throw SettingsError("publishers: '\(item)' is not service=user (or *), e.g. supportdesk=desk-service")
            }
            users[pair[0]] = pair[1]
        }
    }

    /// Why `sender` may not publish `service`'s events, or nil when it may.
    func refusal(of sender: String?, service: String) -> String? {
        if anyone { return nil }
        let expected = users[service] ?? service
        guard let sender else {
            return "the event does not say who published it (AMQP user_id); \(service)'s events come from '\(expected)'"
        }
        guard sender == expected else {
            return "\(sender) may not publish \(service)'s events; they come from '\(expected)' (setting publishers)"
        }
        return nil
    }
}
