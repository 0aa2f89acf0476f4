import Contracts
import Directory
import Foundation
import GRDB
import ServiceKit

/// Applications: apply, withdraw, take an offer; offers that pass go on to the next school.
/// Every handler runs in the store's single write transaction, so two schools applying for the
/// last place at once are handled one after the other: exactly one gets it.
struct ApplicationHandlers: Sendable {
    /// Seconds in an hour of an offer's hold time: 3600, but seconds in tests.
    let hourLength: Double
    /// The grades Medienscouts come from.
    let grades: ClosedRange<Int>

    func register(_ h: inout HandlerRegistry) {
        h.command(Training.ApplyForRound.self) { c, ctx in try apply(c.data, ctx) }
        h.command(Training.WithdrawApplication.self) { c, ctx in try withdraw(c.data, ctx) }
        h.command(Training.AcceptOffer.self) { c, ctx in try accept(c.data, ctx) }
        h.query(Training.GetApplication.self) { q, ctx in
            let a = try Self.existing(q.data.applicationID, ctx.db, vouched: q.data.email, ctx)
            return Training.ApplicationDetails(application: a, round: try RoundHandlers.existing(a.roundID, ctx.db))
        }
        h.query(Training.GetSchoolRounds.self) { q, ctx in try schoolRounds(q.data, ctx) }
        h.query(Training.ListPublicRounds.self) { q, ctx in
            Training.PublicRoundList(rounds: try Self.current(network: q.data.networkID, school: nil, ctx))
        }
    }

    /// An application a request acts on; from the portal only one of a school the proven address is
    /// a contact of ("not found" otherwise, which tells nothing).
    static func existing(
        _ id: Int, _ db: Database, vouched email: String?, _ ctx: MessageContext
    ) throws
        -> Training.Application
    {
        let a = try existing(id, db)
        if ctx.senderIsPortal, try !speaksFor(a.schulnummer, email: email, db) {
            throw DomainError.notFound("there is no application #\(id) for this address", field: "applicationID")
        }
        return a
    }

    /// Whether the address is a contact (or the official address) of the school.
    static func speaksFor(_ schulnummer: String, email: String?, _ db: Database) throws -> Bool {
        guard let email, let address = try? MailAddress.normalized(email) else { return false }
        return try Directory.schools(of: address, db).contains { $0.schulnummer == schulnummer }
    }

    /// The rounds of the school's network not yet over, with the school's application to each.
    func schoolRounds(_ q: Training.GetSchoolRounds, _ ctx: MessageContext) throws -> Training.SchoolRounds {
        let vouched = try !ctx.senderIsPortal || Self.speaksFor(q.schulnummer, email: q.email, ctx.db)
        guard let school = try Directory.school(q.schulnummer, ctx.db), vouched else {
            throw DomainError(
                "not-a-contact", "this address is not a contact of school \(q.schulnummer) in the registry",
                field: "schulnummer")
        }
        return Training.SchoolRounds(
            schulnummer: school.schulnummer, schoolName: school.name,
            rounds: try Self.current(network: school.networkID, school: school.schulnummer, ctx))
    }

    /// A network's rounds not yet over, with a school's own application when one is named.
    static func current(network: String, school: String?, _ ctx: MessageContext) throws -> [Training.SchoolRound] {
        let today = CivilDay(ctx.now, in: CivilDay.berlin)
        return try TrainingRows.rounds(network: network, schoolYear: nil, ctx.db).filter {
            ($0.workshops.map(\.date).max() ?? "") >= today.description
        }.map { r in
            let apps = try TrainingRows.applications(round: r.id, ctx.db)
            let taken = apps.filter { $0.status == .confirmed || $0.status == .offered }.count
            let own = school.flatMap { s in apps.last { $0.schulnummer == s && $0.status != .withdrawn } }
            let inPeriod = (try? TeamRules.inPeriod(r, today: today)) != nil
            return Training.SchoolRound(
                round: r, freePlaces: max(0, r.capacity - taken),
                waiting: apps.filter { $0.status == .waitlisted }.count, open: inPeriod && own == nil, application: own)
        }
    }

    static func existing(_ id: Int, _ db: Database) throws -> Training.Application {
        guard let a = try TrainingRows.application(id, db) else {
            throw DomainError.notFound("there is no application #\(id)", field: "applicationID")
        }
        return a
    }

