/// The data of an error reply to a command or query: the domain refused it, or it could not be
/// handled. `code` is stable for programs (`not-found`, `conflict`, `invalid`, `not-permitted`,
/// `unavailable`, …), `message` is for people, `field` names the input at fault.
///
/// It travels as `de.nrw.rbn.<service>.request.failed.v1`.
public struct ErrorReply: Codable, Sendable, Equatable {
    public var code: String
    public var message: String
    public var field: String?

    public init(code: String, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// The type of an error reply from `service`.
    public static func messageType(service: String) -> MessageType {
        MessageType(service: service, aggregate: "request", name: "failed")
    }

    /// Whether a reply of this type is an error reply.
    public static func isErrorReply(type: String) -> Bool {
        type.hasSuffix(".request.failed.v1")
    }
}
