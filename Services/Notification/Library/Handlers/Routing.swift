import Contracts
import Foundation
import GRDB
import ServiceKit

/// Where a notice goes, from its recipient's preferences.
struct Route: Sendable, Equatable {
    var language: String
    var channel: Notifications.Channel
    /// A webhook's address.
    var target: String?
    /// SLA warnings wait for the daily digest.
    var digest: Bool
}

/// Applies the recipient directory to notices: notes each person an event names, honours their
/// language, channel and opt-outs (critical messages go out regardless), and manages the
/// preferences themselves.
struct Routing: Sendable {
    /// The channel e-mail goes over: `email` with an SMTP server, `maildir` without.
    let emailChannel: Notifications.Channel
    /// Whether a webhook channel is configured (it needs a signing secret).
    let webhooks: Bool

    /// The route of a notice, or nil when its recipient opted out of its category.
    func route(_ n: Notice, now: Date, _ db: Database) throws -> Route? {
        try RecipientRows.noteNamed(n.recipient, name: n.recipientName, now: now, db)
        let r =
            try RecipientRows.find(n.recipient, db)
            ?? Notifications.Recipient(email: n.recipient, language: n.preferredLanguage ?? "de")
        if let kind = MessageKinds.kind(n.kind), !kind.critical, r.optOuts.contains(kind.category) { return nil }
        if r.channel == .webhook, webhooks, let url = r.webhookURL {
            return Route(language: r.language, channel: .webhook, target: url, digest: r.digest)
        }
        return Route(language: r.language, channel: emailChannel, target: nil, digest: r.digest)
    }

    func register(_ h: inout HandlerRegistry) {
        h.command(Notifications.SetPreferences.self) { c, ctx in
            let p = c.data
            let email: String
            do throws(MailAddress.Invalid) {
                email = try MailAddress.normalized(p.email)
            } catch {
                throw DomainError.invalid(error.reason, field: "email")
            }
            // A recipient on the portal chooses what they get, not where it goes: no webhook (it
            // would have the service call any address the public names).
            if ctx.senderIsPortal && (p.webhookURL != nil || p.channel != nil) {
                throw DomainError.notPermitted("the channel and webhook are set by an operator", field: "channel")
            }
            var r = try RecipientRows.find(email, ctx.db) ?? Notifications.Recipient(email: email)
            if let l = p.language {
                guard ["de", "en"].contains(l) else {
                    throw DomainError.invalid("language is de or en, not '\(l)'", field: "language")
                }
                r.language = l
            }
            if let url = p.webhookURL { r.webhookURL = url.isEmpty ? nil : try Self.checked(url) }
            if let channel = p.channel { r.channel = channel }
            if r.channel == .webhook {
                guard webhooks else {
                    throw DomainError.invalid(
                        "webhooks are off: the notification service needs a webhook.secret to sign them",
                        field: "channel")
                }
                guard r.webhookURL != nil else {
                    throw DomainError.invalid("the webhook channel needs a webhookURL", field: "webhookURL")
                }
            }
            if let o = p.optOuts { r.optOuts = Array(Set(o)).sorted { $0.rawValue < $1.rawValue } }
            if let d = p.digest { r.digest = d }
            try RecipientRows.save(r, now: ctx.now, ctx.db)
            return Notifications.RecipientDetails(recipient: r)
        }
        h.query(Notifications.GetRecipient.self) { q, ctx in
            guard let r = try RecipientRows.find(q.data.email, ctx.db) else {
                throw DomainError.notFound("no recipient \(q.data.email)", field: "email")
            }
            return Notifications.RecipientDetails(recipient: r)
        }
    }

    /// A webhook address must be http or https with a host.
    static func checked(_ url: String) throws -> String {
        guard let c = URLComponents(string: url), ["http", "https"].contains(c.scheme ?? ""), c.host?.isEmpty == false
        else {
            throw DomainError.invalid("'\(url)' is not an http(s) address", field: "webhookURL")
        }
        return url
    }
}
