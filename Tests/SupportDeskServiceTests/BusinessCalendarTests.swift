import Contracts
import Foundation
import SupportDeskService
import Testing

/// The SLA calendar: business hours in Europe/Berlin, weekends, NRW holidays, school holidays,
/// crossing days and daylight saving.
@Suite("Business calendar")
struct BusinessCalendarTests {
    let calendar = BusinessCalendar()

    /// A local time in Berlin.
    func at(_ text: String) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Berlin")!
        let parts = text.split(whereSeparator: { "- :".contains($0) }).map { Int($0)! }
        return c.date(
            from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))!
    }

    @Test func easterAndTheHolidaysThatFollowIt() {
        #expect(NRWHolidays.easter(2026) == CivilDay(2026, 4, 5))
        #expect(NRWHolidays.easter(2027) == CivilDay(2027, 3, 28))
        #expect(NRWHolidays.easter(2000) == CivilDay(2000, 4, 23))
        let names = Dictionary(uniqueKeysWithValues: NRWHolidays.of(2026).map { ($0.day, $0.name) })
        #expect(names[CivilDay(2026, 4, 3)] == "Karfreitag")
        #expect(names[CivilDay(2026, 5, 14)] == "Christi Himmelfahrt")
        #expect(names[CivilDay(2026, 5, 25)] == "Pfingstmontag")
        #expect(names[CivilDay(2026, 6, 4)] == "Fronleichnam")
        #expect(names[CivilDay(2026, 11, 1)] == "Allerheiligen")
        #expect(NRWHolidays.of(2026).count == 11)
    }

    /// The Ferienordnung NRW, pinned: first and last days of each school year's holidays, the day
    /// before and after, and that level 2 works through them.
    @Test func schoolHolidaysOfThreeSchoolYearsPauseLevelOneOnly() {
        let calendars = DeskCalendars.nrw
        let closed: [(CivilDay, String)] = [
            (CivilDay(2026, 10, 19), "Herbstferien"), (CivilDay(2026, 12, 23), "Weihnachtsferien"),
            (CivilDay(2027, 1, 6), "Weihnachtsferien"), (CivilDay(2027, 3, 22), "Osterferien"),
            (CivilDay(2027, 5, 18), "Pfingstferien"), (CivilDay(2027, 8, 31), "Sommerferien"),
            (CivilDay(2027, 11, 5), "Herbstferien"), (CivilDay(2028, 1, 7), "Weihnachtsferien"),
            (CivilDay(2028, 4, 10), "Osterferien"), (CivilDay(2028, 7, 10), "Sommerferien"),
            (CivilDay(2028, 8, 22), "Sommerferien"), (CivilDay(2028, 10, 23), "Herbstferien"),
            (CivilDay(2029, 1, 5), "Weihnachtsferien"),
        ]
        for (day, name) in closed {
            #expect(NRWSchoolHolidays.period(on: day)?.name == name, "\(day)")
            #expect(!calendars.level1.isWorkingDay(day), "\(day)")
            #expect(calendars.level2.isWorkingDay(day) == !NRWHolidays.contains(day), "\(day)")
        }
        // School days next to them: both levels work.
        for day in [
            CivilDay(2026, 10, 16), CivilDay(2026, 11, 2), CivilDay(2027, 1, 7), CivilDay(2027, 5, 19),
            CivilDay(2027, 9, 1), CivilDay(2028, 8, 23), CivilDay(2029, 1, 8),
        ] {
            #expect(NRWSchoolHolidays.period(on: day) == nil, "\(day)")
            #expect(calendars.level1.isWorkingDay(day) && calendars.level2.isWorkingDay(day), "\(day)")
        }
        #expect(Set(NRWSchoolHolidays.periods.map(\.schoolYear)) == ["2026/27", "2027/28", "2028/29"])
    }

    /// An escalated ticket's clock counts the holidays' business hours from the escalation on; a
    /// level-1 ticket's does not.
    @Test func aClockCountsByItsLevelsCalendar() {
        let calendars = DeskCalendars.nrw
        // Monday of the Herbstferien 2026, 09:00, to Tuesday 09:00: a business day at level 2 only.
        let monday = at("2026-10-19 09:00")
        let tuesday = at("2026-10-20 09:00")
        #expect(calendars[1].businessSeconds(from: monday, to: tuesday) == 0)
        #expect(calendars[2].businessSeconds(from: monday, to: tuesday) == 8 * 3600 + 1800)
    }

    @Test func theQuickHolidayCheckAgreesWithTheList() {
        for year in 1990...2100 {
            let listed = Set(NRWHolidays.of(year).map(\.day))
            var day = CivilDay(year, 1, 1)
            while day.year == year {
                #expect(NRWHolidays.contains(day) == listed.contains(day), "\(day)")
                day = day.adding(days: 1)
            }
        }
    }

    @Test func localDaysAndHoursFollowTheTimeZone() {
        // 23:30 UTC on 31 March is already 1 April in Berlin (summer time, UTC+2).
        let lateUTC = Date(timeIntervalSince1970: 1_774_999_800)  // 2026-03-31T23:30:00Z
        #expect(calendar.day(of: lateUTC) == CivilDay(2026, 4, 1))
        #expect(calendar.hours(of: CivilDay(2026, 1, 15)).opens == at("2026-01-15 07:30"))
        #expect(calendar.hours(of: CivilDay(2026, 7, 15)).closes == at("2026-07-15 16:00"))
        // The days on which the clocks change.
        #expect(calendar.hours(of: CivilDay(2026, 3, 29)).opens == at("2026-03-29 07:30"))
        #expect(calendar.hours(of: CivilDay(2026, 10, 25)).closes == at("2026-10-25 16:00"))
    }

    @Test func weekdaysOfCivilDays() {
        #expect(CivilDay(2026, 11, 29).isoWeekday == 7)  // a Sunday
        #expect(CivilDay(2026, 11, 30).isoWeekday == 1)
        #expect(CivilDay(1969, 12, 31).isoWeekday == 3)
        #expect(CivilDay(ordinal: CivilDay(2024, 2, 29).ordinal) == CivilDay(2024, 2, 29))
    }

    @Test func withinOneDay() {
        #expect(calendar.businessSeconds(from: at("2026-11-30 09:00"), to: at("2026-11-30 10:30")) == 5400)
        // Before opening and after closing count nothing.
        #expect(calendar.businessSeconds(from: at("2026-11-30 06:00"), to: at("2026-11-30 07:30")) == 0)
        #expect(calendar.businessSeconds(from: at("2026-11-30 15:00"), to: at("2026-11-30 20:00")) == 3600)
    }

    @Test func acrossTheWeekend() {
        // Friday 15:00 to Monday 08:30: one hour on Friday, one on Monday.
        #expect(calendar.businessSeconds(from: at("2026-11-27 15:00"), to: at("2026-11-30 08:30")) == 7200)
        #expect(calendar.adding(7200, to: at("2026-11-27 15:00")) == at("2026-11-30 08:30"))
    }

    @Test func acrossHolidays() {
        // Thursday before Easter 15:00 → Tuesday after Easter 08:30: Karfreitag and Ostermontag are closed.
        #expect(calendar.businessSeconds(from: at("2026-04-02 15:00"), to: at("2026-04-07 08:30")) == 7200)
        #expect(calendar.adding(3600 + 1, to: at("2026-12-23 15:00")) == at("2026-12-24 07:30").addingTimeInterval(1))
        #expect(calendar.adding(3600 * 9, to: at("2026-12-24 07:30")) == at("2026-12-28 08:00"))
    }

    @Test func schoolHolidaysCanBeClosed() {
        var c = calendar
        c.closed = [CivilDay(2026, 10, 19)...CivilDay(2026, 10, 31)]  // Herbstferien NRW 2026 (example)
        #expect(c.businessSeconds(from: at("2026-10-16 15:00"), to: at("2026-11-02 08:30")) == 7200)
        #expect(c.isWorkingDay(CivilDay(2026, 10, 20)) == false)
    }

    @Test func daylightSavingDaysAreOrdinaryBusinessDays() {
        // The clocks change on Sunday 2026-03-29 and 2026-10-25; Mondays keep 8.5 hours.
        #expect(calendar.businessSeconds(from: at("2026-03-27 16:00"), to: at("2026-03-30 16:00")) == 8 * 3600 + 1800)
        #expect(calendar.businessSeconds(from: at("2026-10-23 16:00"), to: at("2026-10-26 16:00")) == 8 * 3600 + 1800)
    }

    @Test func addingIsTheInverseOfCounting() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let start = at("2026-01-01 00:00").addingTimeInterval(Double.random(in: 0...(365 * 86400), using: &g))
            let seconds = Int.random(in: 1...(20 * 8 * 3600), using: &g)
            let end = calendar.adding(seconds, to: start)
            #expect(calendar.businessSeconds(from: start, to: end) == seconds, "\(start) + \(seconds)")
        }
    }
}
