import Contracts
import GRDB
import ServiceKit

/// Contacts: assign and remove roles, list, erase a person.
enum ContactHandlers {
    static func register(_ h: inout HandlerRegistry) {
        h.command(Registry.AssignContact.self) { c, ctx in try assign(c.data, ctx) }
        h.command(Registry.RemoveContact.self) { c, ctx in try remove(c.data, ctx) }
        h.command(Registry.ErasePerson.self) { c, ctx in try erase(c.data, ctx) }
        // Each holding service confirms an erasure under the request id.
        confirmations(SupportDesk.PersonErased.self, &h)
        confirmations(Training.PersonErased.self, &h)
        confirmations(Notifications.PersonErased.self, &h)
        h.query(Registry.GetErasureStatus.self) { q, ctx in
            guard let status = try ErasureRows.status(q.data.requestID, ctx.db) else {
                throw DomainError.notFound("no erasure request \(q.data.requestID)", field: "requestID")
            }
            return status
        }
        h.query(Registry.FindContactSchools.self) { q, ctx in
            let email = (try? MailAddress.normalized(q.data.email)) ?? ""
            return Registry.ContactSchools(
                name: try ContactRows.person(email: email, ctx.db)?.name,
                schools: try ContactRows.schools(of: email, ctx.db))
        }
        h.query(Registry.ListContacts.self) { q, ctx in
            Registry.ContactList(
                contacts: try ContactRows.list(
                    .init(role: q.data.role, networkID: q.data.networkID, institutionID: q.data.institutionID), ctx.db))
        }
    }

    private static func confirmations<E: PersonErasedConfirmation>(_: E.Type, _ h: inout HandlerRegistry) {
        h.event(E.self) { e, ctx in
            try ErasureRows.confirmed(
                e.data.requestID, by: e.data.service, entries: e.data.entries, at: ctx.now, ctx.db)
            // Once every service has erased, the announcement itself (which named the address) goes
            // from the outbox too: published long since, or no service could have confirmed.
            if try ErasureRows.isComplete(e.data.requestID, ctx.db) {
                try ctx.db.execute(
                    sql: """
                        DELETE FROM rbn_outbox WHERE type = ? AND published_at IS NOT NULL
                            AND instr(CAST(body AS TEXT), ?) > 0
                        """, arguments: [Registry.PersonErased.messageType.rawValue, e.data.requestID])
                ctx.truncateLogAfterCommit()
            }
        }
    }

    /// Where a role is held: the network, and the institution when the role is held at one.
    static func scope(
        _ role: Registry.ContactRole, networkID: String?, institutionID: String?, _ db: Database
    ) throws -> (networkID: String, institution: Registry.Institution?) {
        guard let kind = role.heldAt else {
            guard institutionID == nil else {
                throw Refusal.invalid(
                    "the role \(role.rawValue) is held in a network, not at an institution; give networkID only",
                    field: "institutionID")
            }
            guard let networkID else {
                throw Refusal.invalid(
                    "the role \(role.rawValue) is held in a network: give networkID", field: "networkID")
            }
            return (try NetworkHandlers.existing(networkID, db).id, nil)
        }
        guard let institutionID else {
            throw Refusal.invalid(
                "the role \(role.rawValue) is held at a \(kind.rawValue): give institutionID", field: "institutionID")
        }
        let i = try InstitutionHandlers.active(institutionID, db, field: "institutionID")
        guard i.kind == kind else {
            throw Refusal.invalid(
                "the role \(role.rawValue) is held at a \(kind.rawValue), and \(i.name) is a \(i.kind.rawValue)",
                field: "institutionID")
        }
        if let networkID, networkID != i.networkID {
            throw Refusal.invalid(
                "\(i.name) belongs to the network '\(i.networkID)', not '\(networkID)'", field: "networkID")
        }
        return (i.networkID, i)
    }

    static func assign(_ c: Registry.AssignContact, _ ctx: MessageContext) throws -> Registry.ContactDetails {
        let (networkID, institution) = try scope(c.role, networkID: c.networkID, institutionID: c.institutionID, ctx.db)
        if c.body != nil, institution != nil {
            throw Refusal.invalid(
                "the role \(c.role.rawValue) is held at an institution, not in a network body", field: "body")
        }
        let body = institution == nil ? (c.body ?? (c.role == .coordinator ? .bildungsbuero : nil)) : nil
        var person = c.person
        person.name = try Check.name(person.name, field: "person.name")
        person.email = try Check.email(person.email, field: "person.email")
        person.phone = try person.phone.flatMap { $0.isEmpty ? nil : try Check.name($0, field: "person.phone") }
        let known = try ContactRows.person(email: person.email, ctx.db)
        let personID = known?.id ?? MessageID.make(at: ctx.now)
        let changed = known == nil || known?.name != person.name || known?.phone != person.phone
        if changed { try ContactRows.savePerson(id: personID, person, ctx.db) }
        let added = try ContactRows.addRole(
            personID: personID, c.role, networkID: networkID, institutionID: institution?.id, body: body,
            at: RFC3339.string(from: ctx.now), ctx.db)
        let contact = Registry.Contact(
            personID: personID, name: person.name, email: person.email, phone: person.phone, role: c.role,
            networkID: networkID, institutionID: institution?.id, institutionName: institution?.name, body: body)
        if added || changed {
            try ctx.emit(Registry.ContactAssigned(contact: contact), subject: personID)
        }
        return Registry.ContactDetails(contact: contact)
    }

    static func remove(_ r: Registry.RemoveContact, _ ctx: MessageContext) throws -> Registry.ContactDetails {
        let (networkID, institution) = try scope(r.role, networkID: r.networkID, institutionID: r.institutionID, ctx.db)
        let email = try Check.email(r.email, field: "email")
        guard let person = try ContactRows.person(email: email, ctx.db) else {
            throw DomainError("unknown-person", "nobody with the e-mail \(email) is registered", field: "email")
        }
        let contact = Registry.Contact(
            personID: person.id, name: person.name, email: email, phone: person.phone, role: r.role,
            networkID: networkID, institutionID: institution?.id, institutionName: institution?.name)
        guard
            try ContactRows.removeRole(
                personID: person.id, r.role, networkID: networkID, institutionID: institution?.id, ctx.db)
        else {
            throw DomainError(
                "not-assigned", "\(person.name) does not hold the role \(r.role.rawValue) there", field: "role")
        }
        try ctx.emit(Registry.ContactRemoved(contact: contact), subject: person.id)
        return Registry.ContactDetails(contact: contact)
    }

    /// Erases a person here and announces it, so every service erases what it holds: requesters,
    /// parents and teachers who were never registered here too. The person's id (or, for someone
    /// never registered, a new id) names the request that the services confirm.
    static func erase(_ e: Registry.ErasePerson, _ ctx: MessageContext) throws -> Registry.PersonErasure {
        let email = try Check.email(e.email, field: "email")
        let person = try ContactRows.person(email: email, ctx.db)
        let requestID = person?.id ?? "erasure-\(ctx.message.id.prefix(13).lowercased())"
        let roles = try person.map { try ContactRows.erase(personID: $0.id, ctx.db) } ?? 0
        try ctx.erasedPerson(Erasure.needles(email: email, names: [person?.name]))
        try ErasureRows.requested(
            requestID, addressHash: try ServiceKey.load(ctx.db).hash(email), at: ctx.now, ctx.db)
        try ctx.emit(Registry.PersonErased(personID: requestID, email: email), subject: requestID)
        return Registry.PersonErasure(personID: requestID, rolesRemoved: roles, requestID: requestID)
    }
}
