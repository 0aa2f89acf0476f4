import Foundation

/// A `multipart/form-data` body (RFC 7578), as browsers send a form with files: its text fields
/// and its files, each file with the name the browser gave it. Bounded: at most ``maxParts`` parts,
/// text fields at most ``Form/maxValueLength`` characters; the caller bounds the whole body.
public struct Multipart: Equatable, Sendable {
    public static let maxParts = 16

    public struct File: Equatable, Sendable {
        public var field: String
        public var filename: String
        public var contentType: String?
        public var bytes: [UInt8]
        public init(field: String, filename: String, contentType: String?, bytes: [UInt8]) {
            self.field = field
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    public var form = Form()
    public var files: [File] = []

    public struct Invalid: Error, Equatable {}

    /// The boundary of a `Content-Type: multipart/form-data; boundary=…` header.
    public static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                let b = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return (1...70).contains(b.utf8.count) ? b : nil
            }
        }
        return nil
    }

    public init() {}

    public init(body: [UInt8], boundary: String) throws(Invalid) {
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var i = 0
        // Delimiters start a line (or the body).
        while let found = Self.find(delimiter, in: body, from: i) {
            if found == 0 || (found >= 2 && body[found - 2] == 13 && body[found - 1] == 10) { positions.append(found) }
            i = found + delimiter.count
        }
        guard positions.count >= 2, positions.count - 1 <= Self.maxParts else { throw Invalid() }
        var values: [String: String] = [:]
        for (start, end) in zip(positions, positions.dropFirst()) {
            var partStart = start + delimiter.count
            guard partStart + 1 < body.count, body[partStart] == 13, body[partStart + 1] == 10 else { throw Invalid() }
            partStart += 2
            let partEnd = end - 2  // the CRLF before the next delimiter
            // The blank line that ends the part's headers must lie inside the part, and its four
            // bytes too (a part cut short has none).
            guard partEnd >= partStart, let split = Self.find([13, 10, 13, 10], in: body, from: partStart),
                split + 4 <= partEnd
            else { throw Invalid() }
            let head = String(decoding: body[partStart..<split], as: UTF8.self)
            let content = Array(body[(split + 4)..<partEnd])
            var disposition = ""
            var type: String?
            for line in head.components(separatedBy: "\r\n") {
                let kv = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2 else { continue }
                switch kv[0].lowercased() {
                case "content-disposition": disposition = kv[1]
                case "content-type": type = kv[1]
                default: break
                }
            }
            let params = Self.parameters(disposition)
            guard disposition.lowercased().hasPrefix("form-data"), let name = params["name"] else { throw Invalid() }
            if let filename = params["filename"] {
                // A file input left empty sends a part with an empty name and no bytes.
                if filename.isEmpty && content.isEmpty { continue }
                files.append(File(field: name, filename: filename, contentType: type, bytes: content))
            } else {
                let text = String(decoding: content, as: UTF8.self)
                guard text.count <= Form.maxValueLength else { throw Invalid() }
                if values[name] == nil { values[name] = text }
            }
        }
        form = Form(values)
    }

    /// `form-data; name="x"; filename="y.png"` → ["name": "x", "filename": "y.png"].
    static func parameters(_ header: String) -> [String: String] {
        var out: [String: String] = [:]
        var rest = Substring(header)
        while let semi = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semi)...].drop { $0 == " " }
            guard let eq = rest.firstIndex(of: "=") else { break }
            let key = rest[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: eq)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let c = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(c)
                        escaped = false
                    } else if c == "\\" {
                        escaped = true
                    } else if c == "\"" {
                        break
                    } else {
                        value.append(c)
                    }
                }
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if out[key] == nil { out[key] = value }
        }
        return out
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count, start <= hay.count - needle.count else { return nil }
        let first = needle[0]
        var i = start
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
