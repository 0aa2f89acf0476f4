import Contracts
import Foundation

/// The NRW open-data school master file ("Schulgrunddaten", `schuldaten.csv`) and its key files
/// (`key_traeger.csv`): semicolon-separated, an optional `sep=;` first line, a header row, fields
/// quoted with `"` where needed, a trailing `;` on each line (an empty last column); UTF-8, or
/// Windows-1252 as older exports are.
public struct SchoolCSV: Sendable {
    /// One school row, by the header's column names, with its line number in the file.
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String: String]
        public subscript(_ column: String) -> String {
            fields[column]?.trimmingCharacters(in: .whitespaces) ?? ""
        }
    }

    public let rows: [Row]
    public let columns: [String]

    /// The columns the import reads; the file may have more.
    public static let required = [
        "Schulnummer", "Schulform", "Schulbezeichnung_1", "PLZ", "Ort", "Strasse", "Rechtsform", "Traegernummer",
        "Gemeindeschluessel",
    ]

    /// The header of `schuldaten.csv` as the Ministerium publishes it: 24 columns and an empty one
    /// (every line ends with `;`).
    public static let officialHeader = [
        "Schulnummer", "Schulform", "Schulbezeichnung_1", "Schulbezeichnung_2", "Schulbezeichnung_3",
        "Kurzbezeichnung", "Bezirksregierung", "PLZ", "Ort", "Strasse", "Telefonvorwahl", "Telefon", "Faxvorwahl",
        "Fax", "E-Mail", "Homepage", "Rechtsform", "Traegernummer", "Gemeindeschluessel", "Schulbetriebsschluessel",
        "Schulbetriebsdatum", "EPSG", "UTMRechtswert", "UTMHochwert", "",
    ]

    /// A school file (`schuldaten.csv`).
    public init(data: Data) throws(ImportError) {
        try self.init(data: data, required: Self.required, file: "the open-data school file (schuldaten.csv)")
    }

    /// A file of the same format with other columns: `file` names it in the refusal.
    public init(data: Data, required: [String], file: String) throws(ImportError) {
        let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) ?? ""
        var lines = Self.records(text.replacingOccurrences(of: "\u{FEFF}", with: ""))
        // Excel's hint line: `sep=;` (which the parser sees as the fields "sep=" and "").
        if let first = lines.first, first.fields.first?.lowercased().hasPrefix("sep=") == true,
            first.fields.dropFirst().allSatisfy(\.isEmpty)
        {
            lines.removeFirst()
        }
        guard let header = lines.first else { throw ImportError("the file is empty") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        self.columns = columns
        let missing = required.filter { !columns.contains($0) }
        guard missing.isEmpty else {
            throw ImportError(
                "line \(header.line): the header lacks \(missing.joined(separator: ", ")); is this \(file)?")
        }
        rows = lines.dropFirst().filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }.map { record in
            var fields: [String: String] = [:]
            for (i, name) in columns.enumerated() where i < record.fields.count { fields[name] = record.fields[i] }
            return Row(line: record.line, fields: fields)
        }
    }

    /// Splits the text into records of fields, honouring quotes (which may hold `;` and line breaks).
    static func records(_ text: String) -> [(line: Int, fields: [String])] {
        var out: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var chars = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending {
                pending = nil
                return p
            }
            return chars.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ";":
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                out.append((recordLine, fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            default: field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            out.append((recordLine, fields))
        }
        return out
    }
}

/// A problem with the file as a whole (a bad row is reported and skipped instead).
public struct ImportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ d: String) { description = d }
}
