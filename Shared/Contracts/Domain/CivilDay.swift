import Foundation

/// A day of the civil calendar (no time, no zone): what holidays and school breaks are made of.
public struct CivilDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `yyyy-MM-dd` (exactly); nil when it is not a real day.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1, d <= CivilDay.days(inMonth: m, of: y)
        else { return nil }
        self.init(y, m, d)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: CivilDay, b: CivilDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian; the days-from-civil algorithm after Howard Hinnant).
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(ordinal: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public func adding(days: Int) -> CivilDay { CivilDay(ordinal: ordinal + days) }

    /// The local day an instant falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        let local = date.timeIntervalSince1970 + Double(ZoneOffsets.seconds(timeZone, at: date))
        self.init(ordinal: Int((local / 86400).rounded(.down)))
    }

    /// The instant of a local wall-clock time on this day, `minutes` after midnight in `timeZone`.
    /// Computed from the zone's offset (at the local time read as UTC, then at the instant that
    /// gives), which is right on both sides of a daylight-saving change and much cheaper than `Calendar`.
    public func instant(minutes: Int, in timeZone: TimeZone) -> Date {
        let local = Double(ordinal * 86400 + minutes * 60)
        let guess = local - Double(ZoneOffsets.seconds(timeZone, at: Date(timeIntervalSince1970: local)))
        return Date(
            timeIntervalSince1970: local - Double(ZoneOffsets.seconds(timeZone, at: Date(timeIntervalSince1970: guess)))
        )
    }

    /// Europe/Berlin, where every rbn day is counted.
    public static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt

    /// 1 Monday … 7 Sunday (ISO).
    public var isoWeekday: Int { ((ordinal % 7) + 7 + 3) % 7 + 1 }

    public static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
