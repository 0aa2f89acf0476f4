import Contracts
import GRDB
import ServiceKit

/// Institutions: register, update, retire, list, look up a school.
enum InstitutionHandlers {
    static func register(_ h: inout HandlerRegistry) {
        h.command(Registry.RegisterInstitution.self) { c, ctx in try registerInstitution(c.data, ctx) }
        h.command(Registry.UpdateInstitution.self) { c, ctx in try update(c.data, ctx) }
        h.command(Registry.RetireInstitution.self) { c, ctx in try retire(c.data, ctx) }
        h.query(Registry.ListInstitutions.self) { q, ctx in try list(q.data, ctx.db) }
        h.query(Registry.LookUpSchool.self) { q, ctx in
            let number = try Schulnummer(q.data.schulnummer)
            guard let school = try InstitutionRows.find(number.value, ctx.db), school.kind == .school else {
                throw Refusal.unknownSchool(number.value)
            }
            return try details(school, ctx.db)
        }
    }

    /// The institution, or a refusal naming it.
    static func existing(_ id: String, _ db: Database, field: String = "id") throws -> Registry.Institution {
        guard let i = try InstitutionRows.find(id, db) else { throw Refusal.unknownInstitution(id, field: field) }
        return i
    }

    /// An active institution, or a refusal.
    static func active(_ id: String, _ db: Database, field: String = "id") throws -> Registry.Institution {
        let i = try existing(id, db, field: field)
        guard i.active else { throw Refusal.retired(i.id, name: i.name, field: field) }
        return i
    }

    static func registerInstitution(
        _ c: Registry.RegisterInstitution, _ ctx: MessageContext
    ) throws -> Registry.InstitutionDetails {
        _ = try NetworkHandlers.existing(c.networkID, ctx.db)
        let id: String
        if c.kind == .school {
            guard let given = c.id else {
                throw Refusal.invalid("a school is registered under its Schulnummer", field: "id")
            }
            id = try Schulnummer(given, field: "id").value
        } else if let given = c.id {
            id = try Check.slug(given, field: "id")
        } else {
            id = try freeSlug(from: c.name, ctx.db)
        }
        var candidate = Registry.Institution(
            id: id, kind: c.kind, name: c.name, networkID: c.networkID,
            joinedOn: try c.joinedOn.map { try Check.date($0, field: "joinedOn") } ?? Check.today(ctx.now),
            address: c.address, school: c.school, itGroup: c.itGroup, email: c.email, traegernummer: c.traegernummer)
        candidate = try validated(candidate, ctx.db)

        if let current = try InstitutionRows.find(id, ctx.db) {
            if current.active {
                var same = candidate
                same.joinedOn = current.joinedOn
                guard same == current else {
                    let what = current.kind == .school ? "school \(id)" : "institution '\(id)'"
                    throw Refusal.conflict(
                        current.kind == .school ? "duplicate-school" : "duplicate-institution",
                        "the \(what) is registered already (\(current.name)) with other data; change it with an update",
                        field: "id")
                }
                return try details(current, ctx.db)  // the same registration again: nothing changes
            }
            guard current.kind == candidate.kind else {
                throw Refusal.conflict(
                    "kind-mismatch", "'\(id)' was a \(current.kind.rawValue); it cannot return as a \(c.kind.rawValue)",
                    field: "kind")
            }
        }
        try InstitutionRows.save(candidate, ctx.db)
        let saved = try existing(id, ctx.db)
        try ctx.emit(Registry.InstitutionRegistered(institution: saved), subject: id)
        return try details(saved, ctx.db)
    }

    static func update(_ u: Registry.UpdateInstitution, _ ctx: MessageContext) throws -> Registry.InstitutionDetails {
        let current = try active(u.id, ctx.db)
        var next = current
        if let name = u.name { next.name = name }
        if let network = u.networkID {
            _ = try NetworkHandlers.existing(network, ctx.db)
            next.networkID = network
        }
        if let address = u.address { next.address = address }
        if let school = u.school { next.school = school }
        if let group = u.itGroup { next.itGroup = group }
        if let email = u.email { next.email = email }
        if let number = u.traegernummer { next.traegernummer = number }
        next = try validated(next, ctx.db)
        guard next != current else { return try details(current, ctx.db) }
        try InstitutionRows.save(next, ctx.db)
        let saved = try existing(next.id, ctx.db)
        try ctx.emit(Registry.InstitutionUpdated(institution: saved), subject: saved.id)
        // A Schulträger's name and IT group travel with each of its schools.
        if saved.kind == .schultraeger, saved.name != current.name || saved.itGroup != current.itGroup {
            for school in try InstitutionRows.schools(of: saved.id, ctx.db) where school.active {
                try ctx.emit(Registry.InstitutionUpdated(institution: school), subject: school.id)
            }
        }
        return try details(saved, ctx.db)
    }

