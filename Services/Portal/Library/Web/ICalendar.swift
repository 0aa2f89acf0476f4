import Contracts
import Foundation

/// An evening as an iCalendar file (RFC 5545): one event, its times in UTC, its text escaped.
enum ICalendar {
    static func event(_ reg: Training.ParentRegistration, host: String, now: Date = Date()) -> String? {
        let e = reg.evening
        guard let day = e.date.flatMap(CivilDay.init), let starts = e.starts.flatMap(minutes),
            let ends = (e.ends ?? e.starts).flatMap(minutes)
        else { return nil }
        let start = day.instant(minutes: starts, in: CivilDay.berlin)
        let end = max(day.instant(minutes: ends, in: CivilDay.berlin), start.addingTimeInterval(3600))
        let place = e.mode == .online ? (reg.link ?? "online") : (e.place ?? "")
        let domain = URLComponents(string: host)?.host ?? "rbn.example"
        let lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Regionale Bildungsnetzwerke NRW//Portal//DE",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "BEGIN:VEVENT", "UID:registration-\(reg.registrationID)@\(domain)",
            "DTSTAMP:\(utc(now))", "DTSTART:\(utc(start))", "DTEND:\(utc(end))",
            "SUMMARY:\(escape("Elternabend: " + (e.topic?.title ?? "")))", "LOCATION:\(escape(place))",
            "DESCRIPTION:\(escape([e.institutionName, e.speaker.map { "Referent*in: \($0)" }].compactMap { $0 }.joined(separator: "\n")))",
            "END:VEVENT", "END:VCALENDAR",
        ]
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func minutes(_ hhmm: String) -> Int? {
        let p = hhmm.split(separator: ":")
        guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0..<24).contains(h), (0..<60).contains(m) else {
            return nil
        }
        return h * 60 + m
    }

    static func utc(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: date)
    }

    /// TEXT values: backslash, semicolon, comma and line breaks escaped; other controls dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            default:
                if ch.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) { out.append(ch) }
            }
        }
        return out
    }

    /// Lines longer than 75 octets are folded (CRLF and a space), never inside a character.
    static func fold(_ line: String) -> String {
        var out = ""
        var count = 0
        for ch in line {
            let n = String(ch).utf8.count
            if count + n > 75 {
                out += "\r\n "
                count = 1
            }
            out.append(ch)
            count += n
        }
        return out
    }
}
