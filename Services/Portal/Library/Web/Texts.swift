/// Every text the pages show, in German (first) and English. Templates read them as `{{t.key}}`,
/// so a page is the same in both languages but for its words. The texts are kept by the part of the
/// portal that shows them (`Texts+Parents`, `Texts+Schools`, `Texts+Recipients`).
enum Texts {
    static let languages = ["de", "en"]

    /// Every group of texts, each with its German and English words.
    private static let groups = [common, schools, recipients, help, survey, scouts]

    static let de = merged("de")
    static let en = merged("en")

    static func table(_ language: String) -> [String: String] { language == "en" ? en : de }

    private static func merged(_ language: String) -> [String: String] {
        groups.reduce(into: [:]) { all, group in all.merge(group[language] ?? [:]) { first, _ in first } }
    }
}
