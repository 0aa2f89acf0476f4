import Contracts
import Foundation
import GRDB
import Messaging

/// What a handler gets besides its message: the open transaction and the ways to emit messages.
/// Everything it writes, and every message it emits, commits together or not at all.
public final class MessageContext {
    /// The write transaction (read-only for queries).
    public let db: Database
    /// The attributes of the message being handled.
    public let message: EnvelopeAttributes
    /// When the runtime started handling the message.
    public let now: Date
    /// Who sent it: the AMQP `user_id`, which RabbitMQ checks against the sender's login, so it can
    /// be trusted; nil when the sender did not say (and for timers).
    public let sender: String?
    /// What the sender is to the service: an operator (runtime setting `operators`), the portal
    /// (`portal.users`), or another broker user.
    public let senderRole: SenderRoles.Role
    /// The sender is one of the operators: a service that checks its senders itself (the support
    /// desk) lets operators do what its admins do.
    public var senderIsOperator: Bool { senderRole == .operator }
    /// The sender is the portal, which acts for a member of the public and vouches only for the
    /// e-mail address a signed link proved.
    public var senderIsPortal: Bool { senderRole == .portal }
    /// The sender waits for a reply (RPC); otherwise none is encoded or kept, and a handler may
    /// skip work that only the reply shows.
    public let wantsReply: Bool
    /// The outbox rows written so far, for the relay once the transaction commits.
    private(set) var emitted: [OutboxRow] = []
    /// An erasure ran: the store's write-ahead log is truncated once the transaction commits.
    var compactsAfterCommit = false

    init(
        db: Database, message: EnvelopeAttributes, wantsReply: Bool = true, sender: String? = nil,
        role: SenderRoles.Role = .other, now: Date = Date()
    ) {
        self.db = db
        self.senderRole = role
        self.message = message
        self.wantsReply = wantsReply
        self.sender = sender
        self.now = now
    }

    /// Checks that a request from the portal acts only on what belongs to the address it vouches
    /// for: `claimed` (the address a signed link proved) must be `owner`'s. Operators act on
    /// anything; other senders were refused before (see ``Senders/public``). The refusal says no
    /// more than "not found", so a request cannot learn whose a registration or ticket is.
    /// - Parameter what: names the thing in the refusal ("registration #12").
    public func vouch(owner: String, claimed: String?, what: String, field: String) throws {
        guard senderIsPortal else { return }
        guard let claimed, MailAddress.sameMailbox(claimed, owner) else {
            throw DomainError.notFound("there is no \(what) for this address", field: field)
        }
    }

    /// Emits an event on `rbn.events` once the transaction commits, caused by the message being handled.
    public func emit<P: MessagePayload>(_ event: P, subject: String? = nil) throws {
        emitted.append(
            try Outbox.insert(
                envelope(event, subject: subject), exchange: RBNTopology.eventsExchange,
                routingKey: P.messageType.eventRoutingKey, in: db))
    }

    /// Sends a command to the service its type names, once the transaction commits.
    public func send<P: MessagePayload>(_ command: P, subject: String? = nil) throws {
        emitted.append(
            try Outbox.insert(
                envelope(command, subject: subject), exchange: RBNTopology.commandsExchange,
                routingKey: P.messageType.service, in: db))
    }

    private func envelope<P: MessagePayload>(_ data: P, subject: String?) -> Envelope<P> {
        Envelope(
            data, subject: subject, time: now, correlationID: message.correlationID ?? message.id,
            causationID: message.id)
    }
}