    func apply(_ c: Training.ApplyForRound, _ ctx: MessageContext) throws -> Training.ApplicationDetails {
        let round = try RoundHandlers.existing(c.roundID, ctx.db)
        let number = c.schulnummer.trimmingCharacters(in: .whitespaces)
        if ctx.senderIsPortal, try !Self.speaksFor(number, email: c.email, ctx.db) {
            throw DomainError(
                "not-a-contact", "this address is not a contact of school \(number) in the registry",
                field: "schulnummer")
        }
        let school = try Directory.school(number, ctx.db)
        try TeamRules.admit(
            school.map { .init(name: $0.name, networkID: $0.networkID, schulform: $0.schulform, active: $0.active) },
            schulnummer: number, round: round)
        try TeamRules.inPeriod(round, today: CivilDay(ctx.now, in: CivilDay.berlin))
        if round.kind == .aufbau, try !TrainingRows.schoolQualified(number, ctx.db) {
            throw DomainError(
                "not-qualified",
                "Aufbauworkshops are for schools whose team completed a Medienscouts round; \(school?.name ?? number) has none yet",
                field: "schulnummer")
        }
        if let live = try TrainingRows.live(round: round.id, school: number, ctx.db) {
            throw DomainError.conflict(
                "\(live.schoolName) applied already (application #\(live.id), \(live.status.rawValue))",
                field: "schulnummer")
        }
        let (students, teachers) = try TeamRules.team(students: c.students, teachers: c.teachers, grades: grades)
        let taken = try TrainingRows.applications(round: round.id, ctx.db).filter {
            $0.status == .confirmed || $0.status == .offered
        }.count
        let application = try TrainingRows.insert(
            Training.Application(
                id: 0, roundID: round.id, schulnummer: number, schoolName: school?.name ?? number, students: students,
                teachers: teachers,
                status: Places.hasRoom(capacity: round.capacity, taken: taken) ? .confirmed : .waitlisted,
                appliedAt: RFC3339.string(from: ctx.now)), ctx.db)
        let subject = "\(application.id)"
        try ctx.emit(Training.ApplicationReceived(application: application, round: round), subject: subject)
        if application.status == .confirmed {
            try ctx.emit(Training.ApplicationConfirmed(application: application, round: round), subject: subject)
        } else {
            try ctx.emit(Training.ApplicationWaitlisted(application: application, round: round), subject: subject)
        }
        return Training.ApplicationDetails(application: application, round: round)
    }

    func withdraw(_ c: Training.WithdrawApplication, _ ctx: MessageContext) throws -> Training.ApplicationDetails {
        let a = try Self.existing(c.applicationID, ctx.db, vouched: c.email, ctx)
        let round = try RoundHandlers.existing(a.roundID, ctx.db)
        switch a.status {
        case .withdrawn: return Training.ApplicationDetails(application: a, round: round)
        case .expired:
            throw DomainError("not-allowed", "application #\(a.id) expired already", field: "applicationID")
        case .confirmed, .offered, .waitlisted: break
        }
        let withdrawn = try TrainingRows.setStatus(a.id, .withdrawn, ctx.db)
        try ctx.emit(Training.ApplicationWithdrawn(application: withdrawn, round: round), subject: "\(a.id)")
        try promote(round, ctx)
        return Training.ApplicationDetails(application: withdrawn, round: round)
    }

    func accept(_ c: Training.AcceptOffer, _ ctx: MessageContext) throws -> Training.ApplicationDetails {
        let a = try Self.existing(c.applicationID, ctx.db, vouched: c.email, ctx)
        let round = try RoundHandlers.existing(a.roundID, ctx.db)
        switch a.status {
        case .confirmed: return Training.ApplicationDetails(application: a, round: round)
        case .offered:
            if let expires = a.offerExpiresAt.flatMap(RFC3339.date(from:)), expires <= ctx.now {
                throw DomainError(
                    "offer-expired", "the place held for \(a.schoolName) passed on at \(a.offerExpiresAt ?? "")",
                    field: "applicationID")
            }
        case .waitlisted, .withdrawn, .expired:
            throw DomainError(
                "not-allowed", "application #\(a.id) is \(a.status.rawValue); there is no offer to take",
                field: "applicationID")
        }
        let confirmed = try TrainingRows.setStatus(a.id, .confirmed, ctx.db)
        try ctx.emit(Training.ApplicationConfirmed(application: confirmed, round: round), subject: "\(a.id)")
        return Training.ApplicationDetails(application: confirmed, round: round)
    }

    /// Offers freed places to the oldest waiting schools.
    func promote(_ round: Training.Round, _ ctx: MessageContext) throws {
        let apps = try TrainingRows.applications(round: round.id, ctx.db)
        let expires = RFC3339.string(
            from: Places.offerExpiry(from: ctx.now, holdHours: round.offerHoldHours, hourLength: hourLength))
        try Places.offer(
            capacity: round.capacity, taken: apps.filter { $0.status == .confirmed || $0.status == .offered }.count,
            waiting: apps.filter { $0.status == .waitlisted }.map(\.id)
        ) { id in
            let offered = try TrainingRows.setStatus(id, .offered, offerExpiresAt: expires, ctx.db)
            try ctx.emit(Training.ApplicationOffered(application: offered, round: round), subject: "\(id)")
        }
    }

    /// The timer's work: offers whose hold time is over expire, and their places go on.
    func expireOffers(_ ctx: MessageContext) throws {
        try Places.expire(try TrainingRows.expiredOffers(by: ctx.now, ctx.db), key: \.id) { id in
            let expired = try TrainingRows.setStatus(id, .expired, ctx.db)
            let round = try RoundHandlers.existing(expired.roundID, ctx.db)
            try ctx.emit(Training.ApplicationExpired(application: expired, round: round), subject: "\(id)")
            return round
        } promote: {
            try promote($0, ctx)
        }
    }
}
