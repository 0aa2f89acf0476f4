import Foundation

/// The official key of Schulträger, `key_traeger.csv` of the NRW open data: each Trägernummer with
/// its name (`Traegerbezeichnung_1` to `_3`) and address. The import checks a school's
/// Trägernummer against it and names the Schulträger when the registry does not know it yet.
public struct TraegerKey: Sendable {
    /// An official Schulträger.
    public struct Entry: Sendable, Equatable {
        public var number: String
        public var name: String
        public var city: String
    }

    public let entries: [String: Entry]

    public static let required = ["Traegernummer", "Traegerbezeichnung_1"]

    public init(data: Data) throws(ImportError) {
        let csv = try SchoolCSV(data: data, required: Self.required, file: "the key of Schulträger (key_traeger.csv)")
        var entries: [String: Entry] = [:]
        for row in csv.rows {
            let number = row["Traegernummer"]
            guard !number.isEmpty else { continue }
            let name = ["Traegerbezeichnung_1", "Traegerbezeichnung_2", "Traegerbezeichnung_3"].map { row[$0] }
                .filter { !$0.isEmpty }.joined(separator: " ")
            entries[number] = Entry(number: number, name: name, city: row["Ort"])
        }
        self.entries = entries
    }

    public subscript(_ number: String) -> Entry? { entries[number] }
}
