import Foundation

/// Decodes a message's `data` from ``JSONTokens``: keys are matched by their bytes where they
/// are, in the order they usually come, so no object becomes a dictionary and no key a `String`
/// (what Foundation's `JSONDecoder` spends most of its time on).
///
/// It only ever answers where Foundation would give the same value, and otherwise nothing
/// (nil): for text ``JSONTokens`` gives up on, for a number that is not a plain integer where an
/// integer is asked for or that is outside the normal range (Foundation refuses some that round to
/// zero), a `Float`, for the types `JSONDecoder` treats in ways of its own (`Date`, `Data`, `URL`,
/// `Decimal`), and whenever a type's decoding throws. The caller then
/// decodes with `JSONDecoder`, so refusals and their messages are Foundation's. Differential
/// tests and the fuzzer hold the two to the same values.
enum JSONTokenDecoder {
    /// `T` from one JSON value, or nil for the caller to ask `JSONDecoder`.
    static func decode<T: Decodable>(_: T.Type, from raw: UnsafeRawBufferPointer) -> T? {
        guard let tokens = JSONTokens(raw.assumingMemoryBound(to: UInt8.self)) else { return nil }
        let document = Document(tokens)
        return try? document.decode(T.self, at: 0)
    }

    /// Why this decoder stepped aside; never shown, the caller asks `JSONDecoder` instead.
    struct GiveUp: Error {}

    final class Document {
        let t: JSONTokens
        init(_ t: JSONTokens) { self.t = t }

        func kind(_ i: Int) -> JSONTokens.Kind { t.tokens[i].kind }

        func decode<T: Decodable>(_: T.Type, at i: Int) throws -> T {
            // The common leaves without a decoder of their own.
            if T.self == String.self { return try string(i) as! T }
            if T.self == Int.self { return try integer(i, Int.self) as! T }
            if T.self == Bool.self { return try bool(i) as! T }
            if T.self == Double.self { return try double(i) as! T }
            if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self
                || T.self == Float.self
            {
                throw GiveUp()
            }
            return try T(from: Node(self, i))
        }

        func bool(_ i: Int) throws -> Bool {
            switch kind(i) {
            case .true: return true
            case .false: return false
            default: throw GiveUp()
            }
        }

        func string(_ i: Int) throws -> String {
            let tok = t.tokens[i]
            guard tok.kind == .string else { throw GiveUp() }
            let raw = UnsafeBufferPointer(rebasing: t.bytes[Int(tok.start)..<Int(tok.end)])
            guard tok.flag else { return String(decoding: raw, as: UTF8.self) }
            // Checked by ``JSONTokens`` (hex digits, no surrogates), so this does not throw.
            do throws(JSONEscapes.Problem) { return try JSONEscapes.unescaped(raw) } catch { throw GiveUp() }
        }

        func integer<I: FixedWidthInteger>(_ i: Int, _: I.Type) throws -> I {
            let tok = t.tokens[i]
            guard tok.kind == .number, tok.flag else { throw GiveUp() }
            var p = Int(tok.start)
            let negative = t.bytes[p] == UInt8(ascii: "-")
            if negative { p += 1 }
            var value: I = 0
            while p < Int(tok.end) {
                let d = I(t.bytes[p] - UInt8(ascii: "0"))
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = negative ? times.subtractingReportingOverflow(d) : times.addingReportingOverflow(d)
                guard !o1, !o2 else { throw GiveUp() }
                value = next
                p += 1
            }
            // "-0" is Foundation's to read.
            guard !(negative && value == 0) else { throw GiveUp() }
            return value
        }

        func double(_ i: Int) throws -> Double {
            let tok = t.tokens[i]
            guard tok.kind == .number else { throw GiveUp() }
            let raw = UnsafeBufferPointer(rebasing: t.bytes[Int(tok.start)..<Int(tok.end)])
            // Out of the normal range (rounded to zero, subnormal, infinite, or -0): Foundation's call.
            guard let d = Double(String(decoding: raw, as: UTF8.self)), d.isFinite,
                d.magnitude >= Double.leastNormalMagnitude || (raw.count == 1 && raw[0] == UInt8(ascii: "0"))
            else { throw GiveUp() }
            return d
        }

