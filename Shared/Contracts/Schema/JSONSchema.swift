import Foundation

/// A JSON Schema (draft 2020-12) for a message's `data`, written next to the Swift type it
/// describes so the two are read and changed together. `make schemas` writes them to
/// `Shared/Contracts/Schemas/<type>.json`; the tests check the files are current and validate the
/// messages the services really emit against them with an independent validator.
///
/// Objects allow members they do not list: readers ignore unknown fields, so additive changes
/// stay within a version.
public indirect enum JSONSchema: Sendable {
    case string(StringRules = .init())
    case integer(minimum: Int? = nil, maximum: Int? = nil)
    case number
    case boolean
    case array(JSONSchema, minItems: Int? = nil, maxItems: Int? = nil, uniqueItems: Bool = false)
    case object([Property])

    /// Constraints on a string.
    public struct StringRules: Sendable {
        public var format: String?
        public var pattern: String?
        public var minLength: Int?
        public var maxLength: Int?
        public var values: [String]?
        public init(
            format: String? = nil, pattern: String? = nil, minLength: Int? = nil, maxLength: Int? = nil,
            values: [String]? = nil
        ) {
            self.format = format
            self.pattern = pattern
            self.minLength = minLength
            self.maxLength = maxLength
            self.values = values
        }
    }

    /// A member of an object; optional members may be absent (Swift encodes `nil` by leaving them out).
    public struct Property: Sendable {
        public let name: String
        public let schema: JSONSchema
        public let isRequired: Bool
        public let description: String?

        public static func required(_ name: String, _ schema: JSONSchema, _ description: String? = nil) -> Property {
            Property(name: name, schema: schema, isRequired: true, description: description)
        }

        public static func optional(_ name: String, _ schema: JSONSchema, _ description: String? = nil) -> Property {
            Property(name: name, schema: schema, isRequired: false, description: description)
        }
    }

    // MARK: Building

    /// A non-empty string.
    public static let text = JSONSchema.string(.init(minLength: 1))
    /// A calendar date, `2026-11-29`.
    public static let date = JSONSchema.string(.init(format: "date", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
    /// An RFC 3339 timestamp.
    public static let dateTime = JSONSchema.string(.init(format: "date-time"))
    /// An e-mail address.
    public static let email = JSONSchema.string(.init(format: "email", pattern: "^[^@\\s]+@[^@\\s]+$"))

    /// One of the raw values of a string enumeration.
    public static func oneOf<E: CaseIterable & RawRepresentable>(_: E.Type) -> JSONSchema where E.RawValue == String {
        .string(.init(values: E.allCases.map(\.rawValue)))
    }

    // MARK: Writing

    /// The schema as a JSON value (dictionaries, arrays, strings, numbers).
    public var json: [String: any Sendable] {
        switch self {
        case .string(let r):
            var out: [String: any Sendable] = ["type": "string"]
            if let f = r.format { out["format"] = f }
            if let p = r.pattern { out["pattern"] = p }
            if let m = r.minLength { out["minLength"] = m }
            if let m = r.maxLength { out["maxLength"] = m }
            if let v = r.values { out["enum"] = v }
            return out
        case .integer(let minimum, let maximum):
            var out: [String: any Sendable] = ["type": "integer"]
            if let minimum { out["minimum"] = minimum }
            if let maximum { out["maximum"] = maximum }
            return out
        case .number: return ["type": "number"]
        case .boolean: return ["type": "boolean"]
        case .array(let items, let minItems, let maxItems, let uniqueItems):
            var out: [String: any Sendable] = ["type": "array", "items": items.json]
            if let minItems { out["minItems"] = minItems }
            if let maxItems { out["maxItems"] = maxItems }
            if uniqueItems { out["uniqueItems"] = true }
            return out
        case .object(let properties):
            var members: [String: any Sendable] = [:]
            for p in properties {
                var schema = p.schema.json
                if let d = p.description { schema["description"] = d }
                members[p.name] = schema
            }
            var out: [String: any Sendable] = ["type": "object", "properties": members]
            let required = properties.filter(\.isRequired).map(\.name)
            if !required.isEmpty { out["required"] = required }
            return out
        }
    }
}

/// A message type whose `data` has a schema.
public protocol DescribedPayload: MessagePayload {
    /// What the message means, for the schema's description and the AsyncAPI document.
    static var summary: String { get }
    static var schema: JSONSchema { get }
}

extension DescribedPayload {
    /// The schema document for `Schemas/<type>.json`, as pretty-printed JSON with sorted keys.
    public static func schemaDocument() throws -> Data {
        var document = schema.json
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        document["$id"] = messageType.dataSchema
        document["title"] = messageType.rawValue
        document["description"] = summary
        var data = try JSONSerialization.data(
            withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(UInt8(ascii: "\n"))
        return data
    }
}
