import Contracts
import Foundation
import Messaging
import RBNTestSupport
import SupportDeskService

/// What the support desk's tests over the broker share: a desk of their own, schools announced as
/// the registry would, and tickets opened for them.
enum DeskHarness {
    /// Runs `body` against a support desk of its own on the test broker, with `guest` as its admin.
    static func with(_ body: (ServiceHarness) async throws -> Void) async throws {
        try await ServiceHarness.with(
            service: SupportDesk.service, events: "supportdesk.#",
            { SupportDeskService.definition(name: $0, admins: ["guest"]) },
            ready: { h in
                _ = try await h.send(SupportDesk.GetTicket(ticketID: 1), as: SupportDesk.TicketDetails.self, timeout: 1)
            },
            body)
    }

    /// A school as the registry announces it, under a fresh Schulnummer.
    static func school(active: Bool = true) -> Registry.Institution {
        // 100000–189999: every harness hears every test's announcements on the shared broker, so
        // the numbers tests use as unknown (199999) stay out of the draw.
        let number = "1" + String(format: "%05d", Int.random(in: 0...89_999))
        return Registry.Institution(
            id: number, kind: .school, name: "Testschule \(number)", networkID: "kreis-lippe", joinedOn: "2020-08-01",
            active: active, school: .init(schulform: "GY", schultraegerID: "stadt-detmold", isPublic: true),
            schultraegerName: "Stadt Detmold",
            itGroup: .init(name: "Schul-IT Detmold", email: "schul-it@detmold.example"))
    }

    /// Publishes a registry event as the registry would.
    static func announce<E: MessagePayload>(_ event: E, _ h: ServiceHarness) async throws {
        try await h.connection.publishEvent(event)
    }

    static func open(
        _ school: Registry.Institution, _ h: ServiceHarness, priority: SupportDesk.Priority = .normal
    )
        -> SupportDesk.OpenTicket
    {
        SupportDesk.OpenTicket(
            schulnummer: school.id, title: "Beamer in Raum 2.14 zeigt kein Bild",
            description: "Seit Montag bleibt der Beamer schwarz.", category: .hardware, priority: priority,
            requester: .init(name: "Jana Krüger", email: "J.Krueger@schule.example"))
    }

    /// Opens a ticket once the desk has learned the school.
    static func openWhenKnown(
        _ school: Registry.Institution, _ h: ServiceHarness
    ) async throws -> SupportDesk.TicketDetails {
        // The school's event is on its way: wait for it, not for a time (the test's time limit ends a
        // wait for an event that never comes).
        while true {
            switch try await h.send(open(school, h), as: SupportDesk.TicketDetails.self) {
            case .reply(let d): return d
            case .refused(let e) where e.code == "unknown-school" && !Task.isCancelled:
                try await Task.sleep(for: .milliseconds(50))
            case .refused(let e): throw TestSetupError("refused: \(e.code): \(e.message)")
            }
        }
    }
}
