/// Lower-case hex of bytes: digests and keyed hashes as the stores and messages carry them.
/// (`String(format: "%02x")` per byte makes a formatter for each byte: on the hot path, a
/// message's digest, it cost more than the hashing.)
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func lowercase<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
