import Contracts
import Directory
import Foundation
import GRDB
import ServiceKit

/// Work on the clock: SLA warnings (at 80 %) and breaches, each announced once per ticket and
/// clock; resolved tickets closed automatically after a configurable number of days.
struct TicketTimers: Sendable {
    let tickets: TicketHandlers
    /// Days after resolving when a ticket closes by itself.
    let closeAfterDays: Double
    /// Tickets looked at per run; the rest wait for the next run.
    let batch = 500

    func timers(slaEvery: Double = 30, closeEvery: Double = 600) -> [ServiceTimer] {
        [
            ServiceTimer("sla", every: slaEvery) { ctx in try checkSLA(ctx) },
            ServiceTimer("auto-close", every: closeEvery) { ctx in try closeResolved(ctx) },
        ]
    }

    func checkSLA(_ ctx: MessageContext) throws {
        let calendars = tickets.calendars
        for id in try TicketRows.slaDue(by: ctx.now, limit: batch, ctx.db) {
            guard var t = try TicketRows.find(id, ctx.db) else { continue }
            var notices: [(SupportDesk.ClockKind, breached: Bool)] = []
            func look(_ clock: SLAClock, _ kind: SupportDesk.ClockKind, warned: SLANotices, breached: SLANotices) {
                switch clock.state(at: ctx.now, calendars[t.level]) {
                case .breached where !t.notices.contains(breached):
                    t.notices.formUnion([warned, breached])
                    notices.append((kind, true))
                case .warning where !t.notices.contains(warned):
                    t.notices.insert(warned)
                    notices.append((kind, false))
                default: break
                }
            }
            look(t.firstResponse, .firstResponse, warned: .firstResponseWarned, breached: .firstResponseBreached)
            look(t.resolution, .resolution, warned: .resolutionWarned, breached: .resolutionBreached)
            try TicketRows.save(t, calendars, ctx.db)  // also moves its next check on
            guard !notices.isEmpty else { continue }
            let view = try tickets.view(t, now: ctx.now, ctx.db)
            let notify = try notified(view, ctx.db)
            for (kind, breached) in notices {
                if breached {
                    try ctx.emit(SupportDesk.SLABreached(ticket: view, clock: kind, notify: notify), subject: "\(t.id)")
                } else {
                    try ctx.emit(SupportDesk.SLAWarning(ticket: view, clock: kind, notify: notify), subject: "\(t.id)")
                }
                try TicketRows.addHistory(
                    t.id, at: ctx.now, by: "system", action: breached ? "sla-breached" : "sla-warning",
                    text: kind.rawValue, isPublic: false, messageID: ctx.message.id, ctx.db)
            }
        }
    }

    /// Who hears of a ticket's SLA: its assignee, when they have an address, and the coordinators of
    /// its network, from the registry and among the agents; each address once.
    func notified(_ t: SupportDesk.Ticket, _ db: Database) throws -> [SupportDesk.Notified] {
        var out: [SupportDesk.Notified] = []
        func add(_ name: String, _ email: String, _ role: SupportDesk.Notified.Role) {
            guard !out.contains(where: { $0.email.lowercased() == email.lowercased() }) else { return }
            out.append(.init(name: name, email: email, role: role))
        }
        if let id = t.assignee, let a = try AgentRows.find(id, db), let email = a.email {
            add(a.name, email, .assignee)
        }
        for c in try Directory.coordinators(of: t.networkID, db) { add(c.name, c.email, .coordinator) }
        for a in try AgentRows.coordinators(of: t.networkID, db) { add(a.name, a.email ?? "", .coordinator) }
        return out
    }

    func closeResolved(_ ctx: MessageContext) throws {
        let cutoff = ctx.now.addingTimeInterval(-closeAfterDays * 86400)
        for id in try TicketRows.resolved(before: cutoff, limit: batch, ctx.db) {
            guard var t = try TicketRows.find(id, ctx.db), t.status == .resolved else { continue }
            t.status = .closed
            t.statusSince = ctx.now
            try TicketRows.save(t, tickets.calendars, ctx.db)
            try TicketRows.addHistory(
                t.id, at: ctx.now, by: "system", action: "close",
                text: "closed automatically \(Int(closeAfterDays)) days after it was resolved", isPublic: false,
                messageID: ctx.message.id, ctx.db)
            try ctx.emit(
                SupportDesk.TicketClosed(
                    ticket: try tickets.view(t, now: ctx.now, ctx.db), by: "system",
                    text: "closed automatically after \(Int(closeAfterDays)) days"), subject: "\(t.id)")
        }
    }
}
