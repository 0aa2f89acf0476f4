import Foundation
import Mustache

/// The pages: `Assets/Pages/<name>.mustache`, each rendered into `layout.mustache`. Values are
/// HTML-escaped (`{{x}}`); only the rendered page goes into the layout unescaped. The texts of the
/// page's language are `{{t.key}}`.
public struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    /// The stylesheet, served at `/static/style.css`.
    let stylesheet: String

    /// A template that cannot be used.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// Loads and parses every page; a missing or broken template stops the start.
    public init() throws {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Assets") else {
            throw Problem(description: "the page templates are missing from the build")
        }
        var library = MustacheLibrary()
        let dir = root.appendingPathComponent("Pages")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            do {
                library.register(try MustacheTemplate(string: text), named: String(file.dropLast(".mustache".count)))
            } catch {
                throw Problem(description: "the page template \(file) does not parse: \(error)")
            }
        }
        for name in Page.Name.allCases where library.getTemplate(named: name.rawValue) == nil {
            throw Problem(description: "the page template \(name.rawValue).mustache is missing")
        }
        guard library.getTemplate(named: "layout") != nil else {
            throw Problem(description: "the page template layout.mustache is missing")
        }
        self.library = library
        stylesheet = try String(contentsOf: root.appendingPathComponent("Static/style.css"), encoding: .utf8)
    }

    /// The whole document of `page`.
    func render(_ page: Page) -> String {
        var values = page.values
        values["t"] = Texts.table(page.language)
        values["lang"] = page.language
        let body = library.render(values, withTemplate: page.name.rawValue) ?? ""
        values["body"] = body
        values["title"] = page.title
        values["hasErrors"] = !page.errors.isEmpty
        return library.render(values, withTemplate: "layout") ?? body
    }
}

/// A page to render: which template, in which language, with which values.
struct Page {
    enum Name: String, CaseIterable {
        case home, network, evening, checkMail = "check-mail", confirm, registration, message, legal
        case signIn = "sign-in", signInContinue = "sign-in-continue", school, request, ticket
        case preferences, unsubscribe, help, article, survey, surveyQuestion = "survey-question"
        case rounds, apply, application
    }

    var name: Name
    var language: String
    var title: String
    var values: [String: Any] = [:]
    /// Problems with what was entered, for the error summary, each linking to its field.
    var errors: [FieldError] = []
    var status: Int = 200

    init(_ name: Name, language: String, title: String, values: [String: Any] = [:]) {
        self.name = name
        self.language = language
        self.title = title
        self.values = values
    }
}

/// The problems of a form, all at once.
struct FieldErrors: Error, Equatable {
    var list: [FieldError]
}

/// A problem with one field of a form.
struct FieldError: Equatable {
    var field: String
    var message: String
    /// The element the error summary links to: the field, or the first of a group of radios.
    var anchor: String

    init(field: String, message: String, anchor: String? = nil) {
        self.field = field
        self.message = message
        self.anchor = anchor ?? field
    }
}
