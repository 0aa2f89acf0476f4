import Foundation

/// A school year as NRW writes it, `2026/27`: from 1 August to 31 July (SchulG NRW § 7).
public enum SchoolYear {
    /// The school year a day falls in.
    public static func of(_ day: CivilDay) -> String {
        let start = day.month >= 8 ? day.year : day.year - 1
        return String(format: "%04d/%02d", start, (start + 1) % 100)
    }

    /// Whether the text is a school year like `2026/27`.
    public static func isValid(_ text: String) -> Bool { firstYear(text) != nil }

    /// The year it begins in.
    public static func firstYear(_ text: String) -> Int? {
        let p = text.split(separator: "/")
        guard p.count == 2, p[0].count == 4, p[1].count == 2, let a = Int(p[0]), let b = Int(p[1]),
            (a + 1) % 100 == b
        else { return nil }
        return a
    }

    /// The school year before, `2025/26` for `2026/27`.
    public static func previous(_ text: String) -> String? {
        firstYear(text).map { String(format: "%04d/%02d", $0 - 1, $0 % 100) }
    }
}
