import Contracts
import Foundation

/// When the support desk works: the SLA clocks count only these seconds.
///
/// Default: Monday to Friday, 07:30 to 16:00 in Europe/Berlin, except NRW's public holidays;
/// school holidays (or any other closed days) can be added. Daylight saving is handled by the
/// time zone: a business day is always its local opening hours.
public struct BusinessCalendar: Sendable {
    public var timeZone: TimeZone
    /// ISO weekdays the desk works (1 Monday … 7 Sunday).
    public var weekdays: Set<Int>
    /// Opening and closing time, in minutes after local midnight.
    public var opens: Int
    public var closes: Int
    public var publicHolidays: Bool
    /// Further closed days, e.g. the school holidays (Schulferien), each range inclusive.
    public var closed: [ClosedRange<CivilDay>]

    public init(
        timeZone: TimeZone = CivilDay.berlin, weekdays: Set<Int> = [1, 2, 3, 4, 5],
        opens: Int = 7 * 60 + 30, closes: Int = 16 * 60, publicHolidays: Bool = true,
        closed: [ClosedRange<CivilDay>] = []
    ) {
        self.timeZone = timeZone
        self.weekdays = weekdays
        self.opens = opens
        self.closes = closes
        self.publicHolidays = publicHolidays
        self.closed = closed
    }

    /// Business seconds of one working day.
    public var secondsPerDay: Int { (closes - opens) * 60 }

    public func isWorkingDay(_ day: CivilDay) -> Bool {
        guard weekdays.contains(day.isoWeekday) else { return false }
        if publicHolidays, NRWHolidays.contains(day) { return false }
        return !closed.contains { $0.contains(day) }
    }

    /// The local day an instant falls on.
    public func day(of date: Date) -> CivilDay { CivilDay(date, in: timeZone) }

    /// Opening and closing instants of a day (whether or not it is a working day).
    public func hours(of day: CivilDay) -> (opens: Date, closes: Date) {
        (instant(day, minutes: opens), instant(day, minutes: closes))
    }

    /// Business seconds in [from, to); zero when `to` is not after `from`.
    public func businessSeconds(from: Date, to: Date) -> Int {
        guard to > from else { return 0 }
        var total = 0.0
        var day = self.day(of: from)
        let last = self.day(of: to)
        while day <= last {
            if isWorkingDay(day) {
                let (o, c) = hours(of: day)
                let start = max(o, from)
                let end = min(c, to)
                if end > start { total += end.timeIntervalSince(start) }
            }
            day = day.adding(days: 1)
        }
        return Int(total.rounded(.down))
    }

    /// The instant at which `seconds` business seconds have passed since `start`.
    public func adding(_ seconds: Int, to start: Date) -> Date {
        var left = Double(max(0, seconds))
        var day = self.day(of: start)
        // A year without a working day would be a configuration error; stop looking after ten.
        for _ in 0..<3660 {
            if isWorkingDay(day) {
                let (o, c) = hours(of: day)
                let from = max(o, start)
                if c > from {
                    let available = c.timeIntervalSince(from)
                    if left <= available { return from.addingTimeInterval(left) }
                    left -= available
                }
            }
            day = day.adding(days: 1)
        }
        return start.addingTimeInterval(left)
    }

    private func instant(_ day: CivilDay, minutes: Int) -> Date { day.instant(minutes: minutes, in: timeZone) }
}
