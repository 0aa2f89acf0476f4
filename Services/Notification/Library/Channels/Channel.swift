import Contracts
import Foundation

/// One message ready to go out.
public struct Outgoing: Sendable {
    public let deliveryID: Int
    public let eventID: String
    /// The message kind, e.g. `ticket-opened`.
    public let kind: String
    public let channel: Notifications.Channel
    public let recipient: String
    public let recipientName: String?
    /// A webhook's address.
    public let target: String?
    public let subject: String
    public let text: String
    public let language: String
    /// How a mail about a ticket threads, from the support desk.
    public let thread: SupportDesk.MailThread?
    /// Where one click unsubscribes the recipient from this kind of message (RFC 8058); none for
    /// critical messages.
    public let unsubscribe: String?

    public init(
        deliveryID: Int, eventID: String, kind: String = "message", channel: Notifications.Channel = .email,
        recipient: String, recipientName: String?, target: String? = nil, subject: String, text: String,
        language: String, thread: SupportDesk.MailThread? = nil, unsubscribe: String? = nil
    ) {
        self.thread = thread
        self.unsubscribe = unsubscribe
        self.deliveryID = deliveryID
        self.eventID = eventID
        self.kind = kind
        self.channel = channel
        self.recipient = recipient
        self.recipientName = recipientName
        self.target = target
        self.subject = subject
        self.text = text
        self.language = language
    }

    /// Names the delivery, so a message sent twice is recognisably the same; a mail about a ticket
    /// has the id the support desk signed.
    public var messageID: String { thread?.messageID ?? "delivery-\(deliveryID).\(eventID)@rbn.invalid" }
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
    /// Whether sending the same delivery twice has the effect of sending it once (the maildir
    /// writes the same file); such outcomes may be recorded in batches.
    var idempotent: Bool { get }
    func send(_ message: Outgoing) async -> Outcome
}

extension Channel {
    public var idempotent: Bool { false }
}

/// A channel that delivers a batch together: the maildir makes a batch durable with one sync.
public protocol BatchChannel: Channel {
    /// One outcome per message, in order.
    func send(batch: [Outgoing]) async -> [Outcome]
}
