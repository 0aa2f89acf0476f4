import Crypto
import Foundation

/// The keys that sign the portal's links, as operators set them (`portal.keys`): `id:secret`
/// pairs, comma-separated, the secret in base64 of at least 32 bytes. The first key signs; every
/// listed key verifies. To rotate, put a new key first and keep the old one listed as long as the
/// longest-lived link it signed may still be opened (30 days for a ticket page), then remove it.
public struct LinkKeys: Sendable {
    /// One key: its id (written into every link it signs) and its secret.
    public struct Key: Sendable {
        public let id: String
        let secret: SymmetricKey
    }

    /// Why a key list cannot be used, for an operator to read.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The key that signs, then the ones that only verify.
    public let keys: [Key]
    public var current: Key { keys[0] }

    public init(_ text: String) throws(Invalid) {
        var keys: [Key] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, Self.isID(parts[0]) else {
                throw Invalid(description: "each link key is id:secret with an id of 1 to 16 letters or digits")
            }
            guard let secret = Data(base64Encoded: parts[1]), secret.count >= 32 else {
                throw Invalid(description: "the secret of link key '\(parts[0])' must be base64 of at least 32 bytes")
            }
            guard !keys.contains(where: { $0.id == parts[0] }) else {
                throw Invalid(description: "link key '\(parts[0])' is listed twice")
            }
            keys.append(Key(id: parts[0], secret: SymmetricKey(data: secret)))
        }
        guard !keys.isEmpty else {
            throw Invalid(
                description:
                    "no link key is set (portal.keys): give id:secret, the secret from `openssl rand -base64 32`")
        }
        self.keys = keys
    }

    private init(keys: [Key]) { self.keys = keys }

    /// A key list of one new random key (for a portal started without keys: its links end with it).
    public static func made(id: String) -> LinkKeys {
        LinkKeys(keys: [Key(id: id, secret: SymmetricKey(size: .bits256))])
    }

    /// A new key list entry with a random 32-byte secret: `id:base64`.
    public static func generate(id: String) -> String {
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return "\(id):\(secret.base64EncodedString())"
    }

    func key(id: Substring) -> Key? { keys.first { $0.id == id } }

    private static func isID(_ s: String) -> Bool {
        (1...16).contains(s.count) && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
