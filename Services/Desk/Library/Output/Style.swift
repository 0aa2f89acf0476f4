import CLIKit
import Contracts
import Foundation

/// How the desk writes for people: colour only on a terminal (never with `NO_COLOR`), relative
/// times, short SLA marks.
struct Style {
    var colour: Bool = Table.colour
    var now: Date = Date()

    func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { paint(text, "1") }
    func dim(_ text: String) -> String { paint(text, "2") }

    func status(_ s: SupportDesk.Status) -> String {
        switch s {
        case .new: paint(s.rawValue, "1;34")
        case .open: paint(s.rawValue, "34")
        case .pending: paint(s.rawValue, "33")
        case .resolved: paint(s.rawValue, "32")
        case .closed, .merged: dim(s.rawValue)
        }
    }

    func priority(_ p: SupportDesk.Priority) -> String {
        switch p {
        case .critical: paint(p.rawValue, "1;31")
        case .high: paint(p.rawValue, "31")
        case .normal: p.rawValue
        case .low: dim(p.rawValue)
        }
    }

    /// The worse of a ticket's two clocks, as a word: ok, warning, breached, met.
    func sla(_ t: SupportDesk.Ticket) -> String {
        let rank: [SupportDesk.SLAState] = [.met, .ok, .warning, .breached]
        let worst = [t.firstResponse.state, t.resolution.state].max {
            rank.firstIndex(of: $0)! < rank.firstIndex(of: $1)!
        }!
        switch worst {
        case .breached: return paint("breached", "1;31")
        case .warning: return paint("warning", "33")
        case .ok: return "ok"
        case .met: return dim("met")
        }
    }

    /// "just now", "5m ago", "3h ago", "2d ago", "in 4h"; a date beyond a month.
    func relative(_ rfc3339: String) -> String {
        guard let date = RFC3339.date(from: rfc3339) else { return rfc3339 }
        return relative(date)
    }

    func relative(_ date: Date) -> String {
        let seconds = now.timeIntervalSince(date)
        let span = abs(seconds)
        let amount: String
        switch span {
        case ..<60: return "just now"
        case ..<3600: amount = "\(Int(span / 60))m"
        case ..<86_400: amount = "\(Int(span / 3600))h"
        case ..<(31 * 86_400): amount = "\(Int(span / 86_400))d"
        default: return CivilDayFormat.string(date)
        }
        return seconds >= 0 ? "\(amount) ago" : "in \(amount)"
    }

    /// Business seconds as hours and minutes: "3h 20m".
    static func duration(_ seconds: Int) -> String {
        let h = seconds / 3600
        let m = (seconds % 3600) / 60
        return h > 0 ? "\(h)h \(m)m" : "\(m)m"
    }
}

/// A date as yyyy-MM-dd in Europe/Berlin.
enum CivilDayFormat {
    static func string(_ date: Date) -> String {
        CivilDay(date, in: CivilDay.berlin).description
    }
}
