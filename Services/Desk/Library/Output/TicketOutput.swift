import CLIKit
import Contracts
import Foundation

/// How tickets look for people.
extension Style {
    func table(_ tickets: [SupportDesk.Ticket]) -> String {
        var t = Table("ID", "STATUS", "PRIORITY", "LVL", "SCHOOL", "ASSIGNEE", "SLA", "OPENED", "TITLE")
        for k in tickets {
            t.add(
                "#\(k.id)", status(k.status), priority(k.priority), "\(k.level)", short(k.schoolName, 28),
                k.assignee ?? dim("-"), sla(k), relative(k.openedAt), short(k.title, 60))
        }
        return t.render(colour: colour)
    }

    /// "50 of 1,000+ tickets".
    func footer(_ list: SupportDesk.TicketList, offset: Int) -> String {
        let total = list.total.formatted() + (list.totalCapped ? "+" : "")
        if list.tickets.isEmpty { return dim(offset > 0 ? "no tickets on this page (\(total) in all)" : "no tickets") }
        let range =
            list.tickets.count == list.total && offset == 0 ? "" : "\(offset + 1)–\(offset + list.tickets.count) of "
        return dim("\(range)\(total) ticket\(list.total == 1 && !list.totalCapped ? "" : "s")")
    }

    func details(_ d: SupportDesk.TicketDetails, history: Bool) -> String {
        let t = d.ticket
        var out = bold("#\(t.id) \(t.title)") + "\n"
        var facts = Table("", "")
        facts.add("status", status(t.status) + (t.mergedInto.map { " into #\($0)" } ?? ""))
        facts.add("priority", priority(t.priority))
        facts.add("category", t.category.rawValue)
        if let tags = t.tags, !tags.isEmpty { facts.add("tags", tags.joined(separator: ", ")) }
        if let satisfied = t.satisfied {
            facts.add("solved?", satisfied ? "yes, says the requester" : "no, says the requester")
        }
        facts.add(
            "level",
            t.level == 1
                ? "1 (school and 1st-level team)" : "2 (IT of the Schulträger\(t.itGroupEmail.map { ", \($0)" } ?? ""))"
        )
        facts.add("school", "\(t.schoolName) (\(t.schulnummer)), network \(t.networkID)")
        facts.add("requester", "\(t.requester.name) <\(t.requester.email)>")
        facts.add("assignee", t.assignee ?? "nobody")
        facts.add("opened", "\(relative(t.openedAt)) (\(t.openedAt))")
        facts.add("first response", clock(t.firstResponse))
        facts.add("resolution", clock(t.resolution))
        if !d.links.isEmpty {
            facts.add("linked", d.links.map { "#\($0.id) \($0.title) (\($0.status.rawValue))" }.joined(separator: "; "))
        }
        if let similar = d.similar, !similar.isEmpty {
            facts.add("similar", similar.map { "#\($0.id) \($0.title)" }.joined(separator: "; "))
        }
        if let articles = d.articles, !articles.isEmpty {
            facts.add("articles", articles.map { "KB \($0)" }.joined(separator: ", "))
        }
        for a in d.attachments ?? [] {
            facts.add("file \(a.id)", "\(a.name) (\(a.type), \(byteCount(a.size))) from \(a.addedBy)")
        }
        // The facts table has no header row: drop its first line.
        out += facts.render(colour: false).split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
            .joined(separator: "\n")
        out += "\n\n" + d.description + "\n"
        for h in d.history where history || (h.text != nil && h.action != "opened") {
            let visibility = h.isPublic ? "" : dim(" (internal)")
            let taken = h.recordedBy.map { dim(" (by phone, taken by \($0))") } ?? ""
            out += "\n" + bold("\(h.action) by \(h.by)") + taken + visibility + dim(" · \(relative(h.at))") + "\n"
            if let text = h.text { out += text + "\n" }
        }
        return out
    }

    func clock(_ c: SupportDesk.Clock) -> String {
        let state: String
        switch c.state {
        case .breached: state = paint("breached", "1;31")
        case .warning: state = paint("warning", "33")
        case .ok: state = "ok"
        case .met: state = "met"
        }
        let due = c.dueAt.map { ", due \(relative($0))" } ?? ""
        return "\(state): \(Style.duration(c.used)) of \(Style.duration(c.target)) business time\(due)"
    }

    private func short(_ text: String, _ max: Int) -> String {
        text.count <= max ? text : String(text.prefix(max - 1)) + "…"
    }
}

/// A size as people read it: 812 B, 14 KB, 2.3 MB.
func byteCount(_ n: Int) -> String {
    if n < 1000 { return "\(n) B" }
    if n < 1_000_000 { return "\(n / 1000) KB" }
    return String(format: "%.1f MB", Double(n) / 1_000_000)
}
