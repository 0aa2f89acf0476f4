import Foundation

/// A Schulform from the official NRW key list (school statistics): the two-digit key used in the
/// open data, the short code and the name.
public struct Schulform: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The official key, e.g. `20`.
    public let key: String
    /// The short code, e.g. `GY`; what messages carry.
    public let code: String
    public let name: String
    /// Teaches Sekundarstufe I (grades 5–10): the schools that may send Medienscouts.
    public let isSekundarstufeI: Bool

    public var description: String { "\(code) \(name)" }

    /// Every Schulform of the key list.
    public static let all: [Schulform] = [
        .init(key: "02", code: "G", name: "Grundschule", isSekundarstufeI: false),
        .init(key: "04", code: "H", name: "Hauptschule", isSekundarstufeI: true),
        .init(key: "06", code: "V", name: "Volksschule", isSekundarstufeI: true),
        .init(key: "08", code: "S", name: "Förderschule (G/H)", isSekundarstufeI: true),
        .init(key: "10", code: "R", name: "Realschule", isSekundarstufeI: true),
        .init(key: "13", code: "PS", name: "PRIMUS", isSekundarstufeI: true),
        .init(key: "14", code: "SK", name: "Sekundarschule", isSekundarstufeI: true),
        .init(key: "15", code: "GE", name: "Gesamtschule", isSekundarstufeI: true),
        .init(key: "16", code: "GM", name: "Gemeinschaftsschule", isSekundarstufeI: true),
        .init(key: "17", code: "FW", name: "Freie Waldorfschule", isSekundarstufeI: true),
        .init(key: "18", code: "HI", name: "Hibernia", isSekundarstufeI: true),
        .init(key: "19", code: "WF", name: "Waldorf-Förderschule", isSekundarstufeI: true),
        .init(key: "20", code: "GY", name: "Gymnasium", isSekundarstufeI: true),
        .init(key: "25", code: "WB", name: "Weiterbildungskolleg", isSekundarstufeI: false),
        .init(key: "30", code: "BK", name: "Berufskolleg", isSekundarstufeI: false),
        .init(key: "83", code: "KS", name: "Klinikschule", isSekundarstufeI: false),
        .init(key: "85", code: "SR", name: "Förderschule (R)", isSekundarstufeI: true),
        .init(key: "87", code: "SG", name: "Förderschule (GY)", isSekundarstufeI: true),
        .init(key: "88", code: "SB", name: "Förderschule (BK)", isSekundarstufeI: false),
    ]

    /// By short code (`GY`) or key (`20`, also `2` for `02`); nil when neither.
    public static func find(_ text: String) -> Schulform? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let upper = t.uppercased()
        if let f = all.first(where: { $0.code == upper }) { return f }
        if t.count == 1, t.first?.isNumber == true { return all.first { $0.key == "0" + t } }
        return all.first { $0.key == t }
    }

    /// The short codes, for schemas and messages.
    public static var codes: [String] { all.map(\.code) }
}
