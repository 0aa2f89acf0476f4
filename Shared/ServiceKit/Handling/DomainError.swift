import Contracts

/// A command or query that is valid but refused by the domain: an unknown school, a full course,
/// a transition the ticket's state does not allow. The runtime rolls back what the handler did,
/// acknowledges the message, records the refusal with it (a retry gets the same answer) and replies
/// with `{code, message, field}`.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String
    public let field: String?

    public init(_ code: String, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public static func notFound(_ message: String, field: String? = nil) -> DomainError {
        DomainError("not-found", message, field: field)
    }

    public static func conflict(_ message: String, field: String? = nil) -> DomainError {
        DomainError("conflict", message, field: field)
    }

    public static func invalid(_ message: String, field: String? = nil) -> DomainError {
        DomainError("invalid", message, field: field)
    }

    public static func notPermitted(_ message: String, field: String? = nil) -> DomainError {
        DomainError("not-permitted", message, field: field)
    }

    public var reply: ErrorReply { ErrorReply(code: code, message: message, field: field) }
    public var description: String { "\(code): \(message)" }
}
