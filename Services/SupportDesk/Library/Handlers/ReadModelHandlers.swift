import Contracts
import ServiceKit

/// Keeps the read model from the registry's events.
enum ReadModelHandlers {
    static func register(_ h: inout HandlerRegistry) {
        h.event(Registry.InstitutionRegistered.self) { e, ctx in try ReadModel.save(e.data.institution, ctx.db) }
        h.event(Registry.InstitutionUpdated.self) { e, ctx in try ReadModel.save(e.data.institution, ctx.db) }
        h.event(Registry.InstitutionRetired.self) { e, ctx in try ReadModel.save(e.data.institution, ctx.db) }
        h.event(Registry.InstitutionAnnounced.self) { e, ctx in try ReadModel.save(e.data.institution, ctx.db) }
        h.event(Registry.NetworkCreated.self) { e, ctx in try ReadModel.save(e.data.network, ctx.db) }
        h.event(Registry.NetworkAnnounced.self) { e, ctx in try ReadModel.save(e.data.network, ctx.db) }
        h.event(Registry.NetworkUpdated.self) { e, ctx in try ReadModel.save(e.data.network, ctx.db) }
        h.event(Registry.ContactAssigned.self) { e, ctx in try ReadModel.assign(e.data.contact, ctx.db) }
        h.event(Registry.ContactAnnounced.self) { e, ctx in try ReadModel.assign(e.data.contact, ctx.db) }
        h.event(Registry.ContactRemoved.self) { e, ctx in try ReadModel.remove(e.data.contact, ctx.db) }
        h.event(Registry.PersonErased.self) { e, ctx in
            try ReadModel.erase(personID: e.data.personID, email: e.data.email, ctx.db)
        }
    }
}
