import Foundation

/// The CloudEvents 1.0 context attributes of a message, without its data.
///
/// `specversion`, `id`, `source` and `type` are required; `time`, `subject`, `datacontenttype`,
/// `dataschema` and the suite's extensions `correlationid` and `causationid` are optional. Unknown
/// extension attributes are ignored when reading.
public struct EnvelopeAttributes: Sendable, Equatable {
    public static let specVersion = "1.0"
    /// The AMQP content type of a structured-mode CloudEvent.
    public static let contentType = "application/cloudevents+json"

    public var id: String
    public var source: String
    public var type: String
    public var time: Date?
    public var subject: String?
    public var dataContentType: String?
    public var dataSchema: String?
    /// Id shared by every message that one request caused, end to end.
    public var correlationID: String?
    /// Id of the message that directly caused this one.
    public var causationID: String?

    public init(
        id: String = MessageID.make(), source: String, type: String, time: Date? = Date(),
        subject: String? = nil, dataContentType: String? = "application/json", dataSchema: String? = nil,
        correlationID: String? = nil, causationID: String? = nil
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.time = time
        self.subject = subject
        self.dataContentType = dataContentType
        self.dataSchema = dataSchema
        self.correlationID = correlationID
        self.causationID = causationID
    }

    /// The `type` parsed; throws when it is not a suite type.
    public var messageType: MessageType {
        get throws(ContractError) { try MessageType(type) }
    }

    /// The service that emitted the message, from `source` (`/rbn/<service>`).
    public var service: String? {
        source.hasPrefix("/rbn/") ? String(source.dropFirst(5)) : nil
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case specversion, id, source, type, time, subject, datacontenttype, dataschema, correlationid, causationid, data
    }
}

extension EnvelopeAttributes {
    /// The most UTF-8 bytes each attribute may have. The suite's own ids are UUIDs (36), its types
    /// and schemas under 80, its subjects aggregate ids; a longer attribute is refused as
    /// `too-long` before anything is stored, so no sender can make a service keep a large id.
    public static let limits: [String: Int] = [
        "specversion": 8, "id": 64, "source": 64, "type": 128, "time": 40, "subject": 256,
        "datacontenttype": 64, "dataschema": 160, "correlationid": 64, "causationid": 64,
    ]

    /// Validates the attributes as read from a body, by name.
    init(reading value: (CodingKeys) throws -> EnvelopeJSON.Value?) throws(ContractError) {
        func bounded(_ key: CodingKeys, _ s: String) throws(ContractError) -> String {
            let limit = Self.limits[key.rawValue] ?? 256
            guard s.utf8.count <= limit else {
                throw ContractError(
                    .tooLong,
                    "the CloudEvent attribute '\(key.rawValue)' has \(s.utf8.count) bytes; at most \(limit) are allowed",
                    field: key.rawValue)
            }
            return s
        }
        func required(_ key: CodingKeys) throws(ContractError) -> String {
            guard case .string(let s)? = try? value(key), !s.isEmpty else {
                throw ContractError(
                    .missingAttribute, "the CloudEvent has no '\(key.rawValue)' attribute",
                    field: key.rawValue)
            }
            return try bounded(key, s)
        }
        func optional(_ key: CodingKeys) throws(ContractError) -> String? {
            switch try? value(key) {
            case .string(let s)?: return try bounded(key, s)
            case .null?, nil: return nil
            case .other?:
                throw ContractError(
                    .invalidAttribute, "the CloudEvent attribute '\(key.rawValue)' must be a string",
                    field: key.rawValue)
            }
        }
        let spec = try required(.specversion)
        guard spec == Self.specVersion else {
            throw ContractError(
                .invalidAttribute, "specversion '\(spec)' is not supported; expected '1.0'",
                field: "specversion")
        }
        id = try required(.id)
        source = try required(.source)
        type = try required(.type)
        if let text = try optional(.time) {
            guard let date = RFC3339.date(from: text) else {
                throw ContractError(
                    .invalidAttribute, "time '\(text.prefix(40))' is not an RFC 3339 timestamp", field: "time")
            }
            time = date
        }
        subject = try optional(.subject)
        dataContentType = try optional(.datacontenttype)
        if let ct = dataContentType, ct != "application/json", !ct.lowercased().contains("json") {
            throw ContractError(
                .invalidAttribute, "datacontenttype '\(ct.prefix(64))' is not JSON", field: "datacontenttype")
        }
        dataSchema = try optional(.dataschema)
        correlationID = try optional(.correlationid)
        causationID = try optional(.causationid)
    }
}

extension EnvelopeAttributes: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init { key -> EnvelopeJSON.Value? in
            guard c.contains(key) else { return nil }
            if try c.decodeNil(forKey: key) { return .null }
            if let s = try? c.decode(String.self, forKey: key) { return .string(s) }
            return .other
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.specVersion, forKey: .specversion)
        try c.encode(id, forKey: .id)
        try c.encode(source, forKey: .source)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(time.map(RFC3339.string(from:)), forKey: .time)
        try c.encodeIfPresent(subject, forKey: .subject)
        try c.encodeIfPresent(dataContentType, forKey: .datacontenttype)
        try c.encodeIfPresent(dataSchema, forKey: .dataschema)
        try c.encodeIfPresent(correlationID, forKey: .correlationid)
        try c.encodeIfPresent(causationID, forKey: .causationid)
    }
}
