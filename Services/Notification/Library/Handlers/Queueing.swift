import Contracts
import Foundation
import PortalLinks
import ServiceKit

/// Turns notices into deliveries: routes each by its recipient's preferences, renders it in their
/// language, and queues it once per (event, recipient, channel); SLA warnings for recipients who
/// take a digest wait for it instead.
struct Queueing: Sendable {
    let templates: Templates
    let routing: Routing
    /// Signs the portal links messages carry; nil when no portal is configured.
    var links: PortalLinks? = nil

    func queue(_ notices: [Notice], eventID: String, eventType: String, _ ctx: MessageContext) throws {
        for var n in notices {
            guard let route = try routing.route(n, now: ctx.now, ctx.db) else { continue }
            n.language = route.language
            if let lead = n.lead { n.values["lead"] = .text(ReminderRows.leadText(lead, language: route.language)) }
            addLinks(&n, now: ctx.now)
            if route.digest, n.kind == "sla-warning" {
                try DigestRows.add(n, eventID: eventID, now: ctx.now, ctx.db)
                continue
            }
            guard let m = templates.render(n.kind, language: n.language, n.values) else { continue }
            try DeliveryRows.queue(
                n, subject: m.subject, body: m.text + Self.footer(n), route: route, eventID: eventID,
                eventType: eventType,
                now: ctx.now, ctx.db)
        }
    }

    /// The portal's links for the recipient: the page the message is about, and their preferences.
    private func addLinks(_ n: inout Notice, now: Date) {
        guard let links else { return }
        if let page = n.page {
            var claims = page.claims
            claims["lang"] = n.language
            n.values["pageURL"] = .text(
                links.url(page.purpose, subject: page.subject, email: n.recipient, claims: claims, now: now))
        }
        n.values["preferencesURL"] = .text(
            links.url(.preferences, subject: "recipient", email: n.recipient, claims: ["lang": n.language], now: now))
        // One click ends this kind of message for the recipient; critical ones cannot be ended.
        if let kind = MessageKinds.kind(n.kind), !kind.critical {
            n.unsubscribe = links.url(
                .unsubscribe, subject: "category:\(kind.category.rawValue)", email: n.recipient,
                claims: ["lang": n.language], now: now)
        }
    }

    /// The last lines of every mail with portal links: where the recipient changes what they get.
    static func footer(_ n: Notice) -> String {
        guard case .text(let url) = n.values["preferencesURL"] else { return "" }
        return n.language == "en"
            ? "\n-- \nWhich messages you get, and in which language: \(url)\n"
            : "\n-- \nWelche Nachrichten Sie bekommen, und in welcher Sprache: \(url)\n"
    }

    /// Notices caused by the message being handled.
    func queue(_ notices: [Notice], _ ctx: MessageContext) throws {
        try queue(notices, eventID: ctx.message.id, eventType: ctx.message.type, ctx)
    }
}

/// The daily digest: at `hour` (Europe/Berlin) each recipient with held SLA warnings gets one
/// mail listing them. Its event id names the day, so a day has one digest per recipient however
/// often the timer runs; warnings held after it went out wait for the next day's.
struct Digest: Sendable {
    let clock: @Sendable () -> Date
    var hour = 7

    func fire(_ queueing: Queueing, _ ctx: MessageContext) throws {
        let now = clock()
        let day = CivilDay(now, in: CivilDay.berlin)
        guard now >= day.instant(minutes: hour * 60, in: CivilDay.berlin) else { return }
        let eventID = "digest:\(day)"
        for recipient in try DigestRows.recipients(ctx.db) {
            guard try !DeliveryRows.exists(eventID: eventID, recipient: recipient, ctx.db) else { continue }
            let items = try DigestRows.take(recipient, ctx.db)
            let name = try RecipientRows.find(recipient, ctx.db)?.name
            let notice = Notice(
                kind: "sla-digest", recipient: recipient, recipientName: name,
                values: ["name": .text(name ?? recipient), "count": .text("\(items.count)"), "items": .list(items)])
            try queueing.queue(
                [notice], eventID: eventID, eventType: "\(MessageType.prefix)notification.digest.due.v1", ctx)
        }
    }
}
