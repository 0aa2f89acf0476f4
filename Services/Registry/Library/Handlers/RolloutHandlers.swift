import Contracts
import GRDB
import ServiceKit

/// The learning platform rollout per school: forward only, with the day each state was reached.
enum RolloutHandlers {
    static func register(_ h: inout HandlerRegistry) {
        h.command(Registry.SetRollout.self) { c, ctx in try set(c.data, ctx) }
    }

    static func current(_ school: Registry.Institution, _ db: Database) throws -> Registry.Rollout {
        try InstitutionRows.rollout(school.id, db)
            ?? Registry.Rollout(schulnummer: school.id, networkID: school.networkID, state: .notStarted)
    }

    static func set(_ s: Registry.SetRollout, _ ctx: MessageContext) throws -> Registry.RolloutDetails {
        let number = try Schulnummer(s.schulnummer)
        guard let school = try InstitutionRows.find(number.value, ctx.db), school.kind == .school else {
            throw Refusal.unknownSchool(number.value)
        }
        guard school.active else { throw Refusal.retired(school.id, name: school.name, field: "schulnummer") }
        let rollout = try current(school, ctx.db)
        guard let next = try advanced(rollout, to: s.state, on: s.on ?? Check.today(ctx.now), school: school.name)
        else { return Registry.RolloutDetails(rollout: rollout) }
        try InstitutionRows.saveRollout(next, ctx.db)
        try ctx.emit(Registry.RolloutChanged(rollout: next, previous: rollout.state), subject: school.id)
        return Registry.RolloutDetails(rollout: next)
    }

    /// The rollout moved forward to `state`, with `on` as the day of every state it reaches now;
    /// nil when it is in that state already. A step back is refused.
    static func advanced(
        _ rollout: Registry.Rollout, to state: Registry.RolloutState, on day: String, school: String
    ) throws -> Registry.Rollout? {
        let on = try Check.date(day, field: "on")
        guard state != rollout.state else { return nil }
        guard state > rollout.state else {
            throw DomainError(
                "step-back",
                "the learning platform at \(school) is \(rollout.state.rawValue) already; it cannot go back to "
                    + "\(state.rawValue)", field: "state")
        }
        var next = rollout
        next.state = state
        if state >= .requested, next.requestedOn == nil { next.requestedOn = on }
        if state >= .provisioned, next.provisionedOn == nil { next.provisionedOn = on }
        if state >= .inUse, next.inUseOn == nil { next.inUseOn = on }
        return next
    }
}
