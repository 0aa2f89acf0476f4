import Foundation
import Mustache

/// The message templates: `Templates/<kind>.<language>.mustache`, German and English, the first
/// line the subject, then a blank line, then the text. Values are inserted as plain text (no
/// HTML escaping).
///
/// Loading checks every template against its kind: a variable the kind does not give, a kind
/// without a template, or a template that does not parse is an error at start, never a blank in a
/// mail.
public struct Templates: Sendable {
    public static let languages = ["de", "en"]

    private let library: [String: (subject: MustacheTemplate, text: MustacheTemplate)]

    /// A template that cannot be used, named with its file.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// Where the templates shipped with the service are.
    public static var shipped: String? { Bundle.module.resourceURL?.appendingPathComponent("Templates").path }

    /// Loads and checks the templates shipped with the service (or those in `directory`).
    public init(directory: String? = nil) throws {
        guard let dir = directory ?? Self.shipped else {
            throw Problem(description: "the templates folder is missing from the build")
        }
        var library: [String: (MustacheTemplate, MustacheTemplate)] = [:]
        var problems: [String] = []
        for kind in MessageKinds.all {
            for language in Self.languages {
                let file = "\(kind.id).\(language).mustache"
                guard let data = FileManager.default.contents(atPath: "\(dir)/\(file)") else {
                    problems.append("\(file): missing")
                    continue
                }
                let text = String(decoding: data, as: UTF8.self)
                let parts = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
                guard parts.count == 3, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty,
                    parts[1].trimmingCharacters(in: .whitespaces).isEmpty
                else {
                    problems.append("\(file): the first line is the subject, then a blank line, then the text")
                    continue
                }
                // Inside a section a name may also be one of the message's own values.
                let known = kind.variables
                for name in Self.variables(in: text)
                where !known.contains(name) && !known.contains(String(name.split(separator: ".").last ?? "")) {
                    problems.append(
                        "\(file): '\(name)' is not a value of \(kind.id) (it has \(kind.variables.sorted().joined(separator: ", ")))"
                    )
                }
                do {
                    library["\(kind.id).\(language)"] = (
                        try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + parts[0]),
                        try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + parts[2])
                    )
                } catch {
                    problems.append("\(file): \(error)")
                }
            }
        }
        guard problems.isEmpty else {
            throw Problem(description: "templates in \(dir) cannot be used:\n  " + problems.joined(separator: "\n  "))
        }
        self.library = library
    }

    /// The subject and text of a message; nil for a kind or language without a template.
    public func render(
        _ kind: String, language: String, _ values: [String: TemplateValue]
    ) -> (subject: String, text: String)? {
        guard let t = library["\(kind).\(language)"] ?? library["\(kind).de"] else { return nil }
        let context = values.mapValues(\.rendered)
        return (
            t.subject.render(context).trimmingSpaces(newlines: true),
            t.text.render(context).trimmingSpaces(newlines: true) + "\n"
        )
    }

    /// The variables a template names, inside sections as `section.field`.
    static func variables(in text: String) -> [String] {
        var names: [String] = []
        var sections: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if tag.hasPrefix("{") { tag = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces) }
            if rest.hasPrefix("}") { rest = rest.dropFirst() }
            guard let sigil = tag.first else { continue }
            switch sigil {
            case "!", "%", ">", "=": continue
            case "#", "^":
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                names.append(sections.last.map { "\($0).\(name)" } ?? name)
                sections.append(name)
            case "/":
                _ = sections.popLast()
            default:
                let name = sigil == "&" ? tag.dropFirst().trimmingCharacters(in: .whitespaces) : tag
                names.append(sections.last.map { "\($0).\(name)" } ?? name)
            }
        }
        return names
    }
}
