extension String {
    /// The string, or nil when it is empty: for optional text a person may leave out.
    public var nonEmpty: String? { isEmpty ? nil : self }
}

extension Array {
    /// The array, or nil when it is empty (an optional list in a message is left out when empty).
    public var emptyAsNil: [Element]? { isEmpty ? nil : self }
}

extension Unicode.Scalar {
    /// Whether the scalar is a control character (general category Cc): CR, LF, tab, NUL, DEL and
    /// the C1 controls. ASCII is answered without looking up Unicode's tables.
    public var isControl: Bool {
        value < 0x80 ? value < 0x20 || value == 0x7F : properties.generalCategory == .control
    }

    /// Whether the scalar is one of Foundation's `CharacterSet.whitespaces` (Zs, tab, U+200B), or with
    /// `newlines` of `.whitespacesAndNewlines` (also LF, VT, FF, CR, NEL, U+2028 and U+2029).
    func isSpace(newlines: Bool) -> Bool {
        switch value {
        case 0x20, 0x09: return true
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return newlines
        case 0..<0x80: return false
        case 0x200B: return true  // Foundation counts the zero-width space among them
        default: return properties.generalCategory == .spaceSeparator
        }
    }
}

extension StringProtocol {
    /// The text without spaces and tabs at either end (`newlines`: and line breaks): what
    /// Foundation's `trimmingCharacters(in: .whitespaces)` or `(in: .whitespacesAndNewlines)`
    /// gives, looking only at the ends, as the hot paths of the services need it.
    public func trimmingSpaces(newlines: Bool = false) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpace(newlines: newlines) }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isSpace(newlines: newlines) })!
        return String(self[first...last])
    }
}
