import Contracts
import Foundation

/// Days and times as people read them: `Do., 4. März 2027, 19:00–20:30 Uhr` or
/// `Thu 4 March 2027, 19:00–20:30`, in Europe/Berlin.
enum Dates {
    static let monthsDE = [
        "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
        "Dezember",
    ]
    static let monthsEN = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    static let weekdaysDE = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."]
    static let weekdaysEN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static func day(_ iso: String?, _ language: String) -> String {
        guard let iso, let d = CivilDay(iso) else { return iso ?? "" }
        if language == "en" {
            return "\(weekdaysEN[d.isoWeekday - 1]) \(d.day) \(monthsEN[d.month - 1]) \(d.year)"
        }
        return "\(weekdaysDE[d.isoWeekday - 1]), \(d.day). \(monthsDE[d.month - 1]) \(d.year)"
    }

    static func span(date: String?, starts: String?, ends: String?, _ language: String) -> String {
        var s = day(date, language)
        if let starts {
            s += ", \(starts)" + (ends.map { "–\($0)" } ?? "") + (language == "en" ? "" : " Uhr")
        }
        return s
    }

    /// An RFC 3339 instant in Berlin time: `2. März 2027, 19:00 Uhr`.
    static func instant(_ rfc3339: String?, _ language: String) -> String {
        guard let text = rfc3339, let date = RFC3339.date(from: text) else { return rfc3339 ?? "" }
        let civil = CivilDay(date, in: CivilDay.berlin)
        let minutes = Int(date.timeIntervalSince(civil.instant(minutes: 0, in: CivilDay.berlin)) / 60)
        let time = String(format: "%02d:%02d", minutes / 60, minutes % 60)
        return day(civil.description, language) + ", " + time + (language == "en" ? "" : " Uhr")
    }
}
