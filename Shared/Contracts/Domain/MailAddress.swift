import Foundation

/// E-mail addresses and display names as the suite takes them from outside, and writes them into
/// mail headers. One strict check, used by every service and CLI on input, so an address can never
/// carry a header of its own into a mail (`eve@x\r\nBcc: spy@evil`) or a command into SMTP.
///
/// An address is `local@domain`: at most 254 bytes, exactly one `@`, no control character, space
/// or any of `<>()[],;:"\`; a local part of 1–64 bytes without leading, trailing or double dots;
/// a domain of at least two labels of letters, digits and hyphens (letters of any script, for
/// internationalised domains), none starting or ending with a hyphen. A display name is at most
/// 200 characters without control characters; on output it is quoted or RFC 2047-encoded.
public enum MailAddress {
    public static let maxLength = 254
    public static let maxLocalPartLength = 64
    public static let maxNameLength = 200

    /// Why a text is not an address or a display name, for a person to read.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Characters an address may not contain (ASCII), as a table by byte.
    private static let specials: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for c in "<>()[],;:\"\\".utf8 { table[Int(c)] = true }
        return table
    }()
    /// The characters of an atom (RFC 5322), and the space between atoms.
    private static let atext: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ".utf8 {
            table[Int(c)] = true
        }
        return table
    }()

    /// The address trimmed and in lower case, or why it is not one.
    public static func normalized(_ text: String) throws(Invalid) -> String {
        let address = text.trimmingSpaces().lowercased()
        // Nearly every address is plain ASCII and good: one pass over its bytes says so. Anything
        // else takes the full check below, which also says what is wrong.
        if isPlainGoodAddress(address) { return address }
        return try checked(address)
    }

    /// The whole check of a trimmed, lower-case text: the address, or why it is not one.
    static func checked(_ address: String) throws(Invalid) -> String {
        func refuse(_ why: String) -> Invalid {
            // Only for the message: what was given, control characters shown as '?'.
            let shown = String(
                address.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) }.prefix(
                    80))
            return Invalid(reason: "'\(shown)' is not an e-mail address: \(why)")
        }
        guard !address.isEmpty else { throw Invalid(reason: "the e-mail address is empty") }
        guard address.utf8.count <= maxLength else { throw refuse("it is longer than \(maxLength) bytes") }
        for scalar in address.unicodeScalars {
            // ASCII, nearly every address, without Unicode's property tables.
            let bad =
                scalar.isASCII
                ? scalar.value <= 0x20 || scalar.value == 0x7F
                : scalar.properties.generalCategory == .control || scalar.properties.isWhitespace
                    || scalar.properties.generalCategory == .format
            if bad { throw refuse("it contains a control character or a space") }
            if scalar.isASCII, specials[Int(scalar.value)] {
                throw refuse("it contains '\(scalar)'")
            }
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw refuse(parts.count < 2 ? "it has no '@'" : "it has more than one '@'") }
        let (local, domain) = (parts[0], parts[1])
        guard !local.isEmpty, local.utf8.count <= maxLocalPartLength else {
            throw refuse("the part before '@' must have 1 to \(maxLocalPartLength) bytes")
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            throw refuse("the part before '@' has a misplaced dot")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { throw refuse("the domain needs a dot, as in schule.example") }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63 else {
                throw refuse("the domain has an empty or overlong part")
            }
            guard
                label.unicodeScalars.allSatisfy({
                    $0.isASCII
                        ? domainByte[Int($0.value)]
                        : $0.properties.isAlphabetic
                })
            else { throw refuse("the domain may have only letters, digits, hyphens and dots") }
            guard !label.hasPrefix("-"), !label.hasSuffix("-") else {
                throw refuse("a part of the domain starts or ends with a hyphen")
            }
        }
        return address
    }

    /// Whether a lower-case text is an ASCII address that ``normalized(_:)`` accepts, in one pass
    /// over its bytes: false for anything else (not only for bad addresses: non-ASCII ones too).
    static func isPlainGoodAddress(_ address: String) -> Bool {
        let good = address.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
            var at = -1
            var labelStart = 0
            var labels = 0
            for (i, b) in bytes.enumerated() {
                guard b > 0x20, b < 0x7F, !specials[Int(b)] else { return false }
                if at < 0 {
                    if b == UInt8(ascii: "@") {
                        guard i > 0, i <= maxLocalPartLength, bytes[i - 1] != UInt8(ascii: ".") else { return false }
                        at = i
                        labelStart = i + 1
                    } else if b == UInt8(ascii: ".") {
                        guard i > 0, bytes[i - 1] != UInt8(ascii: ".") else { return false }
                    }
                    continue
                }
                // The domain: labels of letters, digits and inner hyphens, 1 to 63 bytes.
                if b == UInt8(ascii: ".") {
                    guard labelOK(bytes, labelStart, i) else { return false }
                    labels += 1
                    labelStart = i + 1
                } else if !domainByte[Int(b)] {
                    return false
                }
            }
            guard at >= 0, labelOK(bytes, labelStart, bytes.count) else { return false }
            return labels + 1 >= 2
        }
        return good ?? false
    }

    private static func labelOK(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        end > start && end - start <= 63 && bytes[start] != UInt8(ascii: "-") && bytes[end - 1] != UInt8(ascii: "-")
    }

    /// The bytes of a domain label: letters, digits, hyphens.
    private static let domainByte: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".utf8 { table[Int(c)] = true }
        return table
    }()

    /// Whether two texts name the same mailbox: both valid addresses, equal once normalised.
    public static func sameMailbox(_ a: String, _ b: String) -> Bool {
        guard let x = try? normalized(a), let y = try? normalized(b) else { return false }
        return x == y
    }

    /// Whether `text` is an address as ``normalized(_:)`` takes it.
    public static func isValid(_ text: String) -> Bool { (try? normalized(text)) != nil }

    /// A display name, trimmed, or why it cannot be one.
    public static func displayName(_ text: String) throws(Invalid) -> String {
        let name = text.trimmingSpaces()
        guard !name.unicodeScalars.contains(where: \.isControl) else {
            throw Invalid(reason: "a name may not contain control characters such as line breaks")
        }
        guard name.count <= maxNameLength else {
            throw Invalid(reason: "a name may have at most \(maxNameLength) characters")
        }
        return name
    }

    /// Reads `Name <address>` or a bare address, as people write them; both parts checked.
    public static func parse(_ text: String) throws(Invalid) -> (name: String?, address: String) {
        let t = text.trimmingSpaces()
        guard t.hasSuffix(">"), let open = t.lastIndex(of: "<") else { return (nil, try normalized(t)) }
        let address = try normalized(String(t[t.index(after: open)..<t.index(before: t.endIndex)]))
        var name = try displayName(String(t[..<open]))
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
        return (name.isEmpty ? nil : name, address)
    }

    /// `name <address>` for a header such as `To:` (RFC 5322): the name as it is when it is plain
    /// words, quoted when it has other printable ASCII, RFC 2047-encoded when it has anything else.
    /// Throws when the address is not one (nothing unchecked reaches a header).
    public static func header(_ address: String, name: String?) throws(Invalid) -> String {
        let address = try normalized(address)
        guard let name = name.map(printable), !name.isEmpty else { return "<\(address)>" }
        return "\(phrase(name)) <\(address)>"
    }

    /// A display name as a header phrase: atoms, a quoted string, or encoded words.
    public static func phrase(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 && atext[Int($0)] }) { return name }
        if name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
            return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return encodedWords(name)
    }

    /// Header text (a subject) with control characters as spaces, encoded when not plain ASCII.
    public static func unstructured(_ text: String) -> String {
        let t = printable(text)
        return t.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) ? t : encodedWords(t)
    }

    /// RFC 2047 `=?utf-8?B?…?=` words of at most 75 characters each, split between characters.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        chunk.reserveCapacity(48)
        for character in text {
            let count = character.utf8.count
            if chunk.count + count > 45 {
                words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk.removeAll(keepingCapacity: true)
            }
            chunk.append(contentsOf: character.utf8)
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: " ")
    }

    /// The text with every control character (CR and LF among them) as a space.
    static func printable(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.isControl ? " " : $0 }))
    }
}
