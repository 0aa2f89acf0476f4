/// Whether two ticket titles are about the same thing, for the duplicate hint: they share a
/// significant word (four letters or more, not a common word), compared without case.
public enum Similarity {
    static let common: Set<String> = [
        "nicht", "keine", "kein", "geht", "gehen", "funktioniert", "mehr", "bitte", "problem", "probleme", "fehler",
        "schule", "raum", "seit", "beim", "nach", "wird", "werden", "with", "does", "from",
    ]

    public static func words(_ title: String) -> Set<String> {
        Set(
            title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
                .filter { $0.count >= 4 && !common.contains($0) })
    }

    public static func similar(_ a: String, _ b: String) -> Bool { shares(words(a), b) }

    /// Whether `title` has one of `words` (from ``words(_:)`` of another title).
    public static func shares(_ words: Set<String>, _ title: String) -> Bool {
        !words.isEmpty && !self.words(title).isDisjoint(with: words)
    }
}
