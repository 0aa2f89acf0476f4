import Contracts
import Foundation
import ServiceKit

/// Which event tells whom what: each rule turns an event into notices for its recipients, who are
/// named in the event itself (a ticket's requester, a team's teachers, a registered parent).
struct Rules: Sendable {
    /// Confirmations of new tickets an address gets per hour at most.
    static let confirmationsPerHour = 5
    let queue: @Sendable ([Notice], MessageContext) throws -> Void
    let reminders: Reminders

    func register(_ h: inout HandlerRegistry) {
        // The support desk: the requester hears of their ticket; level 2 of an escalation.
        h.event(SupportDesk.TicketOpened.self) { e, ctx in
            // Loop protection: an address that opens ticket after ticket (an auto-responder the desk
            // did not recognise) gets a few confirmations an hour, not one per mail.
            let recent = try DeliveryRows.count(
                kind: "ticket-opened", to: e.data.ticket.requester.email, since: ctx.now.addingTimeInterval(-3600),
                ctx.db)
            guard recent < Self.confirmationsPerHour else { return }
            try queue([ticket("ticket-opened", e.data)], ctx)
        }
        h.event(SupportDesk.TicketReplied.self) { e, ctx in
            // The requester's own reply is not sent back to them.
            guard e.data.by != "requester" else { return }
            try queue([ticket("ticket-replied", e.data)], ctx)
        }
        h.event(SupportDesk.TicketPending.self) { e, ctx in try queue([ticket("ticket-pending", e.data)], ctx) }
        h.event(SupportDesk.TicketResolved.self) { e, ctx in try queue([ticket("ticket-resolved", e.data)], ctx) }
        h.event(SupportDesk.TicketEscalated.self) { e, ctx in
            guard let group = e.data.ticket.itGroupEmail else { return }
            var n = ticket("ticket-escalated", e.data)
            n.recipient = group
            n.recipientName = nil
            n.thread = nil
            n.page = nil
            n.values["group"] = .text(group)
            n.values["priority"] = .text(Format.priority(e.data.ticket.priority))
            try queue([n], ctx)
        }
        // A mail about a ticket came back: its delivery failed, whatever the SMTP server said first.
        h.event(SupportDesk.MailBounced.self) { e, ctx in
            try DeliveryRows.bounced(
                messageID: e.data.messageID, status: e.data.status ?? "returned by the recipient's mail server", ctx.db)
        }
        // A mail the desk did not take: its sender gets the coordinator's answer.
        h.event(SupportDesk.QuarantineRejected.self) { e, ctx in
            try queue(
                [
                    Notice(
                        kind: "mail-rejected", recipient: e.data.to, recipientName: nil,
                        values: ["subject": .text(e.data.subject), "answer": .text(e.data.answer)])
                ], ctx)
        }
        // SLA: the assignee and the network's coordinators hear of a warning and of a breach.
        h.event(SupportDesk.SLAWarning.self) { e, ctx in
            try queue(sla("sla-warning", e.data.ticket, e.data.clock, e.data.notify ?? []), ctx)
        }
        h.event(SupportDesk.SLABreached.self) { e, ctx in
            try queue(sla("sla-breached", e.data.ticket, e.data.clock, e.data.notify ?? []), ctx)
        }
        // Medienscouts: the team's teachers hear of their application.
        h.event(Training.ApplicationReceived.self) { e, ctx in try queue(teachers("application-received", e.data), ctx)
        }
        h.event(Training.ApplicationWaitlisted.self) { e, ctx in
            try queue(teachers("application-waitlisted", e.data), ctx)
        }
        h.event(Training.ApplicationOffered.self) { e, ctx in try queue(teachers("application-offered", e.data), ctx) }
        h.event(Training.ApplicationConfirmed.self) { e, ctx in
            try queue(teachers("application-confirmed", e.data), ctx)
            try reminders.schedule(e.data.application, e.data.round, ctx)
        }
        h.event(Training.ApplicationWithdrawn.self) { e, ctx in try reminders.drop(e.data.application, ctx) }
        h.event(Training.WorkshopRescheduled.self) { e, ctx in
            let d = e.data
            try queue(
                d.applications.flatMap { a in
                    teachers("workshop-rescheduled", a, d.round).map {
                        var n = $0
                        n.values["number"] = .text("\(d.workshop.number)")
                        n.values["before"] = .text(Format.workshop(d.previous))
                        n.values["after"] = .text(Format.workshop(d.workshop))
                        return n
                    }
                }, ctx)
            try reminders.moved(d.round, d.workshop, holders: d.applications.filter { $0.status == .confirmed }, ctx)
        }
        h.event(Training.WorkshopCancelled.self) { e, ctx in
            let d = e.data
            try queue(
                d.applications.flatMap { a in
                    teachers("workshop-cancelled", a, d.round).map {
                        var n = $0
                        n.values["number"] = .text("\(d.workshop.number)")
                        n.values["before"] = .text(Format.workshop(d.workshop))
                        n.values["reason"] = .text(d.reason)
                        return n
                    }
                }, ctx)
            try reminders.cancelled(d.round, d.workshop, ctx)
        }
        h.event(Training.CertificateIssued.self) { e, ctx in
            let c = e.data.certificate
            try queue(
                e.data.teachers.map { t in
                    Notice(
                        kind: "certificate-issued", recipient: t.email, recipientName: t.name,
                        values: [
                            "teacher": .text(t.name), "school": .text(c.schoolName), "round": .text(c.roundTitle),
                            "participant": .text(c.name), "certificate": .text(c.number),
                        ])
                }, ctx)
        }
        // The registry: a contact hears that they hold a role.
        h.event(Registry.ContactAssigned.self) { e, ctx in
            let c = e.data.contact
            try queue(
                [
                    Notice(
                        kind: "contact-welcome", recipient: c.email, recipientName: c.name,
                        values: [
                            "name": .text(c.name), "role": .text(Format.role(c.role)),
                            "where": .text(c.institutionName ?? c.institutionID ?? c.networkID),
                            "network": .text(c.networkID),
                        ])
                ], ctx)
        }
        // Parent evenings: the parent hears of their registration, everyone of a cancellation.
        h.event(Training.RegistrationConfirmed.self) { e, ctx in
            try queue([parent("registration-confirmed", e.data.registration, e.data.evening)], ctx)
            try reminders.schedule(e.data.registration, e.data.evening, ctx)
        }
        h.event(Training.RegistrationCancelled.self) { e, ctx in try reminders.drop(e.data.registration, ctx) }
        h.event(Training.EveningScheduled.self) { e, ctx in
            try reminders.moved(e.data.evening, holders: e.data.registrations, ctx)
        }
        h.event(Training.RegistrationWaitlisted.self) { e, ctx in
            try queue([parent("registration-waitlisted", e.data.registration, e.data.evening)], ctx)
        }
        h.event(Training.RegistrationOffered.self) { e, ctx in
            try queue([parent("registration-offered", e.data.registration, e.data.evening)], ctx)
        }
        // The portal: a parent asked for a place; the mail's link registers them (double opt-in).
        h.event(Portal.RegistrationRequested.self) { e, ctx in
            let r = e.data
            var n = Notice(
                kind: "registration-requested", recipient: r.email, recipientName: r.name,
                values: [
                    "name": .text(r.name), "topic": .text(r.topic), "date": .text(r.date.map(Format.day) ?? ""),
                    "time": .text(r.starts ?? ""), "people": .text("\(r.people)"),
                ])
            n.page = PortalPage(
                purpose: .confirmRegistration, subject: "evening:\(r.eveningID)",
                claims: ["name": r.name, "people": "\(r.people)"])
            n.preferredLanguage = r.language
            try queue([n], ctx)
        }
        // The portal: a school contact's sign-in link.
        h.event(Portal.SignInRequested.self) { e, ctx in
            var n = Notice(
                kind: "sign-in", recipient: e.data.email, recipientName: e.data.name,
                values: ["name": .text(e.data.name ?? "")])
            n.page = PortalPage(purpose: .signIn, subject: "link")
            n.preferredLanguage = e.data.language
            try queue([n], ctx)
        }
        h.event(Training.EveningCancelled.self) { e, ctx in
            try queue(
                e.data.registrations.map {
                    var n = parent("evening-cancelled", $0, e.data.evening)
                    n.values["reason"] = .text(e.data.reason ?? "")
                    return n
                }, ctx)
            try reminders.cancelled(e.data.evening, ctx)
        }
    }

