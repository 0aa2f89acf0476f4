import Foundation

/// New message ids: time-ordered (version 7, RFC 9562) UUIDs in lower case.
///
/// The first 48 bits are the Unix time in milliseconds, the rest random. Ids made later sort
/// later, so every store that keys rows by message id (the inbox of each service) appends to the
/// end of its b-tree instead of writing a random page for each message.
///
/// Made from the system's random source directly: Foundation's `UUID()` on Linux opens
/// `/dev/urandom` for every id, which costs more than the rest of emitting an event.
public enum MessageID {
    public static func make(at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        let random = generator.next() as UInt64
        let high = (millis << 16) | 0x7000 | (random & 0x0FFF)  // version 7, 12 random bits
        var low = generator.next() as UInt64
        low = (low & ~(0xC000 << 48)) | (0x8000 << 48)  // RFC 9562 variant
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
