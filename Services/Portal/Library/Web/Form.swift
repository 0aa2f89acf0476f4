import Foundation

/// A submitted form (`application/x-www-form-urlencoded`): at most ``maxFields`` fields, each
/// value at most ``maxValueLength`` characters, the first value of a repeated name kept.
struct Form: Equatable {
    static let maxFields = 32
    static let maxValueLength = 20_000

    private(set) var values: [String: String] = [:]

    /// Why a body is not a form we take.
    struct Invalid: Error, Equatable {}

    init(_ values: [String: String] = [:]) { self.values = values }

    init(body: String) throws(Invalid) {
        let pairs = body.split(separator: "&", omittingEmptySubsequences: true)
        guard pairs.count <= Self.maxFields else { throw Invalid() }
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "")
            else { throw Invalid() }
            guard value.count <= Self.maxValueLength else { throw Invalid() }
            if values[name] == nil { values[name] = value }
        }
    }

    subscript(_ name: String) -> String { values[name] ?? "" }

    /// A value trimmed of spaces at both ends.
    func trimmed(_ name: String) -> String { self[name].trimmingCharacters(in: .whitespacesAndNewlines) }

    private static func decode(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// The language of a request: `?lang=en` chooses English, `?lang=de` German; without it, the
/// browser's first preference among the two, else German.
enum Language {
    static func of(query lang: String?, acceptLanguage: String?) -> String {
        if let lang, Texts.languages.contains(lang) { return lang }
        let first = acceptLanguage?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased()
        return first?.hasPrefix("en") == true ? "en" : "de"
    }

    /// `path` with the language kept for English (German is the default and needs nothing).
    static func keep(_ path: String, _ language: String) -> String {
        guard language == "en" else { return path }
        return path + (path.contains("?") ? "&" : "?") + "lang=en"
    }
}
