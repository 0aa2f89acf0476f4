import Foundation

/// Writes an `Encodable` value as JSON in one pass, straight into bytes.
///
/// Foundation's `JSONEncoder` first builds a tree of boxed values and then serialises it; for the
/// events every command emits, that was a tenth of a service's time. Here each value is written as
/// it is encoded: a container is opened when it is asked for and closed when its parent writes its
/// next member (or at the end). That is how synthesised `Codable` conformances encode, member
/// after member. A conformance that writes out of order (into a container after a sibling took
/// over) is detected, and ``encode(_:)`` then answers nil, so the caller uses `JSONEncoder`.
///
/// The output is what `JSONEncoder` with `.withoutEscapingSlashes` writes, as JSON: the same
/// members in the same order, nil optionals left out, dates as its default (seconds since 2001),
/// strings escaped alike; numbers may be spelt differently (`1.0` for `1`).
enum JSONStreamEncoder {
    /// The value as JSON; nil when it must be left to `JSONEncoder` (out-of-order encoding, or a
    /// value it refuses, such as an infinite number: its error then says why).
    static func encode<T: Encodable>(_ value: T) -> [UInt8]? {
        // Types JSONEncoder writes in its own way: left to it.
        if value is Data || value is URL || value is Decimal { return nil }
        let writer = Writer()
        do {
            try value.encode(to: StreamEncoder(writer: writer, slot: writer.newSlot()))
        } catch {
            return nil
        }
        guard !writer.broken, !writer.out.isEmpty else { return nil }
        writer.close(above: -1)
        return writer.out
    }

    /// The bytes and the open containers.
    final class Writer {
        var out: [UInt8] = []
        /// Open containers, outermost first: their slot, whether an object, members written.
        var open: [(slot: Int, object: Bool, members: Int)] = []
        /// Set when the value was encoded out of order.
        var broken = false
        private var slots = 0

        init() { out.reserveCapacity(1024) }

        func newSlot() -> Int {
            slots += 1
            return slots
        }

        /// Closes the containers opened after the one at `index` in `open`.
        func close(above index: Int) {
            while open.count > index + 1 {
                out.append(open.removeLast().object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
            }
        }

        /// Makes the container of `slot` the innermost open one, closing the ones inside it; its
        /// index, or nil (marked broken) when it was closed already.
        func resume(_ slot: Int) -> Int? {
            guard let index = open.lastIndex(where: { $0.slot == slot }) else {
                broken = true
                return nil
            }
            close(above: index)
            return index
        }

        /// Starts the next member of the container of `slot` (its key, for an object); false when
        /// the container is no longer open.
        func member(of slot: Int, key: String?) -> Bool {
            guard let index = resume(slot) else { return false }
            if open[index].members > 0 { out.append(UInt8(ascii: ",")) }
            open[index].members += 1
            if let key {
                EnvelopeJSON.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
            }
            return true
        }

        /// Opens a container in a value slot; an encoder asking again for the container it opened
        /// gets the same one.
        func openContainer(slot: Int, object: Bool, valueStart: Int) {
            if let last = open.last, last.slot == slot, last.object == object { return }
            guard out.count == valueStart else {
                broken = true
                return
            }
            out.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
            open.append((slot, object, 0))
        }

        func double(_ d: Double) throws {
            guard d.isFinite else { throw EncodingError.invalidValue(d, .init(codingPath: [], debugDescription: "")) }
            out.append(contentsOf: d.description.utf8)
        }

        func string(_ s: String) { EnvelopeJSON.appendString(s, to: &out) }
        func bool(_ b: Bool) { out.append(contentsOf: (b ? "true" : "false").utf8) }

        /// Writes an encodable value into a fresh slot: primitives directly, others by their
        /// conformance; a value that wrote nothing is `{}`, as JSONEncoder has it.
        func value<T: Encodable>(_ v: T) throws {
            if let p = v as? any JSONPrimitive {
                try p.write(to: self)
                return
            }
            if v is Data || v is URL || v is Decimal {
                broken = true
                return
            }
            let start = out.count
            try v.encode(to: StreamEncoder(writer: self, slot: newSlot(), valueStart: start))
            if out.count == start { out.append(contentsOf: "{}".utf8) }
        }
    }

    struct StreamEncoder: Encoder {
        let writer: Writer
        let slot: Int
        var valueStart = 0
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(writer: Writer, slot: Int, valueStart: Int = 0) {
            self.writer = writer
            self.slot = slot
            self.valueStart = valueStart
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            writer.openContainer(slot: slot, object: true, valueStart: valueStart)
            return KeyedEncodingContainer(Keyed<Key>(writer: writer, slot: slot))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            writer.openContainer(slot: slot, object: false, valueStart: valueStart)
            return Unkeyed(writer: writer, slot: slot)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(writer: writer, valueStart: valueStart)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: Writer
        let slot: Int
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws {
            if writer.member(of: slot, key: key.stringValue) { writer.out.append(contentsOf: "null".utf8) }
        }
        mutating func encode(_ value: Bool, forKey key: Key) throws {
            if writer.member(of: slot, key: key.stringValue) { writer.bool(value) }
        }
        mutating func encode(_ value: String, forKey key: Key) throws {
            if writer.member(of: slot, key: key.stringValue) { writer.string(value) }
        }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            if writer.member(of: slot, key: key.stringValue) { try writer.double(value) }
        }
        mutating func encode(_ value: Int, forKey key: Key) throws {
            if writer.member(of: slot, key: key.stringValue) { value.write(to: writer) }
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }

