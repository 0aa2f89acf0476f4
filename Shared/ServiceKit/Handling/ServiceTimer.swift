import Contracts
import Foundation

/// Work a service does on a clock rather than on a message: SLA warnings, automatic closing,
/// offers that expire. Each run is one write transaction, like a handler's: what it writes and the
/// messages it emits commit together. A failed run is logged and tried again at the next tick.
public struct ServiceTimer: Sendable {
    public let name: String
    /// Seconds between runs.
    public let interval: Double
    public let body: @Sendable (MessageContext) throws -> Void

    /// - Parameter name: lower-case letters and dashes; it names the run in logs and in the
    ///   causation id of what it emits (`<service>.timer.<name>`).
    public init(_ name: String, every interval: Double, _ body: @escaping @Sendable (MessageContext) throws -> Void) {
        self.name = name
        self.interval = interval
        self.body = body
    }
}
