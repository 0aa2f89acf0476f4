import Contracts
import Foundation
import GRDB
import ServiceKit

/// What the public sees of parent evenings, through the portal: scheduled evenings without the
/// people behind them, and a parent's own registration for the address the portal vouches for.
extension EveningHandlers {
    func registerPublic(_ h: inout HandlerRegistry) {
        h.query(Training.ListPublicEvenings.self) { q, ctx in
            try Training.PublicEveningList(evenings: Self.publicEvenings(q.data, ctx))
        }
        h.query(Training.GetParentRegistration.self) { q, ctx in
            let r = try Self.registration(q.data.registrationID, ctx.db, vouched: q.data.email, ctx)
            let e = try Self.existing(r.eveningID, ctx.db)
            let hasPlace = r.status == .confirmed
            return Training.ParentRegistration(
                registrationID: r.id, name: r.name, status: r.status, people: r.seats,
                waitlistPosition: r.waitlistPosition, offerExpiresAt: r.offerExpiresAt,
                evening: try Self.publicView(e, now: ctx.now, ctx.db), link: hasPlace ? e.link : nil)
        }
    }

    /// A network's evenings not yet over (scheduled ones only), or one evening that was ever
    /// scheduled (so a parent's old link still says it was cancelled); soonest first.
    static func publicEvenings(
        _ q: Training.ListPublicEvenings, _ ctx: MessageContext
    ) throws -> [Training.PublicEvening] {
        if let id = q.eveningID {
            guard let e = try EveningRows.evening(id, ctx.db), e.status != .requested,
                q.networkID == nil || q.networkID == e.networkID
            else { throw DomainError.notFound("there is no evening #\(id)", field: "eveningID") }
            return [try publicView(e, now: ctx.now, ctx.db)]
        }
        let today = CivilDay(ctx.now, in: CivilDay.berlin).description
        return try EveningRows.evenings(network: q.networkID, ctx.db)
            .filter { $0.status == .scheduled && ($0.date ?? "") >= today }
            .map { try publicView($0, now: ctx.now, ctx.db) }
    }

    static func publicView(_ e: Training.Evening, now: Date, _ db: Database) throws -> Training.PublicEvening {
        let taken = try EveningRows.taken(evening: e.id, db)
        let open = e.status == .scheduled && e.capacity != nil && (EveningRules.start(e).map { $0 > now } ?? false)
        return Training.PublicEvening(
            id: e.id, networkID: e.networkID, institutionName: e.institutionName, status: e.status, topic: e.topic,
            speaker: e.speaker, date: e.date, starts: e.starts, ends: e.ends, mode: e.mode,
            place: e.mode == .online ? nil : e.place, capacity: e.capacity,
            freePlaces: max(0, (e.capacity ?? 0) - taken), waiting: try EveningRows.waiting(evening: e.id, db),
            open: open)
    }
}
