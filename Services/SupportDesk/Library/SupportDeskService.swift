import Contracts
import Foundation
import ServiceKit

/// The support desk: 1st- and 2nd-level IT support tickets for the registry's schools, with SLA
/// clocks on business hours, escalation to the Schulträger's IT, and a full history.
public enum SupportDeskService {
    /// - Parameter name: the broker name; tests run instances side by side under names of their own.
    public static func definition(
        name: String = SupportDesk.service, calendar: BusinessCalendar = BusinessCalendar(),
        policies: [TicketPriority: SLAPolicy] = SLAPolicy.defaults, reopenWindowDays: Double = 14
    ) -> ServiceDefinition {
        var handlers = HandlerRegistry()
        ReadModelHandlers.register(&handlers)
        TicketHandlers(calendar: calendar, policies: policies, reopenWindow: reopenWindowDays * 86400)
            .register(&handlers)
        return ServiceDefinition(
            name: name, storeName: name == SupportDesk.service ? "support-desk" : name,
            summary: "support-desk: IT support tickets for schools, with SLAs and escalation", defaultHTTPPort: 8082,
            handlers: handlers, migrations: SupportDeskMigrations.register)
    }
}
