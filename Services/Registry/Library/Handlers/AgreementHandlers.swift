import Contracts
import Foundation
import GRDB
import ServiceKit

/// Agreements: versions of the Leitbild and the standards, and who endorsed which.
enum AgreementHandlers {
    static func register(_ h: inout HandlerRegistry) {
        h.command(Registry.PublishAgreement.self) { c, ctx in try publish(c.data, ctx) }
        h.command(Registry.EndorseAgreement.self) { c, ctx in try endorse(c.data, ctx) }
    }

    static func publish(_ p: Registry.PublishAgreement, _ ctx: MessageContext) throws -> Registry.AgreementDetails {
        let network = try NetworkHandlers.existing(p.networkID, ctx.db)
        let documentID = try Check.slug(p.documentID, field: "documentID")
        let title = try Check.name(p.title, field: "title")
        let text = p.text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        let link = try p.link.flatMap { $0.isEmpty ? nil : try checkedLink($0) }
        guard text != nil || link != nil else {
            throw Refusal.invalid("an agreement has a text or a link to it", field: "text")
        }
        let publishedOn = try p.publishedOn.map { try Check.date($0, field: "publishedOn") } ?? Check.today(ctx.now)
        let latest = try NetworkRows.agreement(network.id, documentID, version: nil, ctx.db)
        if let latest {
            guard latest.kind == p.kind else {
                throw Refusal.conflict(
                    "kind-mismatch", "'\(documentID)' is a \(latest.kind.rawValue), not a \(p.kind.rawValue)",
                    field: "kind")
            }
            if latest.title == title, latest.text == text, latest.link == link {
                return Registry.AgreementDetails(agreement: latest)  // the same version again
            }
        }
        let version = Registry.AgreementVersion(
            networkID: network.id, documentID: documentID, kind: p.kind, title: title,
            version: (latest?.version ?? 0) + 1, text: text, link: link, publishedOn: publishedOn, endorsedBy: [])
        try NetworkRows.insertAgreement(version, ctx.db)
        var event = version
        event.endorsedBy = nil
        try ctx.emit(Registry.AgreementPublished(agreement: event), subject: network.id)
        return Registry.AgreementDetails(agreement: version)
    }

    static func endorse(_ e: Registry.EndorseAgreement, _ ctx: MessageContext) throws -> Registry.AgreementDetails {
        let network = try NetworkHandlers.existing(e.networkID, ctx.db)
        guard let agreement = try NetworkRows.agreement(network.id, e.documentID, version: e.version, ctx.db) else {
            let which = e.version.map { "version \($0) of " } ?? ""
            throw DomainError(
                "unknown-agreement", "there is no \(which)'\(e.documentID)' in the network '\(network.id)'",
                field: e.version == nil ? "documentID" : "version")
        }
        let institution = try InstitutionHandlers.active(e.institutionID, ctx.db, field: "institutionID")
        guard institution.networkID == network.id else {
            throw DomainError(
                "not-a-member", "\(institution.name) is a member of '\(institution.networkID)', not of '\(network.id)'",
                field: "institutionID")
        }
        if agreement.endorsedBy?.contains(institution.id) == true {
            return Registry.AgreementDetails(agreement: agreement)
        }
        let endorsedOn = try e.endorsedOn.map { try Check.date($0, field: "endorsedOn") } ?? Check.today(ctx.now)
        try ctx.db.execute(
            sql: """
                INSERT INTO endorsements (network_id, document_id, version, institution_id, endorsed_on)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [network.id, agreement.documentID, agreement.version, institution.id, endorsedOn])
        try ctx.emit(
            Registry.AgreementEndorsed(
                networkID: network.id, documentID: agreement.documentID, version: agreement.version,
                institutionID: institution.id, institutionName: institution.name, endorsedOn: endorsedOn),
            subject: network.id)
        let updated = try NetworkRows.agreement(network.id, agreement.documentID, version: agreement.version, ctx.db)
        return Registry.AgreementDetails(agreement: updated ?? agreement)
    }

    private static func checkedLink(_ text: String) throws -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host?.isEmpty == false
        else {
            throw Refusal.invalid("'\(text)' is not a web address (https://…)", field: "link")
        }
        return text
    }
}
