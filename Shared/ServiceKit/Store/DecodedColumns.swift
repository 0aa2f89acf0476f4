import Foundation
import Synchronization

/// Values kept as JSON text in a column (an evening's body, say), decoded once per distinct text.
///
/// A hot path that reads the same row for every message (every registration reads its evening)
/// pays for Foundation's `JSONDecoder` each time, although the text rarely changes. The cache is
/// keyed by the text itself, not by a row id: a changed or rolled-back row has another text and
/// so is decoded afresh, and stores side by side in one process (tests) cannot see each other's
/// values. It holds at most `limit` texts and starts over when full; a service that erases a person
/// named in such a text calls ``forgetAll()``, so the old text does not stay in its memory.
public final class DecodedColumns<Value: Decodable & Sendable>: Sendable {
    private let values = Mutex<[String: Value]>([:])
    private let limit: Int

    public init(limit: Int = 256) { self.limit = limit }

    /// Drops every text and value held.
    public func forgetAll() { values.withLock { $0.removeAll() } }

    /// The value `text` decodes to.
    public func value(_ text: String) throws -> Value {
        if let hit = values.withLock({ $0[text] }) { return hit }
        let value = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        values.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0[text] = value
        }
        return value
    }
}
