import Contracts
import Foundation
import ServiceKit

/// Turns notices into deliveries: routes each by its recipient's preferences, renders it in their
/// language, and queues it once per (event, recipient, channel); SLA warnings for recipients who
/// take a digest wait for it instead.
struct Queueing: Sendable {
    let templates: Templates
    let routing: Routing

    func queue(_ notices: [Notice], eventID: String, eventType: String, _ ctx: MessageContext) throws {
        for var n in notices {
            guard let route = try routing.route(n, now: ctx.now, ctx.db) else { continue }
            n.language = route.language
            if let lead = n.lead { n.values["lead"] = .text(ReminderRows.leadText(lead, language: route.language)) }
            if route.digest, n.kind == "sla-warning" {
                try DigestRows.add(n, eventID: eventID, now: ctx.now, ctx.db)
                continue
            }
            guard let m = templates.render(n.kind, language: n.language, n.values) else { continue }
            try DeliveryRows.queue(
                n, subject: m.subject, body: m.text, route: route, eventID: eventID, eventType: eventType,
                now: ctx.now, ctx.db)
        }
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
