import Contracts
import Foundation

/// One message ready to go out.
public struct Outgoing: Sendable {
    public let deliveryID: Int
    public let eventID: String
    public let recipient: String
    public let recipientName: String?
    public let subject: String
    public let text: String
    public let language: String

    public init(
        deliveryID: Int, eventID: String, recipient: String, recipientName: String?, subject: String, text: String,
        language: String
    ) {
        self.deliveryID = deliveryID
        self.eventID = eventID
        self.recipient = recipient
        self.recipientName = recipientName
        self.subject = subject
        self.text = text
        self.language = language
    }

    /// Names the delivery, so a message sent twice is recognisably the same.
    public var messageID: String { "delivery-\(deliveryID).\(eventID)@rbn.invalid" }
}

/// What an attempt came to: sent, worth trying again (a 4xx, a timeout), or not (a 5xx, a 4xx of HTTP).
public enum Outcome: Sendable, Equatable {
    case sent
    case transient(String)
    case permanent(String)
}

/// A way to deliver messages.
public protocol Channel: Sendable {
    var kind: Notifications.Channel { get }
    func send(_ message: Outgoing) async -> Outcome
}
