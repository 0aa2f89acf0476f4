import Contracts

/// The school holidays of North Rhine-Westphalia by the Ferienordnung of the Ministerium für Schule
/// und Bildung: Herbst-, Weihnachts-, Oster-, Pfingst- and Sommerferien, first and last day. Each
/// school adds its own movable days (bewegliche Ferientage: three in 2027/28, four in 2028/29),
/// decided by the Schulkonferenz, so they are a setting, not data.
public enum NRWSchoolHolidays {
    /// One holiday period.
    public struct Period: Sendable, Equatable {
        public let name: String
        /// The school year it belongs to, e.g. `2026/27`.
        public let schoolYear: String
        public let days: ClosedRange<CivilDay>
    }

    private static func period(
        _ name: String, _ year: String, _ from: (Int, Int, Int), _ to: (Int, Int, Int)
    )
        -> Period
    {
        Period(name: name, schoolYear: year, days: CivilDay(from.0, from.1, from.2)...CivilDay(to.0, to.1, to.2))
    }

    /// 2026/27 to 2028/29 as published. The Oster-, Pfingst- and Sommerferien of 2029 are missing:
    /// no source at hand on 2026-12-05 gave them, and a guessed day would stop the clocks on a
    /// school day. Add them with `sla.closed.level1` once published.
    public static let periods: [Period] = [
        period("Herbstferien", "2026/27", (2026, 10, 17), (2026, 10, 31)),
        period("Weihnachtsferien", "2026/27", (2026, 12, 23), (2027, 1, 6)),
        period("Osterferien", "2026/27", (2027, 3, 22), (2027, 4, 3)),
        period("Pfingstferien", "2026/27", (2027, 5, 18), (2027, 5, 18)),
        period("Sommerferien", "2026/27", (2027, 7, 19), (2027, 8, 31)),
        period("Herbstferien", "2027/28", (2027, 10, 23), (2027, 11, 6)),
        period("Weihnachtsferien", "2027/28", (2027, 12, 24), (2028, 1, 8)),
        period("Osterferien", "2027/28", (2028, 4, 10), (2028, 4, 22)),
        period("Sommerferien", "2027/28", (2028, 7, 10), (2028, 8, 22)),
        period("Herbstferien", "2028/29", (2028, 10, 23), (2028, 11, 4)),
        period("Weihnachtsferien", "2028/29", (2028, 12, 21), (2029, 1, 5)),
    ]

    /// The periods as closed days for a calendar.
    public static var closedDays: [ClosedRange<CivilDay>] { periods.map(\.days) }

    /// The period a day falls in, if any.
    public static func period(on day: CivilDay) -> Period? { periods.first { $0.days.contains(day) } }
}

/// The calendars the SLA clocks count by level: level 1 (the school's own, teachers) pauses in the
/// school holidays, level 2 (the Schulträger's IT) works through them. A ticket's clocks count by
/// the calendar of its level; escalating or de-escalating moves them to the other one from then on.
public struct DeskCalendars: Sendable {
    public var level1: BusinessCalendar
    public var level2: BusinessCalendar

    public init(level1: BusinessCalendar, level2: BusinessCalendar) {
        self.level1 = level1
        self.level2 = level2
    }

    /// One calendar for both levels.
    public init(_ both: BusinessCalendar) { self.init(level1: both, level2: both) }

    /// NRW's defaults: business hours and public holidays for both, the school holidays for level 1.
    public static var nrw: DeskCalendars {
        DeskCalendars(level1: BusinessCalendar(closed: NRWSchoolHolidays.closedDays), level2: BusinessCalendar())
    }

    public subscript(level: Int) -> BusinessCalendar { level >= 2 ? level2 : level1 }
}
