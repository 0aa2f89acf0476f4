import GRDB

/// A `WHERE` clause built from optional filters: a filter without a value adds nothing.
///
/// ```swift
/// var w = SQLConditions()
/// w.add("network_id = ?", networkID)        // skipped when networkID is nil
/// w.add("active = 1")
/// try Row.fetchAll(db, sql: "SELECT * FROM institutions \(w.sql)", arguments: w.arguments)
/// ```
public struct SQLConditions {
    private var clauses: [String] = []
    private var values: [(any DatabaseValueConvertible)?] = []

    public init() {}

    /// Adds `clause` (with one `?`) when `value` is not nil.
    public mutating func add(_ clause: String, _ value: (any DatabaseValueConvertible)?) {
        guard let value else { return }
        clauses.append(clause)
        values.append(value)
    }

    /// Adds a clause without arguments.
    public mutating func add(_ clause: String) { clauses.append(clause) }

    /// `WHERE … AND …`, or nothing.
    public var sql: String { clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ") }
    public var arguments: StatementArguments { StatementArguments(values) }

    /// A `LIKE` pattern that finds `text` anywhere, with `\` escaping the wildcards in it.
    public static func containing(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "%\(escaped)%"
    }
}
