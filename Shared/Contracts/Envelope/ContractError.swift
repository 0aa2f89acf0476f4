/// A message that breaks the contract: not a valid CloudEvent, an unknown type, or data that does
/// not decode. Carries the offending attribute or field, so a dead-lettered message says why.
public struct ContractError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier of the kind of violation.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The body is not JSON, or not a JSON object.
        public static let malformed = Code(rawValue: "malformed")
        /// A required CloudEvents attribute (`specversion`, `id`, `source`, `type`) is missing or empty.
        public static let missingAttribute = Code(rawValue: "missing-attribute")
        /// An attribute has a value CloudEvents 1.0 does not allow.
        public static let invalidAttribute = Code(rawValue: "invalid-attribute")
        /// An attribute is longer than its limit (``EnvelopeAttributes/limits``).
        public static let tooLong = Code(rawValue: "too-long")
        /// The type does not follow `de.nrw.rbn.<service>.<aggregate>.<name>.v<N>`.
        public static let invalidType = Code(rawValue: "invalid-type")
        /// The message type is not the one expected, or has an unknown version.
        public static let unexpectedType = Code(rawValue: "unexpected-type")
        /// The AMQP content type is neither CloudEvents JSON nor JSON.
        public static let unsupportedContentType = Code(rawValue: "unsupported-content-type")
        /// `data` does not decode into the message's type.
        public static let invalidData = Code(rawValue: "invalid-data")
    }

    public let code: Code
    public let message: String
    /// The attribute or data field at fault, e.g. `id` or `data.schoolNumber`.
    public let field: String?

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code): \(message)" }
}
