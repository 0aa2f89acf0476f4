import GRDB

/// A `WHERE` clause built from optional filters: a filter without a value adds nothing.
///
/// ```swift
/// var w = SQLConditions()
/// w.add("network_id = ?", networkID)  // skipped when networkID is nil
/// w.add("active = 1")
/// let rows = try Row.fetchAll(db, sql: "SELECT * FROM institutions \(w.sql)", arguments: w.arguments)
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

    /// Adds a clause with as many `?` as `values`.
    public mutating func add(_ clause: String, values: [any DatabaseValueConvertible]) {
        clauses.append(clause)
        values.forEach { self.values.append($0) }
    }

    /// `column IN (…)` when `values` is given, each value once; an empty list matches nothing.
    public mutating func add(in column: String, _ values: [any DatabaseValueConvertible]?) {
        guard let values else { return }
        var seen = Set<DatabaseValue>()
        let distinct = values.filter { seen.insert($0.databaseValue).inserted }
        add("\(column) IN (\(Self.marks(distinct.count)))", values: distinct)
    }

    /// `?, ?, …` for `count` values (`NULL` for none, which matches nothing in `IN`).
    public static func marks(_ count: Int) -> String {
        count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ", ")
    }

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
