import Contracts
import Foundation

/// A value a template can show: text, a yes/no for a section, or a list of items.
public enum TemplateValue: Sendable, Equatable {
    case text(String)
    case flag(Bool)
    case list([[String: TemplateValue]])

    /// What the Mustache renderer reads.
    var rendered: Any {
        switch self {
        case .text(let t): t
        case .flag(let b): b
        case .list(let items): items.map { $0.mapValues(\.rendered) }
        }
    }
}

/// A kind of message: which template renders it, which values it gets (and sample values for
/// previews and the check at start), whether it is critical (sent despite opt-outs) and the
/// category a recipient can opt out of.
public struct MessageKind: Sendable {
    public let id: String
    public let category: Notifications.Category
    public let critical: Bool
    public let sample: [String: TemplateValue]

    /// Every variable name a template of this kind may use, with list items' fields as
    /// `list.field`.
    var variables: Set<String> {
        // The portal's links, in every message when a portal is configured.
        var names: Set<String> = ["pageURL", "preferencesURL"]
        for (k, v) in sample {
            names.insert(k)
            if case .list(let items) = v { for item in items { for f in item.keys { names.insert("\(k).\(f)") } } }
        }
        return names
    }
}

/// The catalogue: every kind the rules produce.
public enum MessageKinds {
    static let ticket: [String: TemplateValue] = [
        "name": .text("Anna Becker"), "ticketID": .text("42"), "title": .text("WLAN im Raum 204 fällt aus"),
        "school": .text("Städtisches Gymnasium"), "text": .text("Der Access Point wurde getauscht."),
    ]
    static let application: [String: TemplateValue] = [
        "teacher": .text("Sabine Lehmann"), "school": .text("Städtisches Gymnasium"),
        "round": .text("Medienscouts NRW – Kreis Lippe 2026/27"), "applicationID": .text("7"), "position": .text("2"),
        "deadline": .text("02.12.2026, 14:00 Uhr"),
        "workshops": .list([
            [
                "number": .text("1"), "date": .text("20.01.2027"), "time": .text("08:30–15:30"),
                "where": .text("Medienzentrum Lippe, Detmold"),
            ]
        ]),
    ]
    static let registration: [String: TemplateValue] = [
        "name": .text("Petra Hahn"), "topic": .text("Das erste Smartphone"), "date": .text("04.03.2027"),
        "time": .text("19:00–20:30"), "where": .text("https://meet.example/eltern"), "position": .text("3"),
        "deadline": .text("02.03.2027, 19:00 Uhr"), "reason": .text("Die Referentin ist erkrankt."),
        "registrationID": .text("12"),
    ]

    static let sla: [String: TemplateValue] = [
        "name": .text("Jonas Wagner"), "ticketID": .text("42"), "title": .text("WLAN im Raum 204 fällt aus"),
        "school": .text("Städtisches Gymnasium"), "priority": .text("hoch"), "firstResponse": .flag(true),
        "due": .text("01.12.2026, 10:30 Uhr"), "assignee": .text("jwagner"),
    ]

