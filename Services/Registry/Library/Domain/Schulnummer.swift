import ServiceKit

/// The official 6-digit number of a school in NRW; public and private schools alike start with 1.
struct Schulnummer: Hashable, Sendable, CustomStringConvertible {
    let value: String
    var description: String { value }

    /// Reads a Schulnummer, refusing anything but six digits starting with 1; spaces around it are
    /// ignored.
    init(_ text: String, field: String = "schulnummer") throws(DomainError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count == 6, t.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw DomainError(
                "invalid-schulnummer", "'\(text)' is not a Schulnummer: it has exactly 6 digits", field: field)
        }
        guard t.first == "1" else {
            throw DomainError(
                "invalid-schulnummer", "'\(text)' is not an NRW Schulnummer: those start with 1", field: field)
        }
        value = t
    }
}
