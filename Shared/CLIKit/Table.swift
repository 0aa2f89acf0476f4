import Foundation

/// Aligned columns for people: a bold header on a terminal (never with `NO_COLOR`), plain text
/// when piped.
public struct Table {
    public var headers: [String]
    public var rows: [[String]] = []

    public init(_ headers: String...) { self.headers = headers }

    public mutating func add(_ cells: String...) { rows.append(cells) }
    public mutating func add(_ cells: [String]) { rows.append(cells) }

    /// Whether standard output is a terminal that takes colour.
    public static var colour: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Cells may carry colour (ANSI escapes); columns align by what is visible.
    public func render(colour: Bool = Table.colour) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], Self.visibleWidth(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            let text = cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c + String(repeating: " ", count: max(0, widths[i] - Self.visibleWidth(c)))
            }.joined(separator: "  ")
            // An empty last cell leaves no padding behind.
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        var out = line(headers)
        if colour { out = "\u{1B}[1m\(out)\u{1B}[0m" }
        for row in rows { out += "\n" + line(row) }
        return out
    }
}

extension Table {
    /// Characters a terminal shows: escape sequences (`ESC [ … m`) take no room.
    public static func visibleWidth(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for c in text.unicodeScalars {
            if inEscape {
                if c == "m" { inEscape = false }
            } else if c == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }
}

/// Prints a value as pretty JSON with sorted keys, for scripts.
public func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
