import Contracts
import Foundation
import GRDB
import ServiceKit

/// Parent evenings: requests, schedules, cancellations; parents' registrations with a waiting list
/// and held offers (never held past the evening's start), attendance and feedback.
struct EveningHandlers: Sendable {
    /// Seconds in an hour of an offer's hold time: 3600, but seconds in tests.
    let hourLength: Double

    func register(_ h: inout HandlerRegistry) {
        h.command(Training.RequestEvening.self) { c, ctx in try request(c.data, ctx) }
        h.command(Training.ScheduleEvening.self) { c, ctx in try schedule(c.data, ctx) }
        h.command(Training.CancelEvening.self) { c, ctx in try cancel(c.data, ctx) }
        h.query(Training.GetEvening.self) { q, ctx in
            try Self.details(try Self.existing(q.data.eveningID, ctx.db), ctx.db)
        }
        h.query(Training.ListEvenings.self) { q, ctx in
            Training.EveningList(
                evenings: try EveningRows.evenings(network: q.data.networkID, ctx.db).map {
                    try Self.details($0, ctx.db)
                })
        }
        h.query(Training.ListTopics.self) { _, _ in Training.TopicList(topics: EveningRules.topics) }
        h.command(Training.RegisterParent.self) { c, ctx in try registerParent(c.data, ctx) }
        h.command(Training.CancelRegistration.self) { c, ctx in try cancelRegistration(c.data, ctx) }
        h.command(Training.AcceptRegistrationOffer.self) { c, ctx in try accept(c.data, ctx) }
        h.command(Training.RecordEveningAttendance.self) { c, ctx in try attendance(c.data, ctx) }
        h.command(Training.GiveFeedback.self) { c, ctx in try feedback(c.data, ctx) }
        registerPublic(&h)
    }

    static func existing(_ id: Int, _ db: Database) throws -> Training.Evening {
        guard let e = try EveningRows.evening(id, db) else {
            throw DomainError.notFound("there is no evening #\(id)", field: "eveningID")
        }
        return e
    }

    static func registration(_ id: Int, _ db: Database) throws -> Training.Registration {
        guard let r = try EveningRows.registration(id, db) else {
            throw DomainError.notFound("there is no registration #\(id)", field: "registrationID")
        }
        return r
    }

    /// A registration a request acts on; from the portal only the one of the address it vouches for.
    static func registration(
        _ id: Int, _ db: Database, vouched email: String?, _ ctx: MessageContext
    ) throws -> Training.Registration {
        guard let r = try EveningRows.registration(id, db) else {
            throw DomainError.notFound("there is no registration #\(id) for this address", field: "registrationID")
        }
        try ctx.vouch(owner: r.email, claimed: email, what: "registration #\(id)", field: "registrationID")
        return r
    }

    static func details(_ e: Training.Evening, _ db: Database) throws -> Training.EveningDetails {
        let regs = try EveningRows.registrations(evening: e.id, db)
        func count(_ s: Training.RegistrationStatus) -> Int { regs.filter { $0.status == s }.count }
        return Training.EveningDetails(
            evening: e, confirmed: count(.confirmed), offered: count(.offered), waitlisted: count(.waitlisted),
            registrations: regs)
    }

    func request(_ c: Training.RequestEvening, _ ctx: MessageContext) throws -> Training.EveningDetails {
        guard
            try Bool.fetchOne(
                ctx.db, sql: "SELECT EXISTS (SELECT 1 FROM networks WHERE id = ?)", arguments: [c.networkID]) == true
        else { throw DomainError("unknown-network", "no network '\(c.networkID)' is registered", field: "networkID") }
        let name = c.institutionName.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !c.institutionID.isEmpty else {
            throw DomainError.invalid("say which institution asks", field: "institutionName")
        }
        let contactName = c.contact.name.trimmingCharacters(in: .whitespaces)
        guard let contactEmail = try? MailAddress.normalized(c.contact.email), !contactName.isEmpty,
            (try? MailAddress.displayName(contactName)) != nil
        else {
            throw DomainError.invalid("the contact needs a name and an e-mail address", field: "contact")
        }
        if let reference = c.reference,
            let id = try Int.fetchOne(
                ctx.db,
                sql: """
                    SELECT id FROM evenings WHERE json_extract(body, '$.institutionID') = ?
                    AND json_extract(body, '$.reference') = ?
                    """, arguments: [c.institutionID, reference])
        {
            return try Self.details(try Self.existing(id, ctx.db), ctx.db)
        }
        let evening = try EveningRows.save(
            Training.Evening(
                id: 0, networkID: c.networkID, institutionID: c.institutionID, institutionName: name,
                contact: .init(name: contactName, email: contactEmail), wish: c.wish,
                status: .requested, offerHoldHours: RoundRules.defaultOfferHoldHours, reference: c.reference), ctx.db)
        try ctx.emit(Training.EveningRequested(evening: evening), subject: "\(evening.id)")
        return try Self.details(evening, ctx.db)
    }

