/// A failure a person reads, with the exit code scripts act on. Never a stack trace.
public struct CLIError: Error, CustomStringConvertible, Sendable {
    /// The exit codes of every rbn CLI.
    public enum Exit: Int32, Sendable {
        case failure = 1
        case usage = 2
        /// Not found, a conflict, or refused by the domain.
        case refused = 3
        case notPermitted = 4
        /// The broker or the service did not answer in time.
        case unavailable = 5
    }

    public let exit: Exit
    public let message: String
    /// The service's refusal code (`unknown-school`, `duplicate-network`, …), when it refused.
    public let code: String?

    public init(_ exit: Exit, _ message: String, code: String? = nil) {
        self.exit = exit
        self.message = message
        self.code = code
    }

    public var description: String { message }
}
