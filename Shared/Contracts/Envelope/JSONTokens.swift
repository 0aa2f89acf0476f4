/// A JSON text read into a flat list of tokens in one pass, for ``JSONTokenDecoder``: containers
/// know where they end, strings and numbers where their bytes are. Strict: anything that is not
/// plain RFC 8259 JSON this reader is sure of (and much that is, but rare: escaped keys, surrogate
/// escapes, duplicate keys, deep nesting) makes it give up, and the caller decodes with
/// Foundation's `JSONDecoder`, whose verdict then stands.
struct JSONTokens {
    enum Kind: UInt8 { case object, array, string, number, `true`, `false`, null }

    struct Token {
        var kind: Kind
        /// Strings: an escape inside. Numbers: written as a plain integer (no fraction or exponent).
        var flag: Bool
        /// Strings and numbers: where their bytes are (a string's without the quotes).
        var start: Int32
        var end: Int32
        /// Containers: members or elements; `end` is then the index of the token after the last one inside.
        var count: Int32
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var tokens: ContiguousArray<Token> = []

    /// Nesting deeper than this gives up: contracts nest a few levels.
    static let maxDepth = 48
    /// An object with more members gives up: keys are checked for duplicates and looked up one by
    /// one, which costs the square of their number (a hostile object of 100,000 keys would take
    /// seconds); Foundation hashes them.
    static let maxMembers = 64

    /// Reads `bytes` (one JSON value, whitespace around it allowed); nil when it gives up.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        guard bytes.count < Int(Int32.max) else { return nil }
        tokens.reserveCapacity(bytes.count / 6 + 4)
        var p = 0
        guard value(&p, depth: 0) else { return nil }
        skipSpace(&p)
        guard p == bytes.count else { return nil }
    }

    /// The index of the token after `i` and everything inside it.
    func next(after i: Int) -> Int {
        let t = tokens[i]
        return t.kind == .object || t.kind == .array ? Int(t.end) : i + 1
    }

    private func skipSpace(_ p: inout Int) {
        while p < bytes.count {
            switch bytes[p] {
            case 0x20, 0x09, 0x0A, 0x0D: p += 1
            default: return
            }
        }
    }

    private mutating func value(_ p: inout Int, depth: Int) -> Bool {
        skipSpace(&p)
        guard p < bytes.count else { return false }
        switch bytes[p] {
        case UInt8(ascii: "{"): return container(&p, depth: depth, object: true)
        case UInt8(ascii: "["): return container(&p, depth: depth, object: false)
        case UInt8(ascii: "\""): return string(&p)
        case UInt8(ascii: "t"): return literal(&p, "true", .true)
        case UInt8(ascii: "f"): return literal(&p, "false", .false)
        case UInt8(ascii: "n"): return literal(&p, "null", .null)
        default: return number(&p)
        }
    }

    private mutating func literal(_ p: inout Int, _ word: StaticString, _ kind: Kind) -> Bool {
        let n = word.utf8CodeUnitCount
        guard p + n <= bytes.count else { return false }
        for k in 0..<n where bytes[p + k] != word.utf8Start[k] { return false }
        tokens.append(Token(kind: kind, flag: false, start: Int32(p), end: Int32(p + n), count: 0))
        p += n
        return true
    }