        /// The key token of `key` in the object at `object`, searching from the key token
        /// `from` on (where the key asked for next usually is) and round to it.
        func member(_ key: String, in object: Int, from: Int) -> Int? {
            let end = Int(t.tokens[object].end)
            var name = key
            return name.withUTF8 { k -> Int? in
                func matches(_ i: Int) -> Bool {
                    let tok = t.tokens[i]
                    guard Int(tok.end - tok.start) == k.count else { return false }
                    return k.count == 0 || memcmp(k.baseAddress!, t.bytes.baseAddress! + Int(tok.start), k.count) == 0
                }
                var i = from
                var wrapped = false
                while true {
                    if i >= end {
                        if wrapped { return nil }
                        wrapped = true
                        i = object + 1
                        continue
                    }
                    if wrapped && i >= from { return nil }
                    if matches(i) { return i }
                    i = t.next(after: i + 1)
                }
            }
        }
    }

    /// A decoder at one token, and its own single-value container.
    struct Node: Decoder, SingleValueDecodingContainer {
        let document: Document
        let index: Int
        init(_ document: Document, _ index: Int) {
            self.document = document
            self.index = index
        }
        // Paths serve error messages only, and errors are Foundation's to report.
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy _: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard document.kind(index) == .object else { throw GiveUp() }
            return KeyedDecodingContainer(Keyed<Key>(document, index))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard document.kind(index) == .array else { throw GiveUp() }
            return Unkeyed(document, index)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

        func decodeNil() -> Bool { document.kind(index) == .null }
        func decode(_: Bool.Type) throws -> Bool { try document.bool(index) }
        func decode(_: String.Type) throws -> String { try document.string(index) }
        func decode(_: Double.Type) throws -> Double { try document.double(index) }
        func decode(_: Int.Type) throws -> Int { try document.integer(index, Int.self) }
        func decode(_: Int8.Type) throws -> Int8 { try document.integer(index, Int8.self) }
        func decode(_: Int16.Type) throws -> Int16 { try document.integer(index, Int16.self) }
        func decode(_: Int32.Type) throws -> Int32 { try document.integer(index, Int32.self) }
        func decode(_: Int64.Type) throws -> Int64 { try document.integer(index, Int64.self) }
        func decode(_: UInt.Type) throws -> UInt { try document.integer(index, UInt.self) }
        func decode(_: UInt8.Type) throws -> UInt8 { try document.integer(index, UInt8.self) }
        func decode(_: UInt16.Type) throws -> UInt16 { try document.integer(index, UInt16.self) }
        func decode(_: UInt32.Type) throws -> UInt32 { try document.integer(index, UInt32.self) }
        func decode(_: UInt64.Type) throws -> UInt64 { try document.integer(index, UInt64.self) }
        func decode(_: Float.Type) throws -> Float { throw GiveUp() }
        func decode<T: Decodable>(_: T.Type) throws -> T { try document.decode(T.self, at: index) }

    }

    final class Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let document: Document
        let object: Int
        /// The key token where the next search starts: the member found last.
        private var cursor: Int

        init(_ document: Document, _ object: Int) {
            self.document = document
            self.object = object
            cursor = object + 1
        }

        var codingPath: [any CodingKey] { [] }

        var allKeys: [Key] {
            var keys: [Key] = []
            var i = object + 1
            while i < Int(document.t.tokens[object].end) {
                // Keys are strings without escapes (``JSONTokens`` gives up on others).
                if let name = try? document.string(i), let k = Key(stringValue: name) { keys.append(k) }
                i = document.t.next(after: i + 1)
            }
            return keys
        }

        /// The value's token under `key`. The search goes on from the member found last: a
        /// type asks for its keys in the order it declares them, which is the order they are written.
        private func value(_ key: Key) throws -> Int {
            guard let found = document.member(key.stringValue, in: object, from: cursor) else { throw GiveUp() }
            cursor = found
            return found + 1
        }