    func schedule(_ c: Training.ScheduleEvening, _ ctx: MessageContext) throws -> Training.EveningDetails {
        let before = try Self.existing(c.eveningID, ctx.db)
        guard before.status != .cancelled else {
            throw DomainError("not-allowed", "evening #\(before.id) was cancelled", field: "eveningID")
        }
        let after = try EveningRules.scheduled(before, c)
        guard after != before else { return try Self.details(before, ctx.db) }
        let holders = try EveningRows.registrations(evening: after.id, ctx.db).filter {
            $0.status == .confirmed || $0.status == .offered
        }
        guard (after.capacity ?? 0) >= holders.count else {
            throw DomainError.conflict(
                "\(holders.count) parents have a place; the capacity cannot be less", field: "capacity")
        }
        try EveningRows.save(after, ctx.db)
        try ctx.emit(Training.EveningScheduled(evening: after, registrations: holders), subject: "\(after.id)")
        try promote(after, ctx)
        return try Self.details(after, ctx.db)
    }

    func cancel(_ c: Training.CancelEvening, _ ctx: MessageContext) throws -> Training.EveningDetails {
        var e = try Self.existing(c.eveningID, ctx.db)
        guard e.status != .cancelled else { return try Self.details(e, ctx.db) }
        let reason = c.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw DomainError.invalid("say why the evening is cancelled", field: "reason") }
        e.status = .cancelled
        try EveningRows.save(e, ctx.db)
        let told = try EveningRows.registrations(evening: e.id, ctx.db).filter {
            $0.status == .confirmed || $0.status == .offered || $0.status == .waitlisted
        }
        try ctx.emit(Training.EveningCancelled(evening: e, registrations: told, reason: reason), subject: "\(e.id)")
        return try Self.details(e, ctx.db)
    }

    func registerParent(_ c: Training.RegisterParent, _ ctx: MessageContext) throws -> Training.RegistrationDetails {
        let e = try Self.existing(c.eveningID, ctx.db)
        guard e.status == .scheduled, let capacity = e.capacity else {
            throw DomainError(
                "not-open", "evening #\(e.id) is \(e.status.rawValue), not open for registration", field: "eveningID")
        }
        if let start = EveningRules.start(e), start <= ctx.now {
            throw DomainError("closed", "the evening began at \(e.date ?? "") \(e.starts ?? "")", field: "eveningID")
        }
        let who = try EveningRules.registrant(c)
        if let live = try EveningRows.live(evening: e.id, email: who.email, ctx.db) {
            throw DomainError.conflict(
                "\(who.email) is registered already (registration #\(live.id), \(live.status.rawValue))", field: "email"
            )
        }
        let taken = try EveningRows.taken(evening: e.id, ctx.db)
        // Nobody jumps the queue: while others wait, a newcomer waits too, even for fewer places.
        let queue = try EveningRows.waiting(evening: e.id, ctx.db)
        let r = try EveningRows.insert(
            Training.Registration(
                id: 0, eveningID: e.id, name: who.name, email: who.email, consentToContact: true,
                question: who.question,
                status: queue == 0 && Places.hasRoom(capacity: capacity, taken: taken, seats: who.people)
                    ? .confirmed : .waitlisted,
                registeredAt: RFC3339.string(from: ctx.now), people: who.people), ctx.db)
        if r.status == .confirmed {
            try ctx.emit(Training.RegistrationConfirmed(registration: r, evening: e), subject: "\(r.id)")
        } else {
            try ctx.emit(Training.RegistrationWaitlisted(registration: r, evening: e), subject: "\(r.id)")
        }
        return Training.RegistrationDetails(registration: r, evening: e)
    }

    func cancelRegistration(
        _ c: Training.CancelRegistration, _ ctx: MessageContext
    ) throws -> Training.RegistrationDetails {
        let r = try Self.registration(c.registrationID, ctx.db, vouched: c.email, ctx)
        let e = try Self.existing(r.eveningID, ctx.db)
        guard r.status == .confirmed || r.status == .offered || r.status == .waitlisted else {
            return Training.RegistrationDetails(registration: r, evening: e)
        }
        let cancelled = try EveningRows.setStatus(r.id, .cancelled, ctx.db)
        try ctx.emit(Training.RegistrationCancelled(registration: cancelled, evening: e), subject: "\(r.id)")
        try promote(e, ctx)
        return Training.RegistrationDetails(registration: cancelled, evening: e)
    }

    func accept(_ c: Training.AcceptRegistrationOffer, _ ctx: MessageContext) throws -> Training.RegistrationDetails {
        let r = try Self.registration(c.registrationID, ctx.db, vouched: c.email, ctx)
        let e = try Self.existing(r.eveningID, ctx.db)
        switch r.status {
        case .confirmed: return Training.RegistrationDetails(registration: r, evening: e)
        case .offered:
            if let expires = r.offerExpiresAt.flatMap(RFC3339.date(from:)), expires <= ctx.now {
                throw DomainError("offer-expired", "the place held for you passed on", field: "registrationID")
            }
        case .waitlisted, .cancelled, .expired:
            throw DomainError(
                "not-allowed", "registration #\(r.id) is \(r.status.rawValue); there is no offer to take",
                field: "registrationID")
        }
        let confirmed = try EveningRows.setStatus(r.id, .confirmed, ctx.db)
        try ctx.emit(Training.RegistrationConfirmed(registration: confirmed, evening: e), subject: "\(r.id)")
        return Training.RegistrationDetails(registration: confirmed, evening: e)
    }

    func attendance(_ c: Training.RecordEveningAttendance, _ ctx: MessageContext) throws -> Training.EveningDetails {
        let e = try Self.existing(c.eveningID, ctx.db)
        let ids = Set(try EveningRows.registrations(evening: e.id, ctx.db).filter { $0.status == .confirmed }.map(\.id))
        for id in c.present where !ids.contains(id) {
            throw DomainError.invalid("registration #\(id) has no place at evening #\(e.id)", field: "present")
        }
        try EveningRows.setAttendance(evening: e.id, present: Set(c.present), ctx.db)
        return try Self.details(e, ctx.db)
    }

    func feedback(_ c: Training.GiveFeedback, _ ctx: MessageContext) throws -> Training.RegistrationDetails {
        let r = try Self.registration(c.registrationID, ctx.db)
        let e = try Self.existing(r.eveningID, ctx.db)
        guard (1...5).contains(c.rating) else { throw DomainError.invalid("a rating is 1 to 5", field: "rating") }
        guard r.status == .confirmed else {
            throw DomainError("not-allowed", "only parents with a place rate the evening", field: "registrationID")
        }
        guard e.status == .scheduled, let start = EveningRules.start(e), start <= ctx.now else {
            throw DomainError("not-allowed", "feedback opens when the evening begins", field: "registrationID")
        }
        let comment = c.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        let rated = try EveningRows.setFeedback(
            r.id, rating: c.rating, comment: comment?.isEmpty == false ? comment : nil, ctx.db)
        return Training.RegistrationDetails(registration: rated, evening: e)
    }

    /// Offers freed places to the oldest waiting parents, held for the hold time but never past the start.
    func promote(_ e: Training.Evening, _ ctx: MessageContext) throws {
        guard e.status == .scheduled, let capacity = e.capacity else { return }
        let start = EveningRules.start(e)
        if let start, start <= ctx.now { return }
        let regs = try EveningRows.registrations(evening: e.id, ctx.db)
        var expires = Places.offerExpiry(from: ctx.now, holdHours: e.offerHoldHours, hourLength: hourLength)
        if let start { expires = min(expires, start) }
        try Places.offer(
            capacity: capacity,
            taken: regs.filter { $0.status == .confirmed || $0.status == .offered }.reduce(0) { $0 + $1.seats },
            waiting: regs.filter { $0.status == .waitlisted }.map { ($0.id, $0.seats) }
        ) { id in
            let offered = try EveningRows.setStatus(id, .offered, offerExpiresAt: RFC3339.string(from: expires), ctx.db)
            try ctx.emit(Training.RegistrationOffered(registration: offered, evening: e), subject: "\(id)")
        }
    }

    /// The timer's work: offers whose hold time is over expire, and their places go on.
    func expireOffers(_ ctx: MessageContext) throws {
        try Places.expire(try EveningRows.expiredOffers(by: ctx.now, ctx.db), key: \.id) { id in
            let expired = try EveningRows.setStatus(id, .expired, ctx.db)
            let e = try Self.existing(expired.eveningID, ctx.db)
            try ctx.emit(Training.RegistrationExpired(registration: expired, evening: e), subject: "\(id)")
            return e
        } promote: {
            try promote($0, ctx)
        }
    }
}
