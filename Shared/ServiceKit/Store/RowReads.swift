import GRDB

extension Row {
    /// The first row of `statement`, handed to `body` while the statement still holds it.
    ///
    /// GRDB's `Row.fetchOne` copies the row, and a copied row finds a column by name by lowercasing
    /// every column name at every look-up: reading a row of twenty columns by name lowercases
    /// about two hundred strings. A row read through a cursor finds its columns in a dictionary
    /// made once for the statement. `body` must not run `statement` again.
    public static func first<T>(
        _ statement: Statement, arguments: StatementArguments = StatementArguments(), _ body: (Row) throws -> T
    ) throws -> T? {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        // The cursor resets the statement when it goes: it must outlive `body`.
        return try withExtendedLifetime(cursor) { try cursor.next().map(body) }
    }

    /// Every row of `statement`, each handed to `body` while the statement holds it (see
    /// ``first(_:arguments:_:)``).
    public static func all<T>(
        _ statement: Statement, arguments: StatementArguments = StatementArguments(), _ body: (Row) throws -> T
    ) throws -> [T] {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        return try withExtendedLifetime(cursor) {
            var values: [T] = []
            while let row = try cursor.next() { values.append(try body(row)) }
            return values
        }
    }
}
