import GRDB

/// A store failure, classified: transient ones (busy, disk full, read-only, I/O) are retried by
/// requeueing the message; the others are bugs or corruption.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Another connection holds the lock longer than the busy timeout.
        public static let busy = Code(rawValue: "busy")
        /// The disk is full.
        public static let full = Code(rawValue: "full")
        /// The file or directory cannot be written.
        public static let readOnly = Code(rawValue: "read-only")
        /// The file cannot be opened or read.
        public static let unavailable = Code(rawValue: "unavailable")
        /// A constraint or statement failed: a bug, not a condition to wait out.
        public static let failed = Code(rawValue: "failed")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Classifies any error thrown by GRDB.
    public init(_ error: any Error, doing what: String) {
        if let e = error as? StoreError {
            self = e
            return
        }
        guard let db = error as? DatabaseError else {
            self.init(.failed, "could not \(what): \(error)")
            return
        }
        let code: Code =
            switch db.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: .busy
            case .SQLITE_FULL: .full
            case .SQLITE_READONLY: .readOnly
            case .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_NOTADB, .SQLITE_CORRUPT: .unavailable
            default: .failed
            }
        self.init(code, "could not \(what): \(db.message ?? "\(db.resultCode)")")
    }

    /// Retrying later may succeed.
    public var isTransient: Bool { code != .failed }

    /// The store as a whole cannot write (disk full, read-only, unreadable): no message can be
    /// handled until that is fixed, so none should count it as its own failure.
    public var isOutage: Bool { [.full, .readOnly, .unavailable].contains(code) }

    /// Whether an error from a handler or a commit is a store outage (see ``isOutage``).
    public static func isOutage(_ error: any Error) -> Bool {
        (error is StoreError || error is DatabaseError) && StoreError(error, doing: "write").isOutage
    }

    public var description: String { "store \(code): \(message)" }

    /// Whether an arbitrary error from a handler is a transient store condition.
    public static func isTransient(_ error: any Error) -> Bool {
        if let e = error as? StoreError { return e.isTransient }
        if error is DatabaseError { return StoreError(error, doing: "").isTransient }
        return false
    }
}