    static func retire(_ r: Registry.RetireInstitution, _ ctx: MessageContext) throws -> Registry.InstitutionDetails {
        let current = try existing(r.id, ctx.db)
        guard current.active else { return try details(current, ctx.db) }  // retired already
        if current.kind == .schultraeger {
            let schools = try InstitutionRows.schools(of: current.id, ctx.db).filter(\.active)
            guard schools.isEmpty else {
                throw Refusal.conflict(
                    "schultraeger-in-use",
                    "\(current.name) is the Schulträger of \(schools.count) active school(s), e.g. "
                        + "\(schools[0].name) (\(schools[0].id)); give them another Schulträger or retire them first",
                    field: "id")
            }
        }
        let leftOn = try r.leftOn.map { try Check.date($0, field: "leftOn") } ?? Check.today(ctx.now)
        guard leftOn >= current.joinedOn else {
            throw Refusal.invalid(
                "\(current.name) joined on \(current.joinedOn), it cannot leave before", field: "leftOn")
        }
        var retired = current
        retired.active = false
        retired.leftOn = leftOn
        let reason = r.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        try InstitutionRows.save(retired, retireReason: reason, ctx.db)
        let saved = try existing(current.id, ctx.db)
        try ctx.emit(Registry.InstitutionRetired(institution: saved, reason: reason), subject: saved.id)
        return try details(saved, ctx.db)
    }

    static func list(_ q: Registry.ListInstitutions, _ db: Database) throws -> Registry.InstitutionList {
        let schulform = try q.schulform.map { try Check.schulform($0, field: "schulform").code }
        let filter = InstitutionRows.Filter(
            networkID: q.networkID, kind: q.kind, schulform: schulform, schultraegerID: q.schultraegerID,
            text: q.text.flatMap { $0.isEmpty ? nil : $0 }, includeRetired: q.includeRetired ?? false)
        return Registry.InstitutionList(institutions: try InstitutionRows.list(filter, db))
    }

    /// Checks an institution's data against its kind; returns it normalised.
    static func validated(_ institution: Registry.Institution, _ db: Database) throws -> Registry.Institution {
        var i = institution
        i.name = try Check.name(i.name, field: "name")
        if let email = i.email { i.email = try Check.email(email, field: "email") }
        if let number = i.traegernummer {
            guard i.kind == .schultraeger else {
                throw Refusal.invalid("only a Schulträger has a Trägernummer", field: "traegernummer")
            }
            i.traegernummer = try Check.traegernummer(number, field: "traegernummer")
            if let other = try InstitutionRows.withTraegernummer(number, db), other != i.id {
                throw Refusal.conflict(
                    "traegernummer-in-use", "the Trägernummer \(number) is \(other)'s", field: "traegernummer")
            }
        }
        if var a = i.address {
            a.street = try Check.name(a.street, field: "address.street")
            a.postcode = try Check.postcode(a.postcode, field: "address.postcode")
            a.city = try Check.name(a.city, field: "address.city")
            i.address = a
        }
        switch i.kind {
        case .school:
            guard var s = i.school else {
                throw Refusal.invalid(
                    "a school needs its Schulform, Schulträger and legal form ('school')", field: "school")
            }
            s.schulform = try Check.schulform(s.schulform, field: "school.schulform").code
            let t = try active(s.schultraegerID, db, field: "school.schultraegerID")
            guard t.kind == .schultraeger else {
                throw Refusal.invalid("\(t.name) (\(t.id)) is not a Schulträger", field: "school.schultraegerID")
            }
            i.school = s
            i.schultraegerName = t.name
            i.itGroup = t.itGroup
        case .schultraeger:
            guard var g = i.itGroup else {
                throw Refusal.invalid(
                    "a Schulträger needs its 2nd-level IT support group ('itGroup': name and e-mail)", field: "itGroup")
            }
            g.name = try Check.name(g.name, field: "itGroup.name")
            g.email = try Check.email(g.email, field: "itGroup.email")
            i.itGroup = g
            guard i.school == nil else { throw Refusal.invalid("only a school has school data", field: "school") }
        default:
            guard i.school == nil else { throw Refusal.invalid("only a school has school data", field: "school") }
            guard i.itGroup == nil else {
                throw Refusal.invalid("only a Schulträger has an IT support group", field: "itGroup")
            }
        }
        return i
    }

    /// A slug from the name that no institution uses yet (`kita-sonnenschein`, `kita-sonnenschein-2`, …).
    static func freeSlug(from name: String, _ db: Database) throws -> String {
        let base = Check.slug(from: name)
        guard !base.isEmpty else {
            throw Refusal.invalid("the name has no letters or digits to make an id from; give an id", field: "name")
        }
        var candidate = base
        var n = 2
        while try InstitutionRows.find(candidate, db) != nil {
            candidate = "\(base)-\(n)"
            n += 1
        }
        return candidate
    }

    static func details(_ i: Registry.Institution, _ db: Database) throws -> Registry.InstitutionDetails {
        Registry.InstitutionDetails(
            institution: i, contacts: try ContactRows.list(.init(institutionID: i.id), db),
            rollout: i.kind == .school ? try RolloutHandlers.current(i, db) : nil)
    }
}