        func contains(_ key: Key) -> Bool { document.member(key.stringValue, in: object, from: cursor) != nil }
        func decodeNil(forKey key: Key) throws -> Bool { document.kind(try value(key)) == .null }
        func decode(_: Bool.Type, forKey key: Key) throws -> Bool { try document.bool(try value(key)) }
        func decode(_: String.Type, forKey key: Key) throws -> String { try document.string(try value(key)) }
        func decode(_: Double.Type, forKey key: Key) throws -> Double { try document.double(try value(key)) }
        func decode(_: Int.Type, forKey key: Key) throws -> Int { try document.integer(try value(key), Int.self) }
        func decode(_: Int8.Type, forKey key: Key) throws -> Int8 { try document.integer(try value(key), Int8.self) }
        func decode(_: Int16.Type, forKey key: Key) throws -> Int16 { try document.integer(try value(key), Int16.self) }
        func decode(_: Int32.Type, forKey key: Key) throws -> Int32 { try document.integer(try value(key), Int32.self) }
        func decode(_: Int64.Type, forKey key: Key) throws -> Int64 { try document.integer(try value(key), Int64.self) }
        func decode(_: UInt.Type, forKey key: Key) throws -> UInt { try document.integer(try value(key), UInt.self) }
        func decode(_: UInt8.Type, forKey key: Key) throws -> UInt8 { try document.integer(try value(key), UInt8.self) }
        func decode(_: UInt16.Type, forKey key: Key) throws -> UInt16 {
            try document.integer(try value(key), UInt16.self)
        }
        func decode(_: UInt32.Type, forKey key: Key) throws -> UInt32 {
            try document.integer(try value(key), UInt32.self)
        }
        func decode(_: UInt64.Type, forKey key: Key) throws -> UInt64 {
            try document.integer(try value(key), UInt64.self)
        }
        func decode(_: Float.Type, forKey key: Key) throws -> Float { throw GiveUp() }
        func decode<T: Decodable>(_: T.Type, forKey key: Key) throws -> T {
            try document.decode(T.self, at: try value(key))
        }
        func nestedContainer<N: CodingKey>(keyedBy _: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            try Node(document, try value(key)).container(keyedBy: N.self)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try Node(document, try value(key)).unkeyedContainer()
        }
        func superDecoder() throws -> any Decoder { throw GiveUp() }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw GiveUp() }
    }

    final class Unkeyed: UnkeyedDecodingContainer {
        let document: Document
        let count: Int?
        private(set) var currentIndex = 0
        private var token: Int

        init(_ document: Document, _ array: Int) {
            self.document = document
            count = Int(document.t.tokens[array].count)
            token = array + 1
        }

        var codingPath: [any CodingKey] { [] }
        var isAtEnd: Bool { currentIndex >= count! }

        private func take() throws -> Int {
            guard !isAtEnd else { throw GiveUp() }
            let i = token
            token = document.t.next(after: i)
            currentIndex += 1
            return i
        }

        func decodeNil() throws -> Bool {
            guard !isAtEnd else { throw GiveUp() }
            guard document.kind(token) == .null else { return false }
            _ = try take()
            return true
        }
        func decode(_: Bool.Type) throws -> Bool { try document.bool(try take()) }
        func decode(_: String.Type) throws -> String { try document.string(try take()) }
        func decode(_: Double.Type) throws -> Double { try document.double(try take()) }
        func decode(_: Int.Type) throws -> Int { try document.integer(try take(), Int.self) }
        func decode(_: Int8.Type) throws -> Int8 { try document.integer(try take(), Int8.self) }
        func decode(_: Int16.Type) throws -> Int16 { try document.integer(try take(), Int16.self) }
        func decode(_: Int32.Type) throws -> Int32 { try document.integer(try take(), Int32.self) }
        func decode(_: Int64.Type) throws -> Int64 { try document.integer(try take(), Int64.self) }
        func decode(_: UInt.Type) throws -> UInt { try document.integer(try take(), UInt.self) }
        func decode(_: UInt8.Type) throws -> UInt8 { try document.integer(try take(), UInt8.self) }
        func decode(_: UInt16.Type) throws -> UInt16 { try document.integer(try take(), UInt16.self) }
        func decode(_: UInt32.Type) throws -> UInt32 { try document.integer(try take(), UInt32.self) }
        func decode(_: UInt64.Type) throws -> UInt64 { try document.integer(try take(), UInt64.self) }
        func decode(_: Float.Type) throws -> Float { throw GiveUp() }
        func decode<T: Decodable>(_: T.Type) throws -> T { try document.decode(T.self, at: try take()) }
        func nestedContainer<N: CodingKey>(keyedBy _: N.Type) throws -> KeyedDecodingContainer<N> {
            try Node(document, try take()).container(keyedBy: N.self)
        }
        func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try Node(document, try take()).unkeyedContainer()
        }
        func superDecoder() throws -> any Decoder { throw GiveUp() }
    }
}
