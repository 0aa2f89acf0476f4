import Contracts
import Foundation

/// The handlers a service registers, by message type.
///
/// ```swift
/// var handlers = HandlerRegistry()
/// handlers.command(OpenTicket.self) { command, context in
///     try context.db.execute(
///         sql: "INSERT INTO tickets (schulnummer, title) VALUES (?, ?)",
///         arguments: [command.data.schulnummer, command.data.title])
///     let id = context.db.lastInsertedRowID
///     try context.emit(TicketOpened(ticketID: "\(id)"), subject: "\(id)")
///     return TicketAccepted(id: id)
/// }
/// ```
public struct HandlerRegistry: Sendable {
    enum Kind: Sendable { case command, query, event }

    /// A reply ready to send: its type and encoded envelope.
    struct Reply: Sendable {
        let type: String
        let body: Data
    }

    struct Entry: Sendable {
        let kind: Kind
        let type: MessageType
        /// The type of its reply (commands and queries).
        var reply: MessageType? = nil
        /// Who may send it (commands and queries; events are not requests).
        let senders: Senders
        /// Decodes and checks the whole message once, outside the transaction; the result runs the handler.
        let decode: @Sendable (Data, _ contentType: String?) throws(ContractError) -> Decoded
    }

    /// A decoded message, ready to hand to its handler.
    struct Decoded: Sendable {
        let attributes: EnvelopeAttributes
        let run: @Sendable (MessageContext) throws -> Reply?
    }

    private(set) var entries: [String: Entry] = [:]
    /// Who may send the requests registered without saying.
    public let requestSenders: Senders

    /// - Parameter requestSenders: who may send the commands and queries registered without a
    ///   `from:` of their own: the operators unless the service checks its senders itself.
    public init(requestSenders: Senders = .operators) {
        self.requestSenders = requestSenders
    }

    /// Registers a command handler; what it returns is the reply. Commands are recorded in the
    /// inbox with their reply (when the sender waits for one), so a retried command gets the same
    /// reply without running again.
    public mutating func command<C: MessagePayload, R: MessagePayload>(
        _: C.Type, from senders: Senders? = nil,
        _ handler: @escaping @Sendable (Envelope<C>, MessageContext) throws -> R
    ) {
        addRequest(.command, senders ?? defaultSenders(C.self), handler)
    }

    /// Registers a query handler: it runs on a read-only snapshot, records nothing and may not emit.
    public mutating func query<Q: MessagePayload, R: MessagePayload>(
        _: Q.Type, from senders: Senders? = nil,
        _ handler: @escaping @Sendable (Envelope<Q>, MessageContext) throws -> R
    ) {
        addRequest(.query, senders ?? defaultSenders(Q.self), handler)
    }

    /// Who may send a request registered without `from:`: the public (operators and the portal)
    /// for a type its contract declares a ``PublicRequest``, else ``requestSenders``.
    private func defaultSenders<Q: MessagePayload>(_: Q.Type) -> Senders {
        Q.self is any PublicRequest.Type ? .public : requestSenders
    }

    /// A command or query: decoded once; its reply is encoded when the sender waits for one.
    private mutating func addRequest<Q: MessagePayload, R: MessagePayload>(
        _ kind: Kind, _ senders: Senders, _ handler: @escaping @Sendable (Envelope<Q>, MessageContext) throws -> R
    ) {
        add(kind, Q.messageType, senders) { body, contentType throws(ContractError) in
            let request = try EnvelopeCodec.decode(Q.self, from: body, contentType: contentType)
            return Decoded(attributes: request.attributes) { context in
                let reply = try handler(request, context)
                guard context.wantsReply else { return nil }
                return try Reply(
                    type: R.messageType.rawValue, body: EnvelopeCodec.encode(Envelope(reply, causedBy: request)))
            }
        }
        entries[Q.messageType.rawValue]?.reply = R.messageType
    }

    /// Registers an event handler; the service's events queue is bound to the event's routing key.
    public mutating func event<E: MessagePayload>(
        _: E.Type, _ handler: @escaping @Sendable (Envelope<E>, MessageContext) throws -> Void
    ) {
        add(.event, E.messageType, .anyone) { body, contentType throws(ContractError) in
            let event = try EnvelopeCodec.decode(E.self, from: body, contentType: contentType)
            return Decoded(attributes: event.attributes) { context in
                try handler(event, context)
                return nil
            }
        }
    }

    private mutating func add(
        _ kind: Kind, _ type: MessageType, _ senders: Senders,
        _ decode: @escaping @Sendable (Data, String?) throws(ContractError) -> Decoded
    ) {
        precondition(entries[type.rawValue] == nil, "two handlers for \(type)")
        entries[type.rawValue] = Entry(kind: kind, type: type, senders: senders, decode: decode)
    }

    /// Routing keys of the events the service handles, for its events queue.
    public var eventRoutingKeys: [String] {
        Set(entries.values.filter { $0.kind == .event }.map(\.type.eventRoutingKey)).sorted()
    }

    func entry(for type: String) -> Entry? { entries[type] }

    /// A message the service handles, as documents describe it.
    public struct Handled: Sendable, Hashable {
        /// A command or query the service answers, or an event it takes from another.
        public enum Kind: String, Sendable { case command, query, event }
        public let kind: Kind
        public let type: MessageType
        /// What a command or query is answered with.
        public let reply: MessageType?
    }

    /// Every message the service handles, by type.
    public var handled: [Handled] {
        entries.values.map { e in
            let kind: Handled.Kind =
                switch e.kind {
                case .command: .command
                case .query: .query
                case .event: .event
                }
            return Handled(kind: kind, type: e.type, reply: e.reply)
        }.sorted { $0.type.rawValue < $1.type.rawValue }
    }

    /// Whether some version of this type (same service, aggregate and name) has a handler.
    func knowsOtherVersion(of type: MessageType) -> Bool {
        entries.values.contains {
            $0.type.service == type.service && $0.type.aggregate == type.aggregate && $0.type.name == type.name
        }
    }
}
