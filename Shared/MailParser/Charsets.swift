import Foundation

/// Text of a mail in the charset it names. What Outlook, Apple Mail and Thunderbird send: UTF-8,
/// US-ASCII, ISO-8859-1 and -15, Windows-1252. A charset we do not know, or none at all (an 8-bit
/// mail without a charset), is read as UTF-8 when the bytes are valid UTF-8 and as Windows-1252
/// otherwise, which every byte is: a mail is never refused for its charset.
public enum Charsets {
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, charset: String?) -> String {
        let name = (charset ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch name {
        case "utf-8", "utf8":
            return utf8OrWindows1252(bytes)
        case "us-ascii", "ascii", "":
            return utf8OrWindows1252(bytes)
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case "iso-8859-15", "iso8859-15", "latin-9", "latin9", "iso_8859-15":
            return String(String.UnicodeScalarView(bytes.map(latin9)))
        case "windows-1252", "cp1252", "x-cp1252":
            return windows1252(bytes)
        default:
            return utf8OrWindows1252(bytes)
        }
    }

    static func utf8OrWindows1252<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        if let text = String(validating: Array(bytes), as: UTF8.self) { return text }
        return windows1252(bytes)
    }

    static func windows1252<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        String(
            String.UnicodeScalarView(
                bytes.map { b in
                    guard (0x80...0x9F).contains(b) else { return Unicode.Scalar(b) }
                    return Unicode.Scalar(cp1252High[Int(b) - 0x80]) ?? "\u{FFFD}"
                }))
    }

    /// Windows-1252's 0x80–0x9F (the rest is Latin-1); 0xFFFD where it has no character.
    static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// ISO-8859-15 differs from Latin-1 in eight places (the euro sign among them).
    static func latin9(_ b: UInt8) -> Unicode.Scalar {
        let value: UInt32 =
            switch b {
            case 0xA4: 0x20AC
            case 0xA6: 0x0160
            case 0xA8: 0x0161
            case 0xB4: 0x017D
            case 0xB8: 0x017E
            case 0xBC: 0x0152
            case 0xBD: 0x0153
            case 0xBE: 0x0178
            default: UInt32(b)
            }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
