/// The escapes of JSON strings (RFC 8259 §7), shared by the envelope's reader (`EnvelopeJSON`)
/// and the payload's (`JSONTokens`, `JSONTokenDecoder`).
enum JSONEscapes {
    /// Why a string's escapes do not read.
    enum Problem: Error {
        case shortUnicodeEscape, invalidUnicodeEscape, unpairedSurrogate, invalidEscape, invalidUTF8

        var reason: String {
            switch self {
            case .shortUnicodeEscape: "a short \\u escape"
            case .invalidUnicodeEscape: "an invalid \\u escape"
            case .unpairedSurrogate: "an unpaired surrogate"
            case .invalidEscape: "an invalid escape"
            case .invalidUTF8: "invalid UTF-8"
            }
        }
    }

    /// The four hex digits at `from` as a number, nil when they are not four hex digits.
    static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ from: Int) -> UInt32? {
        guard from + 4 <= raw.count else { return nil }
        var v: UInt32 = 0
        for b in raw[from..<(from + 4)] {
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// The text of a string's bytes between its quotes, escapes resolved (surrogate pairs too).
    static func unescaped(_ raw: UnsafeBufferPointer<UInt8>) throws(Problem) -> String {
        var out = [UInt8]()
        out.reserveCapacity(raw.count)
        var i = 0
        func hex4(_ from: Int) throws(Problem) -> UInt32 {
            guard from + 4 <= raw.count else { throw .shortUnicodeEscape }
            guard let v = Self.hex4(raw, from) else { throw .invalidUnicodeEscape }
            return v
        }
        while i < raw.count {
            let b = raw[i]
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < raw.count else { throw .invalidEscape }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u") else {
                        throw .unpairedSurrogate
                    }
                    let low = try hex4(i + 2)
                    guard (0xDC00..<0xE000).contains(low) else { throw .unpairedSurrogate }
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw .unpairedSurrogate }
                out.append(contentsOf: String(Character(u)).utf8)
            default: throw .invalidEscape
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw .invalidUTF8 }
        return s
    }
}
