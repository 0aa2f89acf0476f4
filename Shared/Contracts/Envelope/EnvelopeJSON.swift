import Foundation

/// The top level of a structured-mode CloudEvent, read and written by hand.
///
/// Foundation's JSON coders build a keyed container (a dictionary of every key) for each object
/// they read and box every value they write; for the envelope that is most of the work of a
/// message. Here the attributes are scanned in one pass and `data` is only located: its bytes go to
/// `JSONDecoder` for the payload type, which checks them in full.
enum EnvelopeJSON {
    /// A top-level attribute's value, as far as the envelope cares.
    enum Value: Equatable {
        case string(String)
        case null
        /// A number, boolean, object or array.
        case other
    }

    struct Scanned {
        var attributes: [String: Value] = [:]
        /// Where the value of `data` is in the body.
        var data: Range<Int>?
    }

    /// Scans a body: every top-level member, the attributes' values, and where `data` is.
    static func scan(_ body: Data) throws(ContractError) -> Scanned {
        let result: Result<Scanned, ContractError> = body.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self))
            do throws(ContractError) {
                return .success(try scanner.envelope())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The envelope's JSON: the attributes in their usual order, then `data` as given (already JSON).
    static func write(_ a: EnvelopeAttributes, data: some Collection<UInt8>) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(400 + data.count)
        func member(_ key: String, _ value: String?) {
            guard let value else { return }
            out.append(out.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(value, to: &out)
        }
        member("specversion", EnvelopeAttributes.specVersion)
        member("id", a.id)
        member("source", a.source)
        member("type", a.type)
        member("time", a.time.map(RFC3339.string(from:)))
        member("subject", a.subject)
        member("datacontenttype", a.dataContentType)
        member("dataschema", a.dataSchema)
        member("correlationid", a.correlationID)
        member("causationid", a.causationID)
        out.append(contentsOf: #","data":"#.utf8)
        out.append(contentsOf: data)
        out.append(UInt8(ascii: "}"))
        return Data(out)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, the rest as UTF-8.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most texts need no escape: copied at once.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A one-pass reader of the envelope's top-level object.
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func fail(_ what: String) -> ContractError {
        ContractError(.malformed, "the body is not JSON: \(what) at byte \(at)")
    }

    private var current: UInt8? { at < bytes.count ? bytes[at] : nil }

    private mutating func skipWhitespace() {
        while let b = current, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { at += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(ContractError) {
        guard current == byte else { throw fail("expected \(what)") }
        at += 1
    }

    mutating func envelope() throws(ContractError) -> EnvelopeJSON.Scanned {
        skipWhitespace()
        guard let first = current else { throw ContractError(.malformed, "the body is empty") }
        guard first == UInt8(ascii: "{") else {
            if first == UInt8(ascii: "[") || first == UInt8(ascii: "\"") || first == UInt8(ascii: "-")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: "t")
                || first == UInt8(ascii: "f") || first == UInt8(ascii: "n")
            {
                throw ContractError(.malformed, "the body is not a JSON object")
            }
            throw fail("unexpected character")
        }
        at += 1
        var scanned = EnvelopeJSON.Scanned()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            at += 1
        } else {
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                let key = try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':'")
                skipWhitespace()
                let start = at
                if key == "data" {
                    try skipValue(depth: 0)
                    scanned.data = start..<at
                } else {
                    switch current {
                    case UInt8(ascii: "\""): scanned.attributes[key] = .string(try string())
                    case UInt8(ascii: "n"):
                        try literal("null")
                        scanned.attributes[key] = .null
                    default:
                        try skipValue(depth: 0)
                        scanned.attributes[key] = .other
                    }
                }
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    at += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                break
            }
        }
        skipWhitespace()
        guard at == bytes.count else { throw fail("unexpected text after the object") }
        return scanned
    }

    /// A string literal at the current position, unescaped.
    private mutating func string() throws(ContractError) -> String {
        at += 1  // the opening quote
        let start = at
        var plain = true
        while let b = current, b != UInt8(ascii: "\"") {
            if b == UInt8(ascii: "\\") {
                plain = false
                at += 2
            } else if b < 0x20 {
                throw fail("a control character in a string")
            } else {
                at += 1
            }
        }
        guard at < bytes.count else { throw fail("an unterminated string") }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<at])
        at += 1  // the closing quote
        if plain {
            guard let s = String(validating: raw, as: UTF8.self) else { throw fail("invalid UTF-8") }
            return s
        }
        return try unescape(raw)
    }

    private func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws(ContractError) -> String {
        do throws(JSONEscapes.Problem) {
            return try JSONEscapes.unescaped(raw)
        } catch {
            throw fail(error.reason)
        }
    }

    private mutating func literal(_ word: StaticString) throws(ContractError) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard at + w.count <= bytes.count, bytes[at..<(at + w.count)].elementsEqual(w) else {
            throw fail("an invalid literal")
        }
        at += w.count
    }

    /// Steps over one value, checking its structure (nesting, strings, literals); numbers are only
    /// delimited. `data` is checked in full by the decoder of its type.
    private mutating func skipValue(depth: Int) throws(ContractError) {
        guard depth < 64 else { throw fail("nesting deeper than 64") }
        switch current {
        case UInt8(ascii: "\""):
            at += 1
            while let b = current, b != UInt8(ascii: "\"") {
                if b < 0x20 { throw fail("a control character in a string") }
                at += b == UInt8(ascii: "\\") ? 2 : 1
            }
            guard at < bytes.count else { throw fail("an unterminated string") }
            at += 1
        case UInt8(ascii: "{"):
            at += 1
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                at += 1
                return
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':'")
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    at += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return
            }
        case UInt8(ascii: "["):
            at += 1
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                at += 1
                return
            }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    at += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case let b? where b == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b):
            let start = at
            while let c = current,
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
                    || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
            {
                at += 1
            }
            guard at > start else { throw fail("an invalid number") }
        case nil: throw fail("an unexpected end")
        default: throw fail("an unexpected character")
        }
    }
}
