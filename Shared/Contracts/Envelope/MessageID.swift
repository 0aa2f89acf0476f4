/// New message ids: random (version 4) UUIDs in lower case.
///
/// Made from the system's random source directly: Foundation's `UUID()` on Linux opens
/// `/dev/urandom` for every id, which costs more than the rest of emitting an event.
public enum MessageID {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var high = generator.next() as UInt64
        var low = generator.next() as UInt64
        high = (high & ~0xF000) | 0x4000  // version 4
        low = (low & ~(0xC000 << 48)) | (0x8000 << 48)  // RFC 4122 variant
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (i, word) in [high, low].enumerated() {
            for nibble in (0..<16).reversed() {
                let position = i * 16 + (15 - nibble)
                if position == 8 || position == 12 || position == 16 || position == 20 { out.append(UInt8(ascii: "-")) }
                out.append(hex[Int((word >> (UInt64(nibble) * 4)) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
