/// Ids as people write them on a command line or pipe them in: separated by commas or white
/// space, each a positive number with or without a leading `#` (`12`, `#12`).
public enum IDList {
    /// The parts of a list, split at commas and white space.
    public static func parts(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0 == "," || $0.isWhitespace })
    }

    /// The id `text` names, or nil when it is not one.
    public static func id(_ text: some StringProtocol) -> Int? {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : String(text)
        guard let id = Int(digits), id > 0 else { return nil }
        return id
    }
}
