import Contracts
import Foundation
import GRDB
import ServiceKit

/// Rounds and workshops: create, read, reschedule, cancel.
enum RoundHandlers {
    static func register(_ h: inout HandlerRegistry) {
        h.command(Training.CreateRound.self) { c, ctx in try create(c.data, ctx) }
        h.query(Training.GetRound.self) { q, ctx in try details(try existing(q.data.roundID, ctx.db), ctx.db) }
        h.query(Training.ListRounds.self) { q, ctx in
            Training.RoundList(
                rounds: try TrainingRows.rounds(network: q.data.networkID, schoolYear: q.data.schoolYear, ctx.db).map {
                    try details($0, ctx.db)
                })
        }
        h.command(Training.RescheduleWorkshop.self) { c, ctx in try reschedule(c.data, ctx) }
        h.command(Training.CancelWorkshop.self) { c, ctx in try cancel(c.data, ctx) }
    }

    static func existing(_ id: String, _ db: Database) throws -> Training.Round {
        guard let r = try TrainingRows.round(id, db) else {
            throw DomainError.notFound("there is no round '\(id)'", field: "roundID")
        }
        return r
    }

    static func details(_ r: Training.Round, _ db: Database) throws -> Training.RoundDetails {
        let apps = try TrainingRows.applications(round: r.id, db)
        func count(_ s: Training.ApplicationStatus) -> Int { apps.filter { $0.status == s }.count }
        return Training.RoundDetails(
            round: r, confirmed: count(.confirmed), offered: count(.offered), waitlisted: count(.waitlisted),
            applications: apps, warnings: RoundRules.warnings(r))
    }

    static func create(_ c: Training.CreateRound, _ ctx: MessageContext) throws -> Training.RoundDetails {
        let round = try RoundRules.round(from: c)
        if let existing = try TrainingRows.round(round.id, ctx.db) {
            // The same round again (a seed loaded twice) changes nothing; a different one is a conflict.
            guard existing == round else {
                throw DomainError.conflict(
                    "a different round '\(round.id)' exists; reschedule its workshops or choose another id", field: "id"
                )
            }
            return try details(existing, ctx.db)
        }
        try TrainingRows.save(round, ctx.db)
        try ctx.emit(Training.RoundCreated(round: round), subject: round.id)
        return try details(round, ctx.db)
    }

    /// The applications whose participants must hear of a change: those with a place or an offer.
    static func holders(_ round: Training.Round, _ db: Database) throws -> [Training.Application] {
        try TrainingRows.applications(round: round.id, db).filter { $0.status == .confirmed || $0.status == .offered }
    }

    static func workshop(_ round: Training.Round, _ number: Int) throws -> Int {
        guard let i = round.workshops.firstIndex(where: { $0.number == number }) else {
            throw DomainError.notFound("\(round.title) has no workshop \(number)", field: "number")
        }
        return i
    }

    static func reschedule(_ c: Training.RescheduleWorkshop, _ ctx: MessageContext) throws -> Training.RoundDetails {
        var round = try existing(c.roundID, ctx.db)
        let i = try workshop(round, c.number)
        let previous = round.workshops[i]
        guard !previous.cancelled else {
            throw DomainError("not-allowed", "workshop \(c.number) is cancelled", field: "number")
        }
        var moved = previous
        moved.date = c.date
        moved.starts = c.starts
        moved.ends = c.ends
        moved.mode = c.mode ?? previous.mode
        moved.place = c.place ?? (moved.mode == .inPerson ? previous.place : nil)
        moved.link = c.link ?? (moved.mode == .online ? previous.link : nil)
        moved = try RoundRules.checked(moved, kind: round.kind)
        guard moved != previous else { return try details(round, ctx.db) }
        round.workshops[i] = moved
        try TrainingRows.save(round, ctx.db)
        try ctx.emit(
            Training.WorkshopRescheduled(
                round: round, workshop: moved, previous: previous, applications: try holders(round, ctx.db)),
            subject: round.id)
        return try details(round, ctx.db)
    }

    static func cancel(_ c: Training.CancelWorkshop, _ ctx: MessageContext) throws -> Training.RoundDetails {
        var round = try existing(c.roundID, ctx.db)
        let i = try workshop(round, c.number)
        guard !round.workshops[i].cancelled else { return try details(round, ctx.db) }
        let reason = c.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw DomainError.invalid("say why the workshop is cancelled", field: "reason") }
        round.workshops[i].cancelled = true
        try TrainingRows.save(round, ctx.db)
        try ctx.emit(
            Training.WorkshopCancelled(
                round: round, workshop: round.workshops[i], reason: reason, applications: try holders(round, ctx.db)),
            subject: round.id)
        return try details(round, ctx.db)
    }
}