    private func ticket<E: SupportDesk.TicketEvent>(_ kind: String, _ e: E) -> Notice {
        let t = e.ticket
        var n = Notice(
            kind: kind, recipient: t.requester.email, recipientName: t.requester.name,
            values: [
                "name": .text(t.requester.name), "ticketID": .text("\(t.id)"), "title": .text(t.title),
                "school": .text(t.schoolName), "text": .text(e.text ?? ""),
            ], thread: e.mail)
        // The requester's page of the ticket on the portal.
        n.page = PortalPage(purpose: .ticket, subject: "ticket:\(t.id)")
        return n
    }

    private func sla(
        _ kind: String, _ t: SupportDesk.Ticket, _ clock: SupportDesk.ClockKind, _ people: [SupportDesk.Notified]
    ) -> [Notice] {
        let c = clock == .firstResponse ? t.firstResponse : t.resolution
        return people.map { p in
            Notice(
                kind: kind, recipient: p.email, recipientName: p.name,
                values: [
                    "name": .text(p.name), "ticketID": .text("\(t.id)"), "title": .text(t.title),
                    "school": .text(t.schoolName), "priority": .text(Format.priority(t.priority)),
                    "firstResponse": .flag(clock == .firstResponse), "due": .text(c.dueAt.map(Format.instant) ?? "–"),
                    "assignee": .text(t.assignee ?? "–"),
                ])
        }
    }

