/// An error of the AMQP client: a stable ``Code`` to branch on, a message for people, and whether
/// trying the same operation again later may succeed.
///
/// Retriable errors (connection lost, timeout, not connected) are the ones an outbox relay simply
/// publishes again; the others need a change of input or configuration.
public struct AMQPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier of the kind of failure.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The URI or another configuration value is invalid.
        public static let invalidConfiguration = Code(rawValue: "invalid-configuration")
        /// The TCP or TLS connection, or the AMQP handshake, failed.
        public static let connectionFailed = Code(rawValue: "connection-failed")
        /// The broker refused the credentials or the virtual host.
        public static let accessRefused = Code(rawValue: "access-refused")
        /// The connection was lost while the operation was in flight.
        public static let connectionLost = Code(rawValue: "connection-lost")
        /// The client is reconnecting; the operation was not attempted.
        public static let notConnected = Code(rawValue: "not-connected")
        /// The broker did not answer in time.
        public static let timeout = Code(rawValue: "timeout")
        /// A mandatory message could not be routed to any queue (`basic.return`).
        public static let unroutable = Code(rawValue: "unroutable")
        /// The broker refused to take responsibility for a message (`basic.nack`).
        public static let nacked = Code(rawValue: "nacked")
        /// The broker closed the channel, for example for a declaration that conflicts with an existing one.
        public static let channelClosed = Code(rawValue: "channel-closed")
        /// A referenced exchange or queue does not exist.
        public static let notFound = Code(rawValue: "not-found")
        /// An existing entity was declared with other arguments.
        public static let preconditionFailed = Code(rawValue: "precondition-failed")
        /// The delivery came from a channel that no longer exists; the broker redelivers it.
        public static let staleDelivery = Code(rawValue: "stale-delivery")
        /// The connection or consumer was closed by this client.
        public static let closed = Code(rawValue: "closed")
        /// An unexpected protocol or library failure.
        public static let protocolError = Code(rawValue: "protocol-error")
    }

    public let code: Code
    public let message: String
    public let isRetriable: Bool

    public init(_ code: Code, _ message: String, isRetriable: Bool? = nil) {
        self.code = code
        self.message = message
        self.isRetriable = isRetriable ?? Self.defaultRetriable(code)
    }

    public var description: String { "\(code): \(message)" }

    private static func defaultRetriable(_ code: Code) -> Bool {
        switch code {
        case .connectionFailed, .connectionLost, .notConnected, .timeout, .nacked, .channelClosed, .staleDelivery:
            return true
        default:
            return false
        }
    }
}
