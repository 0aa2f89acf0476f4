import Contracts
import Foundation
import ServiceKit

/// Checks of the plain values commands carry: dates, e-mail addresses, ids, names.
enum Check {
    /// A calendar date `yyyy-MM-dd` that exists (no 2026-02-30).
    static func date(_ text: String, field: String) throws(DomainError) -> String {
        guard CivilDay(text) != nil, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else {
            throw Refusal.invalid("'\(text)' is not a date of the form 2026-11-29", field: field)
        }
        return text
    }

    /// Today in Germany's civil calendar, as `yyyy-MM-dd`.
    static func today(_ now: Date) -> String {
        CivilDay(now, in: CivilDay.berlin).description
    }

    /// A work e-mail address, trimmed and in lower case.
    static func email(_ text: String, field: String) throws(DomainError) -> String {
        do {
            return try MailAddress.normalized(text)
        } catch {
            throw Refusal.invalid(error.reason, field: field)
        }
    }

    /// A non-empty name, trimmed, at most 200 characters.
    static func name(_ text: String, field: String) throws(DomainError) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { throw Refusal.invalid("\(field) must not be empty", field: field) }
        guard t.count <= 200 else { throw Refusal.invalid("\(field) is longer than 200 characters", field: field) }
        return t
    }

    /// An id of lower-case letters, digits and dashes (`kreis-lippe`).
    static func slug(_ text: String, field: String) throws(DomainError) -> String {
        guard !text.isEmpty, text.count <= 80,
            text.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }),
            !text.hasPrefix("-"), !text.hasSuffix("-")
        else {
            throw Refusal.invalid(
                "'\(text)' is not an id: use lower-case letters, digits and dashes, like 'kreis-lippe'", field: field)
        }
        return text
    }

    /// A slug made from a name: umlauts spelled out, everything else dashed (`Kita Sonnenschein` →
    /// `kita-sonnenschein`).
    static func slug(from name: String) -> String {
        var out = ""
        for ch in name.lowercased() {
            switch ch {
            case "ä": out += "ae"
            case "ö": out += "oe"
            case "ü": out += "ue"
            case "ß": out += "ss"
            case _ where ch.isASCII && (ch.isLetter || ch.isNumber): out.append(ch)
            default: if !out.hasSuffix("-") && !out.isEmpty { out += "-" }
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return String(out.prefix(60))
    }

    /// A Schulform by short code or key, as its short code.
    static func schulform(_ text: String, field: String) throws(DomainError) -> Schulform {
        guard let f = Schulform.find(text) else {
            throw Refusal.invalid(
                "'\(text)' is not a Schulform; use a code of the official key list such as GY, GE, R or G",
                field: field)
        }
        return f
    }

    /// A Trägernummer of the official key file: 1 to 8 digits.
    static func traegernummer(_ text: String, field: String) throws(DomainError) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard (1...8).contains(t.count), t.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw Refusal.invalid("'\(text)' is not a Trägernummer (1 to 8 digits, key_traeger.csv)", field: field)
        }
        return t
    }

    static func postcode(_ text: String, field: String) throws(DomainError) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count == 5, t.allSatisfy(\.isNumber) else {
            throw Refusal.invalid("'\(text)' is not a German postcode (5 digits)", field: field)
        }
        return t
    }
}