    private func teachers<E: Training.ApplicationEvent>(_ kind: String, _ e: E) -> [Notice] {
        teachers(kind, e.application, e.round)
    }

    private func teachers(_ kind: String, _ a: Training.Application, _ round: Training.Round) -> [Notice] {
        let workshops: [[String: TemplateValue]] = round.workshops.filter { !$0.cancelled }.map {
            [
                "number": .text("\($0.number)"), "date": .text(Format.day($0.date)),
                "time": .text("\($0.starts)–\($0.ends)"), "where": .text(Format.place($0.mode, $0.place, $0.link)),
            ]
        }
        return a.teachers.map { t in
            Notice(
                kind: kind, recipient: t.email, recipientName: t.name,
                values: [
                    "teacher": .text(t.name), "school": .text(a.schoolName), "round": .text(round.title),
                    "applicationID": .text("\(a.id)"), "position": .text(a.waitlistPosition.map(String.init) ?? ""),
                    "deadline": .text(a.offerExpiresAt.map(Format.instant) ?? ""), "workshops": .list(workshops),
                ])
        }
    }

    private func parent(_ kind: String, _ r: Training.Registration, _ e: Training.Evening) -> Notice {
        var n = Notice(
            kind: kind, recipient: r.email, recipientName: r.name,
            values: [
                "name": .text(r.name), "topic": .text(e.topic?.title ?? "Elternabend"),
                "date": .text(e.date.map(Format.day) ?? ""), "time": .text("\(e.starts ?? "")–\(e.ends ?? "")"),
                "where": .text(Format.place(e.mode, e.place, e.link)),
                "position": .text(r.waitlistPosition.map(String.init) ?? ""),
                "deadline": .text(r.offerExpiresAt.map(Format.instant) ?? ""), "reason": .text(""),
                "registrationID": .text("\(r.id)"),
            ])
        n.page = PortalPage(purpose: .registration, subject: "registration:\(r.id)")
        return n
    }
}

/// Days and times as German readers expect them, in Europe/Berlin.
enum Format {
    /// `17.03.2027, 08:30–15:30, Medienzentrum Lippe`.
    static func workshop(_ w: Training.Workshop) -> String {
        "\(day(w.date)), \(w.starts)–\(w.ends), \(place(w.mode, w.place, w.link))"
    }

    /// Where a workshop or an evening is: its place in person, `online: <link>` online, so that the
    /// link is in every invitation and reminder.
    static func place(_ mode: Training.Mode?, _ place: String?, _ link: String?) -> String {
        switch mode {
        case .online: link.map { "online: \($0)" } ?? "online"
        default: place ?? link ?? ""
        }
    }

    static func priority(_ p: SupportDesk.Priority) -> String {
        switch p {
        case .low: "niedrig"
        case .normal: "normal"
        case .high: "hoch"
        case .critical: "kritisch"
        }
    }

    static func role(_ r: Registry.ContactRole) -> String {
        switch r {
        case .coordinator: "Koordination im Bildungsbüro"
        case .medienbeauftragte: "Medienbeauftragte"
        case .schultraegerIT: "IT des Schulträgers"
        case .schulaufsicht: "Schulaufsicht"
        case .beratungslehrkraft: "Beratungslehrkraft"
        case .speaker: "Referent*in für Elternabende"
        }
    }

    /// `2027-03-04` → `04.03.2027`.
    static func day(_ iso: String) -> String {
        let p = iso.split(separator: "-")
        return p.count == 3 ? "\(p[2]).\(p[1]).\(p[0])" : iso
    }

    /// An RFC 3339 instant → `02.12.2026, 14:00 Uhr`.
    static func instant(_ rfc3339: String) -> String {
        guard let date = RFC3339.date(from: rfc3339) else { return rfc3339 }
        let civil = CivilDay(date, in: CivilDay.berlin)
        let minutes = Int(date.timeIntervalSince(civil.instant(minutes: 0, in: CivilDay.berlin)) / 60)
        return "\(day(civil.description)), " + String(format: "%02d:%02d Uhr", minutes / 60, minutes % 60)
    }
}