    public static let all: [MessageKind] = [
        .init(id: "ticket-opened", category: .tickets, critical: false, sample: ticket),
        .init(id: "ticket-replied", category: .tickets, critical: false, sample: ticket),
        .init(id: "ticket-pending", category: .tickets, critical: false, sample: ticket),
        .init(id: "ticket-resolved", category: .tickets, critical: false, sample: ticket),
        .init(
            id: "ticket-escalated", category: .tickets, critical: false,
            sample: ticket.merging(["group": .text("Schul-IT der Stadt Detmold"), "priority": .text("hoch")]) { $1 }),
        // A coordinator's answer to a mail the desk did not take: critical, it answers the sender.
        .init(
            id: "mail-rejected", category: .tickets, critical: true,
            sample: [
                "subject": .text("Drucker im Lehrerzimmer"),
                "answer": .text("Bitte wenden Sie sich an den Support Ihres Schulträgers."),
            ]),
        .init(id: "sla-warning", category: .sla, critical: false, sample: sla),
        // A breach reaches even those who opted out of SLA messages.
        .init(id: "sla-breached", category: .sla, critical: true, sample: sla),
        .init(
            id: "sla-digest", category: .sla, critical: false,
            sample: [
                "name": .text("Jonas Wagner"), "count": .text("2"),
                "items": .list([
                    sla.filter { ["ticketID", "title", "school", "firstResponse", "due"].contains($0.key) },
                    [
                        "ticketID": .text("57"), "title": .text("Beamer im Raum 112 ohne Bild"),
                        "school": .text("Grundschule am Wall"), "firstResponse": .flag(false),
                        "due": .text("01.12.2026, 16:00 Uhr"),
                    ],
                ]),
            ]),
        .init(id: "application-received", category: .training, critical: false, sample: application),
        .init(id: "application-waitlisted", category: .training, critical: false, sample: application),
        .init(id: "application-offered", category: .training, critical: true, sample: application),
        .init(id: "application-confirmed", category: .training, critical: false, sample: application),
        .init(
            id: "workshop-rescheduled", category: .training, critical: true,
            sample: application.merging([
                "number": .text("3"), "before": .text("17.03.2027, 08:30–15:30, Medienzentrum Lippe"),
                "after": .text("24.03.2027, 08:30–15:00, Medienzentrum Lippe"),
            ]) { $1 }),
        .init(
            id: "workshop-cancelled", category: .training, critical: true,
            sample: application.merging([
                "number": .text("3"), "before": .text("17.03.2027, 08:30–15:30, Medienzentrum Lippe"),
                "reason": .text("Die Referentin ist erkrankt."),
            ]) { $1 }),
        .init(
            id: "certificate-issued", category: .training, critical: false,
            sample: application.merging([
                "participant": .text("Lena"), "certificate": .text("MS-2026-7KQ2M9-X"),
            ]) { $1 }),
        .init(
            id: "contact-welcome", category: .welcome, critical: false,
            sample: [
                "name": .text("Sabine Lehmann"), "role": .text("Medienbeauftragte"),
                "where": .text("Städtisches Gymnasium"), "network": .text("kreis-lippe"),
            ]),
        .init(
            id: "workshop-reminder", category: .reminders, critical: false,
            sample: [
                "teacher": .text("Sabine Lehmann"), "school": .text("Städtisches Gymnasium"),
                "round": .text("Medienscouts NRW – Kreis Lippe 2026/27"), "number": .text("3"),
                "when": .text("17.03.2027, 08:30–15:30"), "where": .text("Medienzentrum Lippe, Detmold"),
                "lead": .text("morgen"),
            ]),
        .init(
            id: "evening-reminder", category: .reminders, critical: false,
            sample: registration.merging(["lead": .text("morgen")]) { $1 }),
        // A school contact's sign-in link: asked for a moment ago, so sent whatever the opt-outs.
        .init(id: "sign-in", category: .welcome, critical: true, sample: ["name": .text("Sabine Peters")]),
        // The double opt-in of the portal: asked for a moment ago, so sent whatever the opt-outs.
        .init(
            id: "registration-requested", category: .evenings, critical: true,
            sample: registration.filter { ["name", "topic", "date", "time"].contains($0.key) }.merging([
                "people": .text("2")
            ]) { $1 }),
        .init(id: "registration-confirmed", category: .evenings, critical: false, sample: registration),
        .init(id: "registration-waitlisted", category: .evenings, critical: false, sample: registration),
        .init(id: "registration-offered", category: .evenings, critical: true, sample: registration),
        .init(id: "evening-cancelled", category: .evenings, critical: true, sample: registration),
    ]

    public static func kind(_ id: String) -> MessageKind? { all.first { $0.id == id } }
}
