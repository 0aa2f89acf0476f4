/// What the desk keeps of a file someone sent: a name that is safe anywhere (no path, no control
/// characters, no tricks with dots or right-to-left marks, a length a file system takes), and the
/// type its bytes say it is, whatever the mail claimed.
public enum AttachmentRules {
    /// Files larger than this are not kept (the mail goes to quarantine with the reason).
    public static let maxBytes = 10 << 20
    /// Characters of a kept name, at most.
    public static let maxNameLength = 120

    /// A name safe to show and to save as: the last path component, without control and format
    /// characters, separators or leading dots; what is left of nothing is `anhang`, and the
    /// suffix agrees with the sniffed type when the type is known.
    public static func safeName(_ given: String, type: SniffedType) -> String {
        let last = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var name = String(
            String.UnicodeScalarView(
                last.unicodeScalars.filter { s in
                    !(s.properties.generalCategory == .control || s.properties.generalCategory == .format
                        || s.properties.generalCategory == .lineSeparator
                        || s.properties.generalCategory == .paragraphSeparator || ":*?\"<>|".unicodeScalars.contains(s))
                }))
        while name.hasPrefix(".") || name.hasPrefix(" ") { name.removeFirst() }
        while name.hasSuffix(".") || name.hasSuffix(" ") { name.removeLast() }
        if name.isEmpty { name = "anhang" }
        var stem = name
        var suffix = ""
        if let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 8 {
            stem = String(name[..<dot])
            suffix = name[dot...].lowercased()
        }
        if let expected = type.suffix, !type.suffixes.contains(suffix) { suffix = expected }
        let room = max(1, maxNameLength - suffix.count)
        if stem.count > room { stem = String(stem.prefix(room)) }
        return stem + suffix
    }

    /// The type a file's first bytes say it is.
    public struct SniffedType: Sendable, Equatable {
        public let mime: String
        /// The suffix a file of this type gets; nil when any is fine (text, unknown).
        public let suffix: String?
        /// Suffixes that are right for it.
        let suffixes: Set<String>

        public static let png = SniffedType(mime: "image/png", suffix: ".png", suffixes: [".png"])
        public static let jpeg = SniffedType(mime: "image/jpeg", suffix: ".jpg", suffixes: [".jpg", ".jpeg"])
        public static let gif = SniffedType(mime: "image/gif", suffix: ".gif", suffixes: [".gif"])
        public static let pdf = SniffedType(mime: "application/pdf", suffix: ".pdf", suffixes: [".pdf"])
        /// Office documents, zip archives and the like: the suffix says which.
        public static let zip = SniffedType(
            mime: "application/zip", suffix: nil, suffixes: [".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"])
        public static let mail = SniffedType(mime: "message/rfc822", suffix: ".eml", suffixes: [".eml"])
        public static let text = SniffedType(mime: "text/plain", suffix: nil, suffixes: [])
        public static let unknown = SniffedType(mime: "application/octet-stream", suffix: nil, suffixes: [])
    }

    public static func sniff<Bytes: Collection<UInt8>>(_ bytes: Bytes, declared: String? = nil) -> SniffedType {
        let head = Array(bytes.prefix(16))
        func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return .zip }
        if declared == "message/rfc822" { return .mail }
        // Text: no NUL and valid UTF-8 in the first kilobyte.
        let sample = Array(bytes.prefix(1024))
        if !sample.contains(0), String(validating: sample, as: UTF8.self) != nil { return .text }
        return .unknown
    }
}
