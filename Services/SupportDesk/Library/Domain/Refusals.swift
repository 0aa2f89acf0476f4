import ServiceKit

/// The support desk's refusals, each with a stable code a caller can act on: `desk` shows the
/// message, scripts and the portal act on the code.
enum Refusal {
    /// A step the ticket's lifecycle or rules do not take now.
    static let notAllowed = "not-allowed"
    /// Escalation without an IT group at the Schulträger.
    static let noLevel2 = "no-level-2"
    static let unknownSchool = "unknown-school"
    static let retiredSchool = "retired-school"

    /// Ticket `id` may not take the step `rule` refused.
    static func ticket(_ id: Int64, _ rule: TicketRules.Refusal, field: String? = "action") -> DomainError {
        DomainError(rule.isMissingLevel2 ? noLevel2 : notAllowed, "ticket #\(id): \(rule.description)", field: field)
    }

    /// Ticket `id`'s lifecycle does not take the step.
    static func ticket(_ id: Int64, _ rule: Lifecycle.Refusal, field: String? = "action") -> DomainError {
        DomainError(notAllowed, "ticket #\(id): \(rule.description)", field: field)
    }

    static func notAllowed(_ message: String, field: String? = nil) -> DomainError {
        DomainError(notAllowed, message, field: field)
    }

    static func unknownSchool(_ schulnummer: String, activeOnly: Bool = false) -> DomainError {
        DomainError(
            unknownSchool, "no \(activeOnly ? "active " : "")school with Schulnummer \(schulnummer) is registered",
            field: "schulnummer")
    }

    static func retiredSchool(_ name: String, _ schulnummer: String) -> DomainError {
        DomainError(
            retiredSchool, "\(name) (\(schulnummer)) has left its network; no new tickets", field: "schulnummer")
    }
}
