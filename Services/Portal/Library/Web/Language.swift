import Foundation

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
