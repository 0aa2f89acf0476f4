/// The CloudEvents `type` of a message: `de.nrw.rbn.<service>.<aggregate>.<name>.v<N>`.
///
/// Events are named in the past tense (`supportdesk.ticket.opened`), commands in the imperative
/// (`supportdesk.ticket.open`). The routing key of an event on `rbn.events` is
/// `<service>.<aggregate>.<name>`; a command goes to `rbn.commands` with routing key `<service>`.
public struct MessageType: Hashable, Sendable, CustomStringConvertible, Codable {
    public static let prefix = "de.nrw.rbn."

    public let service: String
    public let aggregate: String
    public let name: String
    public let version: Int

    public init(service: String, aggregate: String, name: String, version: Int = 1) {
        self.service = service
        self.aggregate = aggregate
        self.name = name
        self.version = version
    }

    /// Reads a type string; throws ``ContractError`` when it does not follow the pattern.
    public init(_ string: String) throws(ContractError) {
        func bad() -> ContractError {
            ContractError(
                .invalidType, "type '\(string)' does not match de.nrw.rbn.<service>.<aggregate>.<name>.v<N>",
                field: "type")
        }
        guard string.hasPrefix(Self.prefix) else { throw bad() }
        let parts = string.dropFirst(Self.prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].first == "v", let version = Int(parts[3].dropFirst()), version >= 1,
            parts[0...2].allSatisfy({ Self.isName($0) })
        else { throw bad() }
        self.init(service: String(parts[0]), aggregate: String(parts[1]), name: String(parts[2]), version: version)
    }

    /// The full type string.
    public var rawValue: String { "\(Self.prefix)\(service).\(aggregate).\(name).v\(version)" }
    public var description: String { rawValue }
    /// Routing key of the event on `rbn.events`.
    public var eventRoutingKey: String { "\(service).\(aggregate).\(name)" }
    /// The `dataschema` URN of the message's data.
    public var dataSchema: String { "urn:rbn:schema:\(rawValue)" }
    /// The `source` of messages a service emits.
    public var source: String { "/rbn/\(service)" }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    private static func isName(_ s: Substring) -> Bool {
        !s.isEmpty && s.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
