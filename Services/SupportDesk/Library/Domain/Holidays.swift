import Contracts

/// The public holidays of North Rhine-Westphalia (Feiertagsgesetz NRW): fixed dates and those that
/// follow Easter.
public enum NRWHolidays {
    /// Easter Sunday (Gregorian computus after Meeus, Jones and Butcher).
    public static func easter(_ year: Int) -> CivilDay {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = ((h + l - 7 * m + 114) % 31) + 1
        return CivilDay(year, month, day)
    }

    /// Every public holiday of the year, with its name.
    public static func of(_ year: Int) -> [(day: CivilDay, name: String)] {
        let e = easter(year)
        return [
            (CivilDay(year, 1, 1), "Neujahr"),
            (e.adding(days: -2), "Karfreitag"),
            (e.adding(days: 1), "Ostermontag"),
            (CivilDay(year, 5, 1), "Tag der Arbeit"),
            (e.adding(days: 39), "Christi Himmelfahrt"),
            (e.adding(days: 50), "Pfingstmontag"),
            (e.adding(days: 60), "Fronleichnam"),
            (CivilDay(year, 10, 3), "Tag der Deutschen Einheit"),
            (CivilDay(year, 11, 1), "Allerheiligen"),
            (CivilDay(year, 12, 25), "1. Weihnachtstag"),
            (CivilDay(year, 12, 26), "2. Weihnachtstag"),
        ].sorted { $0.0 < $1.0 }
    }

    /// Whether the day is a public holiday; the same days as ``of(_:)``, without building the list.
    public static func contains(_ day: CivilDay) -> Bool {
        switch (day.month, day.day) {
        case (1, 1), (5, 1), (10, 3), (11, 1), (12, 25), (12, 26): return true
        default:
            let fromEaster = day.ordinal - easter(day.year).ordinal
            return [-2, 1, 39, 50, 60].contains(fromEaster)
        }
    }
}
