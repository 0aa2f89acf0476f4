import Contracts
import Foundation
import ServiceKit

/// Tags: lower-case words of letters, digits and dashes (`drucker`, `wlan-5ghz`), at most 32
/// characters, at most 10 on a ticket.
public enum Tags {
    /// The tag as stored, or why it cannot be one.
    public static func normalized(_ text: String) throws(DomainError) -> String {
        let tag = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !tag.isEmpty, tag.count <= SupportDesk.maxTagLength,
            tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), tag.first != "-"
        else {
            throw DomainError.invalid(
                "'\(text)' is not a tag: a word of letters, digits and dashes, at most \(SupportDesk.maxTagLength) "
                    + "characters", field: "addTags")
        }
        return tag
    }

    /// `current` with `add` and without `remove`, sorted; refused beyond the maximum.
    public static func changed(_ current: [String], add: [String], remove: [String]) throws(DomainError) -> [String] {
        var tags = Set(current)
        for t in remove { tags.remove(t.trimmingCharacters(in: .whitespaces).lowercased()) }
        for t in add { tags.insert(try normalized(t)) }
        guard tags.count <= SupportDesk.maxTags else {
            throw DomainError.invalid("a ticket has at most \(SupportDesk.maxTags) tags", field: "addTags")
        }
        return tags.sorted()
    }
}

/// A canned reply's text with its placeholders filled in: `{{requester}}`, `{{school}}`,
/// `{{ticket}}`, `{{title}}`, `{{agent}}`. An unknown placeholder is refused when the macro is
/// saved, so a reply never goes out with braces in it.
public enum MacroText {
    /// The placeholders a text uses, in order of appearance.
    public static func placeholders(in text: String) -> [String] {
        var out: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out.append(name)
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// Refuses a text with a placeholder not on the list.
    public static func check(_ text: String) throws(DomainError) {
        for name in placeholders(in: text) where !SupportDesk.Macro.placeholders.contains(name) {
            throw DomainError.invalid(
                "{{\(name)}} is not a placeholder; use "
                    + SupportDesk.Macro.placeholders.map { "{{\($0)}}" }.joined(separator: ", "), field: "text")
        }
    }

    /// The text with each placeholder replaced by its value (whitespace inside the braces allowed).
    public static func render(_ text: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += values[name] ?? "{{\(name)}}"
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