    private mutating func container(_ p: inout Int, depth: Int, object: Bool) -> Bool {
        guard depth < Self.maxDepth else { return false }
        let at = tokens.count
        tokens.append(Token(kind: object ? .object : .array, flag: false, start: Int32(p), end: 0, count: 0))
        p += 1
        skipSpace(&p)
        let close = UInt8(ascii: object ? "}" : "]")
        var count: Int32 = 0
        if p < bytes.count && bytes[p] == close {
            p += 1
        } else {
            while true {
                if object {
                    guard count < Self.maxMembers else { return false }
                    skipSpace(&p)
                    guard p < bytes.count, bytes[p] == UInt8(ascii: "\""), string(&p) else { return false }
                    let key = tokens.count - 1
                    // Keys as written, so a key is matched by its bytes: unescaped and ASCII. A
                    // duplicate is Foundation's to judge.
                    guard !tokens[key].flag, asciiOnly(tokens[key]), !seen(tokens[key], in: at) else { return false }
                    skipSpace(&p)
                    guard p < bytes.count, bytes[p] == UInt8(ascii: ":") else { return false }
                    p += 1
                }
                guard value(&p, depth: depth + 1) else { return false }
                count += 1
                skipSpace(&p)
                guard p < bytes.count else { return false }
                if bytes[p] == UInt8(ascii: ",") {
                    p += 1
                } else if bytes[p] == close {
                    p += 1
                    break
                } else {
                    return false
                }
            }
        }
        tokens[at].count = count
        tokens[at].end = Int32(tokens.count)
        return true
    }

    /// Whether the object at `object`, read so far, has a member under `key` (the one just read).
    private func seen(_ key: Token, in object: Int) -> Bool {
        var k = object + 1
        while k < tokens.count - 1 {
            if same(tokens[k], key) { return true }
            k = next(after: k + 1)
        }
        return false
    }

    /// Swift compares other keys by canonical equivalence (U+212A KELVIN SIGN is "K"), bytes do not.
    private func asciiOnly(_ t: Token) -> Bool {
        for k in Int(t.start)..<Int(t.end) where bytes[k] >= 0x80 { return false }
        return true
    }

    private func same(_ a: Token, _ b: Token) -> Bool {
        let n = Int(a.end - a.start)
        guard n == Int(b.end - b.start) else { return false }
        for k in 0..<n where bytes[Int(a.start) + k] != bytes[Int(b.start) + k] { return false }
        return true
    }

    private mutating func string(_ p: inout Int) -> Bool {
        p += 1
        let start = p
        var escaped = false
        var ascii = true
        while true {
            guard p < bytes.count else { return false }
            let b = bytes[p]
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 { return false }
            if b >= 0x80 { ascii = false }
            if b == UInt8(ascii: "\\") {
                escaped = true
                guard p + 1 < bytes.count else { return false }
                switch bytes[p + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    p += 2
                case UInt8(ascii: "u"):
                    guard let unit = JSONEscapes.hex4(bytes, p + 2) else { return false }
                    // Surrogates (pairs and lone ones alike) are left to Foundation.
                    guard !(0xD800...0xDFFF).contains(unit) else { return false }
                    p += 6
                default:
                    return false
                }
                continue
            }
            p += 1
        }
        // Not UTF-8: Foundation refuses it, and a String made of it would be repaired instead.
        if !ascii && String(validating: UnsafeBufferPointer(rebasing: bytes[start..<p]), as: UTF8.self) == nil {
            return false
        }
        tokens.append(Token(kind: .string, flag: escaped, start: Int32(start), end: Int32(p), count: 0))
        p += 1
        return true
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func number(_ p: inout Int) -> Bool {
        let start = p
        func digit(_ q: Int) -> Bool {
            q < bytes.count && bytes[q] >= UInt8(ascii: "0") && bytes[q] <= UInt8(ascii: "9")
        }
        if p < bytes.count && bytes[p] == UInt8(ascii: "-") { p += 1 }
        guard digit(p) else { return false }
        if bytes[p] == UInt8(ascii: "0") {
            p += 1
        } else {
            while digit(p) { p += 1 }
        }
        var plain = true
        if p < bytes.count && bytes[p] == UInt8(ascii: ".") {
            plain = false
            p += 1
            guard digit(p) else { return false }
            while digit(p) { p += 1 }
        }
        if p < bytes.count && (bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E")) {
            plain = false
            p += 1
            if p < bytes.count && (bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-")) { p += 1 }
            guard digit(p) else { return false }
            while digit(p) { p += 1 }
        }
        tokens.append(Token(kind: .number, flag: plain, start: Int32(start), end: Int32(p), count: 0))
        return true
    }
}
