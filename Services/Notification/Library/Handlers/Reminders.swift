import Contracts
import Foundation
import GRDB
import ServiceKit

/// Reminders before workshops and evenings (a week and a day before): scheduled when a school
/// gets a place or a parent registers, moved when the workshop or evening moves, dropped when it
/// is cancelled or the place given up; fired by a timer into ordinary deliveries.
struct Reminders: Sendable {
    /// What time it is for reminders: the real clock, but one a test can move.
    let clock: @Sendable () -> Date
    static func workshopSource(_ round: String, _ number: Int) -> String { "round:\(round):w\(number)" }
    static func eveningSource(_ id: Int) -> String { "evening:\(id)" }

    /// When a workshop or evening begins, in Europe/Berlin.
    static func start(date: String?, time: String?) -> Date? {
        guard let d = date.flatMap(CivilDay.init), let t = time else { return nil }
        let p = t.split(separator: ":").compactMap { Int($0) }
        guard p.count == 2 else { return nil }
        return d.instant(minutes: p[0] * 60 + p[1], in: CivilDay.berlin)
    }

    /// The workshops of a school with a place, for each of its teachers.
    func schedule(_ a: Training.Application, _ round: Training.Round, only: Int? = nil, _ ctx: MessageContext) throws {
        for w in round.workshops where !w.cancelled && (only == nil || w.number == only) {
            guard let start = Self.start(date: w.date, time: w.starts) else { continue }
            for t in a.teachers {
                let notice = Notice(
                    kind: "workshop-reminder", recipient: t.email, recipientName: t.name,
                    values: [
                        "teacher": .text(t.name), "school": .text(a.schoolName), "round": .text(round.title),
                        "number": .text("\(w.number)"), "when": .text("\(Format.day(w.date)), \(w.starts)–\(w.ends)"),
                        "where": .text(Format.place(w.mode, w.place, w.link)),
                    ])
                try ReminderRows.schedule(
                    key: "app:\(a.id):w\(w.number):\(t.email.lowercased())",
                    source: Self.workshopSource(round.id, w.number), notice, startsAt: start, now: clock(), ctx.db)
            }
        }
    }

    func drop(_ a: Training.Application, _ ctx: MessageContext) throws {
        try ReminderRows.drop(keyPrefix: "app:\(a.id):", ctx.db)
    }

    func moved(
        _ round: Training.Round, _ w: Training.Workshop, holders: [Training.Application], _ ctx: MessageContext
    ) throws {
        try ReminderRows.drop(source: Self.workshopSource(round.id, w.number), ctx.db)
        // The workshop as it is now, whatever the round in the event says of it.
        var current = round
        current.workshops = round.workshops.map { $0.number == w.number ? w : $0 }
        for a in holders { try schedule(a, current, only: w.number, ctx) }
    }

    func cancelled(_ round: Training.Round, _ w: Training.Workshop, _ ctx: MessageContext) throws {
        try ReminderRows.drop(source: Self.workshopSource(round.id, w.number), ctx.db)
    }

    func schedule(_ r: Training.Registration, _ e: Training.Evening, _ ctx: MessageContext) throws {
        guard let start = Self.start(date: e.date, time: e.starts) else { return }
        let notice = Notice(
            kind: "evening-reminder", recipient: r.email, recipientName: r.name,
            values: [
                "name": .text(r.name), "topic": .text(e.topic?.title ?? "Elternabend"),
                "date": .text(e.date.map(Format.day) ?? ""), "time": .text("\(e.starts ?? "")–\(e.ends ?? "")"),
                "where": .text(Format.place(e.mode, e.place, e.link)), "position": .text(""), "deadline": .text(""),
                "reason": .text(""), "registrationID": .text("\(r.id)"),
            ])
        try ReminderRows.schedule(
            key: "reg:\(r.id)", source: Self.eveningSource(e.id), notice, startsAt: start, now: clock(), ctx.db)
    }

    func drop(_ r: Training.Registration, _ ctx: MessageContext) throws {
        try ReminderRows.drop(keyPrefix: "reg:\(r.id):", ctx.db)
    }

    func moved(_ e: Training.Evening, holders: [Training.Registration], _ ctx: MessageContext) throws {
        try ReminderRows.drop(source: Self.eveningSource(e.id), ctx.db)
        for r in holders where r.status == .confirmed { try schedule(r, e, ctx) }
    }

    func cancelled(_ e: Training.Evening, _ ctx: MessageContext) throws {
        try ReminderRows.drop(source: Self.eveningSource(e.id), ctx.db)
    }

    /// The timer's work: due reminders become deliveries, each under an event id of its own.
    func fire(_ queueing: Queueing, _ ctx: MessageContext) throws {
        for (key, notice) in try ReminderRows.takeDue(by: clock(), limit: 500, ctx.db) {
            try queueing.queue(
                [notice], eventID: "reminder:\(key)", eventType: "\(MessageType.prefix)notification.reminder.due.v1",
                ctx)
        }
    }
}
