import Foundation

/// The data of one message type, with the type it travels under.
///
/// Each service's messages live in `Shared/Contracts/Messages/<Service>/`, one file per aggregate,
/// and each has a JSON Schema (draft 2020-12) at `Shared/Contracts/Schemas/<type>.json`:
///
/// ```swift
/// public struct TicketOpened: MessagePayload {
///     public static let messageType = MessageType(service: "supportdesk", aggregate: "ticket", name: "opened")
///     public var ticketID: String
/// }
/// ```
public protocol MessagePayload: Codable, Sendable {
    static var messageType: MessageType { get }
}

/// A CloudEvents 1.0 message in structured JSON mode: the context attributes and typed `data`.
public struct Envelope<Payload: Codable & Sendable>: Sendable {
    public var attributes: EnvelopeAttributes
    public var data: Payload

    public init(attributes: EnvelopeAttributes, data: Payload) {
        self.attributes = attributes
        self.data = data
    }

    public var id: String { attributes.id }
    public var type: String { attributes.type }
}

extension Envelope where Payload: MessagePayload {
    /// A new message: a fresh id, the time now, and type, source and dataschema from the payload's type.
    public init(
        _ data: Payload, subject: String? = nil, id: String = MessageID.make(),
        time: Date = Date(), correlationID: String? = nil, causationID: String? = nil
    ) {
        let t = Payload.messageType
        self.init(
            attributes: EnvelopeAttributes(
                id: id, source: t.source, type: t.rawValue, time: time, subject: subject, dataSchema: t.dataSchema,
                correlationID: correlationID ?? id, causationID: causationID), data: data)
    }

    /// A message caused by `cause`: same correlation id, causation id = the cause's id.
    public init<Other>(_ data: Payload, subject: String? = nil, causedBy cause: Envelope<Other>) {
        self.init(
            data, subject: subject, correlationID: cause.attributes.correlationID ?? cause.id,
            causationID: cause.id)
    }
}

extension Envelope: Codable {
    public init(from decoder: any Decoder) throws {
        attributes = try EnvelopeAttributes(from: decoder)
        let c = try decoder.container(keyedBy: EnvelopeAttributes.CodingKeys.self)
        do {
            data = try c.decode(Payload.self, forKey: .data)
        } catch let error as DecodingError {
            throw ContractError.data(error, type: attributes.type)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try attributes.encode(to: encoder)
        var c = encoder.container(keyedBy: EnvelopeAttributes.CodingKeys.self)
        try c.encode(data, forKey: .data)
    }
}

extension Envelope: Equatable where Payload: Equatable {}

extension ContractError {
    /// Describes why `data` did not decode, naming the field.
    /// `under` names the member the decoded value sits in, when the coding path starts inside it.
    static func data(_ error: DecodingError, type: String, under: String? = nil) -> ContractError {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys =
                (under.map { [".\($0)"] } ?? [])
                + context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
                + (key.map { [".\($0.stringValue)"] } ?? [])
            return keys.joined().replacingOccurrences(of: ".[", with: "[").trimmingCharacters(in: ["."])
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context, key)
            return ContractError(.invalidData, "\(type): '\(field)' is missing", field: field)
        case .typeMismatch(let expected, let context):
            let field = path(context)
            return ContractError(.invalidData, "\(type): '\(field)' must be \(expected)", field: field)
        case .valueNotFound(let expected, let context):
            let field = path(context)
            return ContractError(.invalidData, "\(type): '\(field)' must be \(expected), not null", field: field)
        case .dataCorrupted(let context):
            let field = path(context)
            return ContractError(
                .invalidData, "\(type): '\(field)' is invalid: \(context.debugDescription)", field: field)
        @unknown default:
            return ContractError(.invalidData, "\(type): data does not decode", field: "data")
        }
    }
}