        private func put<T: Encodable>(_ value: T, _ key: Key) throws {
            guard writer.member(of: slot, key: key.stringValue) else { return }
            try writer.value(value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        )
            -> KeyedEncodingContainer<NestedKey>
        {
            _ = writer.member(of: slot, key: key.stringValue)
            return StreamEncoder(writer: writer, slot: writer.newSlot(), valueStart: writer.out.count).container(
                keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            _ = writer.member(of: slot, key: key.stringValue)
            return StreamEncoder(writer: writer, slot: writer.newSlot(), valueStart: writer.out.count)
                .unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            writer.broken = true
            return StreamEncoder(writer: writer, slot: writer.newSlot(), valueStart: -1)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let writer: Writer
        let slot: Int
        var codingPath: [any CodingKey] { [] }
        var count: Int { writer.open.last { $0.slot == slot }?.members ?? 0 }

        mutating func encodeNil() throws {
            if writer.member(of: slot, key: nil) { writer.out.append(contentsOf: "null".utf8) }
        }
        mutating func encode(_ value: Bool) throws { if writer.member(of: slot, key: nil) { writer.bool(value) } }
        mutating func encode(_ value: String) throws { if writer.member(of: slot, key: nil) { writer.string(value) } }
        mutating func encode(_ value: Double) throws {
            if writer.member(of: slot, key: nil) { try writer.double(value) }
        }
        mutating func encode(_ value: Int) throws { if writer.member(of: slot, key: nil) { value.write(to: writer) } }
        mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }

        private func put<T: Encodable>(_ value: T) throws {
            guard writer.member(of: slot, key: nil) else { return }
            try writer.value(value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        )
            -> KeyedEncodingContainer<NestedKey>
        {
            _ = writer.member(of: slot, key: nil)
            return StreamEncoder(writer: writer, slot: writer.newSlot(), valueStart: writer.out.count).container(
                keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            _ = writer.member(of: slot, key: nil)
            return StreamEncoder(writer: writer, slot: writer.newSlot(), valueStart: writer.out.count)
                .unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            writer.broken = true
            return StreamEncoder(writer: writer, slot: writer.newSlot(), valueStart: -1)
        }
    }

    /// A value slot written once: a second value in it is out of order.
    struct Single: SingleValueEncodingContainer {
        let writer: Writer
        let valueStart: Int
        var codingPath: [any CodingKey] { [] }

        private func ready() -> Bool {
            guard writer.out.count == valueStart else {
                writer.broken = true
                return false
            }
            return true
        }

        mutating func encodeNil() throws { if ready() { writer.out.append(contentsOf: "null".utf8) } }
        mutating func encode(_ value: Bool) throws { if ready() { writer.bool(value) } }
        mutating func encode(_ value: String) throws { if ready() { writer.string(value) } }
        mutating func encode(_ value: Double) throws { if ready() { try writer.double(value) } }
        mutating func encode(_ value: Int) throws { if ready() { value.write(to: writer) } }
        mutating func encode<T: Encodable>(_ value: T) throws { if ready() { try writer.value(value) } }
    }
}

/// The values JSON writes as they are (no container): strings, booleans and numbers.
protocol JSONPrimitive {
    func write(to writer: JSONStreamEncoder.Writer) throws
}

extension String: JSONPrimitive {
    func write(to writer: JSONStreamEncoder.Writer) { writer.string(self) }
}
extension Bool: JSONPrimitive {
    func write(to writer: JSONStreamEncoder.Writer) { writer.bool(self) }
}
extension Double: JSONPrimitive {
    func write(to writer: JSONStreamEncoder.Writer) throws { try writer.double(self) }
}
extension Float: JSONPrimitive {
    func write(to writer: JSONStreamEncoder.Writer) throws {
        guard isFinite else { throw EncodingError.invalidValue(self, .init(codingPath: [], debugDescription: "")) }
        writer.out.append(contentsOf: description.utf8)
    }
}
/// Integers of every width write their digits.
extension JSONPrimitive where Self: BinaryInteger & CustomStringConvertible {
    func write(to writer: JSONStreamEncoder.Writer) { writer.out.append(contentsOf: description.utf8) }
}
extension Int: JSONPrimitive {}
extension Int8: JSONPrimitive {}
extension Int16: JSONPrimitive {}
extension Int32: JSONPrimitive {}
extension Int64: JSONPrimitive {}
extension UInt: JSONPrimitive {}
extension UInt8: JSONPrimitive {}
extension UInt16: JSONPrimitive {}
extension UInt32: JSONPrimitive {}
extension UInt64: JSONPrimitive {}
