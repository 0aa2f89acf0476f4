import Contracts
import GRDB
import ServiceKit

/// Networks: create, update, get, list.
enum NetworkHandlers {
    static func register(_ h: inout HandlerRegistry) {
        h.command(Registry.CreateNetwork.self) { c, ctx in try create(c.data, ctx) }
        h.command(Registry.UpdateNetwork.self) { c, ctx in try update(c.data, ctx) }
        h.query(Registry.GetNetwork.self) { q, ctx in try details(existing(q.data.id, ctx.db, field: "id"), ctx.db) }
        h.query(Registry.ListNetworks.self) { _, ctx in Registry.NetworkList(networks: try NetworkRows.all(ctx.db)) }
        h.command(Registry.AnnounceDirectory.self) { _, ctx in try announce(ctx) }
    }

    /// The network, or a refusal naming it.
    static func existing(_ id: String, _ db: Database, field: String = "networkID") throws -> Registry.Network {
        guard let n = try NetworkRows.find(id, db) else { throw Refusal.unknownNetwork(id, field: field) }
        return n
    }

    static func create(_ c: Registry.CreateNetwork, _ ctx: MessageContext) throws -> Registry.NetworkDetails {
        let n = try validated(c.network)
        if let current = try NetworkRows.find(n.id, ctx.db) {
            guard current == n else {
                throw Refusal.conflict(
                    "duplicate-network", "the network '\(n.id)' exists with other data; change it with an update",
                    field: "network.id")
            }
            return try details(current, ctx.db)
        }
        try NetworkRows.insert(n, at: RFC3339.string(from: ctx.now), ctx.db)
        try ctx.emit(Registry.NetworkCreated(network: n), subject: n.id)
        return try details(n, ctx.db)
    }

    static func update(_ u: Registry.UpdateNetwork, _ ctx: MessageContext) throws -> Registry.NetworkDetails {
        let current = try existing(u.id, ctx.db, field: "id")
        var n = current
        if let name = u.name { n.name = name }
        if let region = u.region { n.region = region }
        if let contract = u.contract { n.contract = contract }
        if let bodies = u.bodies {
            var merged = n.bodies ?? []
            for b in bodies {
                merged.removeAll { $0.kind == b.kind }
                merged.append(b)
            }
            n.bodies = merged
        }
        n = try validated(n, prefix: "")
        if n != current {
            try NetworkRows.update(n, ctx.db)
            try ctx.emit(Registry.NetworkUpdated(network: n), subject: n.id)
        }
        return try details(n, ctx.db)
    }

    /// Re-announces the directory: every network, institution (retired ones too) and contact.
    static func announce(_ ctx: MessageContext) throws -> Registry.DirectoryAnnounced {
        let networks = try NetworkRows.all(ctx.db)
        for n in networks { try ctx.emit(Registry.NetworkAnnounced(network: n), subject: n.id) }
        let institutions = try InstitutionRows.list(.init(includeRetired: true), ctx.db)
        for i in institutions { try ctx.emit(Registry.InstitutionAnnounced(institution: i), subject: i.id) }
        let contacts = try ContactRows.list(.init(), ctx.db)
        for c in contacts { try ctx.emit(Registry.ContactAnnounced(contact: c), subject: c.personID) }
        return Registry.DirectoryAnnounced(
            networks: networks.count, institutions: institutions.count, contacts: contacts.count)
    }

    static func validated(_ network: Registry.Network, prefix: String = "network.") throws -> Registry.Network {
        var n = network
        n.id = try Check.slug(n.id, field: prefix + "id")
        n.name = try Check.name(n.name, field: prefix + "name")
        n.region = try Check.name(n.region, field: prefix + "region")
        if var c = n.contract {
            c.parties = try c.parties.map { try Check.name($0, field: prefix + "contract.parties") }
            guard !c.parties.isEmpty else {
                throw Refusal.invalid("a cooperation contract names its parties", field: prefix + "contract.parties")
            }
            c.signedOn = try Check.date(c.signedOn, field: prefix + "contract.signedOn")
            c.actionFields = try c.actionFields.map { try Check.name($0, field: prefix + "contract.actionFields") }
            n.contract = c
        }
        if let bodies = n.bodies {
            var seen = Set<Registry.BodyKind>()
            n.bodies = try bodies.map { b in
                guard seen.insert(b.kind).inserted else {
                    throw Refusal.invalid("the \(b.kind.rawValue) is described twice", field: prefix + "bodies")
                }
                var body = b
                body.name = try Check.name(b.name, field: prefix + "bodies.name")
                body.email = try b.email.map { try Check.email($0, field: prefix + "bodies.email") }
                body.meets = try b.meets.flatMap {
                    $0.isEmpty ? nil : try Check.name($0, field: prefix + "bodies.meets")
                }
                return body
            }.sorted {
                Registry.BodyKind.allCases.firstIndex(of: $0.kind)! < Registry.BodyKind.allCases.firstIndex(
                    of: $1.kind)!
            }
        }
        return n
    }

    static func details(_ n: Registry.Network, _ db: Database) throws -> Registry.NetworkDetails {
        Registry.NetworkDetails(
            network: n, measures: try NetworkRows.measures(n.id, db),
            agreements: try NetworkRows.latestAgreements(n.id, db),
            contacts: try ContactRows.list(.init(networkID: n.id), db),
            members: try InstitutionRows.memberCounts(n.id, db))
    }
}
