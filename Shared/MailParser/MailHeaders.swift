import Foundation

/// The header fields of a message or a MIME part, unfolded, in their order.
public struct MailHeaders: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        /// As written (`Content-Type`); compared without case.
        public let name: String
        /// Unfolded, as raw text: encoded words are still encoded (see ``MailHeaders/text(_:)``).
        public let value: String
    }

    public private(set) var fields: [Field]

    public init(fields: [Field]) { self.fields = fields }

    /// Reads the header block (everything before the first empty line), unfolding continuation
    /// lines. Bytes that are not UTF-8 are read as Windows-1252 (raw 8-bit headers happen).
    public init<Bytes: Collection<UInt8>>(parsing block: Bytes) {
        var fields: [Field] = []
        var current: [UInt8] = []
        func flush() {
            guard !current.isEmpty else { return }
            let line = Charsets.utf8OrWindows1252(current)
            current = []
            guard let colon = line.firstIndex(of: ":") else { return }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" ") else { return }
            fields.append(
                Field(name: name, value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        for rawLine in Lines(Array(block)[...]) {
            if let first = rawLine.first, first == 0x20 || first == 0x09 {
                // A continuation: the line break goes, the blank stays.
                current.append(contentsOf: rawLine)
            } else {
                flush()
                current.append(contentsOf: rawLine)
            }
        }
        flush()
        self.fields = fields
    }

    /// The first field of this name, raw.
    public subscript(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) }?.value
    }

    /// Every field of this name, raw, in order.
    public func all(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) }.map(\.value)
    }

    /// The first field of this name with its encoded words (RFC 2047) decoded.
    public func text(_ name: String) -> String? { self[name].map(EncodedWords.decode) }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool {
        count == other.count && lowercased() == other.lowercased()
    }
}

/// The lines of a byte block, without their CRLF or LF.
struct Lines: Sequence {
    let bytes: ArraySlice<UInt8>
    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    func makeIterator() -> AnyIterator<ArraySlice<UInt8>> {
        var start = bytes.startIndex
        var done = false
        return AnyIterator {
            guard !done else { return nil }
            guard let lf = bytes[start...].firstIndex(of: 0x0A) else {
                done = true
                let rest = bytes[start...]
                return rest.isEmpty ? nil : rest.last == 0x0D ? rest.dropLast() : rest
            }
            var line = bytes[start..<lf]
            if line.last == 0x0D { line = line.dropLast() }
            start = lf + 1
            return line
        }
    }
}
