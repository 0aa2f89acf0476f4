import Foundation

/// A retention period in whole years that runs to the end of the calendar year in which it ends,
/// as the VO-DV I and II count them: data of an event on 2026-03-10 kept one year may be erased
/// from 2028-01-01 on (the year ends with 2027-03-10, the period with 2027-12-31).
public struct RetentionPeriod: Sendable, Equatable, CustomStringConvertible {
    /// Whole years, at least 1.
    public let years: Int

    public init(years: Int) {
        precondition(years >= 1, "a retention period is at least a year")
        self.years = years
    }

    /// Reads a number of years from a setting, 1 to 50.
    public init?(setting text: String) {
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)), (1...50).contains(n) else { return nil }
        self.init(years: n)
    }

    /// The last day the data of an event on `day` must be kept.
    public func keptUntil(_ day: CivilDay) -> CivilDay { CivilDay(day.year + years, 12, 31) }

    /// Whether data of an event on `day` is past its period on `today`.
    public func isOver(for day: CivilDay, today: CivilDay) -> Bool { keptUntil(day) < today }

    /// The latest event day whose data is past its period on `today`: every day up to and including
    /// it may go.
    public func cutoff(today: CivilDay) -> CivilDay { CivilDay(today.year - years - 1, 12, 31) }

    /// The first instant whose data is not yet past its period on `today`: midnight (in `timeZone`)
    /// at the start of the year after the cutoff day. Data of any earlier instant may go.
    public func cutoffInstant(today: CivilDay, in timeZone: TimeZone) -> Date {
        CivilDay(today.year - years, 1, 1).instant(minutes: 0, in: timeZone)
    }

    public var description: String { years == 1 ? "1 year" : "\(years) years" }
}
