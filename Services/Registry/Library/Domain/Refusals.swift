import ServiceKit

/// The registry's refusals, each with a stable code a caller can act on.
enum Refusal {
    static func unknownNetwork(_ id: String, field: String = "networkID") -> DomainError {
        DomainError("unknown-network", "there is no network '\(id)'", field: field)
    }

    static func unknownInstitution(_ id: String, field: String = "id") -> DomainError {
        DomainError("unknown-institution", "there is no institution '\(id)'", field: field)
    }

    static func unknownSchool(_ schulnummer: String, field: String = "schulnummer") -> DomainError {
        DomainError("unknown-school", "no school with Schulnummer \(schulnummer) is registered", field: field)
    }

    static func retired(_ id: String, name: String, field: String = "id") -> DomainError {
        DomainError(
            "retired-institution", "\(name) (\(id)) has left its network; register it again to make it a member",
            field: field)
    }

    static func invalid(_ message: String, field: String) -> DomainError {
        DomainError("invalid", message, field: field)
    }

    static func conflict(_ code: String, _ message: String, field: String? = nil) -> DomainError {
        DomainError(code, message, field: field)
    }
}
