import Contracts
import Foundation
import LMTP
import ServiceKit

/// The support desk: 1st- and 2nd-level IT support tickets for the registry's schools, with SLA
/// clocks on business hours, escalation to the Schulträger's IT, and a full history.
public enum SupportDeskService {
    /// - Parameters:
    ///   - name: the broker name; tests run instances side by side under names of their own.
    ///   - calendars: the business hours the SLA clocks count, by level.
    ///   - closeAfterDays: resolved tickets close by themselves after this many days.
    ///   - slaCheckEvery: seconds between looks for SLA warnings and breaches.
    ///   - closeCheckEvery: seconds between looks for resolved tickets to close.
    ///   - admins: broker users that are admins before any agent is saved (`RBN_DESK_ADMINS`).
    ///   - intake: the mail intake's domain and limits.
    ///   - lmtp: where the LMTP listener listens; none when nil.
    ///   - maildir: the maildir the intake takes mail from; none when nil.
    ///   - ticketRetention: how long closed tickets are kept, to the end of the calendar year.
    ///   - retentionCheckEvery: seconds between looks for closed tickets past it.
    public static func definition(
        name: String = SupportDesk.service, calendars: DeskCalendars = .nrw,
        policies: [TicketPriority: SLAPolicy] = SLAPolicy.defaults, reopenWindowDays: Double = 14,
        closeAfterDays: Double = 7, slaCheckEvery: Double = 30, closeCheckEvery: Double = 600,
        admins: Set<String> = [], intake: IntakeSettings = IntakeSettings(),
        lmtp: (host: String, port: Int)? = nil, maildir: String? = nil,
        ticketRetention: RetentionPeriod = .init(years: 5), retentionCheckEvery: Double = 3600
    ) -> ServiceDefinition {
        // Every request is checked against the agents who send it (see Agents).
        var handlers = HandlerRegistry(requestSenders: .anyone)
        ReadModelHandlers.register(&handlers)
        let agents = Agents(admins: admins)
        agents.register(&handlers)
        var tickets = TicketHandlers(
            calendars: calendars, policies: policies, reopenWindow: reopenWindowDays * 86400, agents: agents)
        tickets.mail = intake
        tickets.register(&handlers)
        let timers = TicketTimers(tickets: tickets, closeAfterDays: closeAfterDays)
        let mail = MailIntake(tickets: tickets, settings: intake)
        MailHandlers(intake: mail).register(&handlers)
        RequesterHandlers(intake: mail).register(&handlers)
        var definition = ServiceDefinition(
            name: name, storeName: name == SupportDesk.service ? SuiteCatalogue.supportDesk.executable : name,
            summary: SuiteCatalogue.supportDesk.summary, defaultHTTPPort: SuiteCatalogue.supportDesk.httpPort,
            handlers: handlers,
            timers: timers.timers(slaEvery: slaCheckEvery, closeEvery: closeCheckEvery) + [
                mail.retentionTimer(),
                ServiceTimer("staged-uploads", every: 600) { ctx in try UploadRows.expire(now: ctx.now, ctx.db) },
                ServiceTimer("ticket-retention", every: retentionCheckEvery) { ctx in
                    _ = try TicketRetention.expire(ticketRetention, now: ctx.now, ctx.db)
                },
            ],
            migrations: SupportDeskMigrations.register)
        if let lmtp {
            var limits = LMTPLimits()
            limits.maxMessageBytes = intake.maxBytes
            definition.workers.append(mail.lmtpWorker(host: lmtp.host, port: lmtp.port, limits: limits))
        }
        if let maildir { definition.workers.append(mail.maildirWorker(directory: maildir)) }
        return definition
    }
}
