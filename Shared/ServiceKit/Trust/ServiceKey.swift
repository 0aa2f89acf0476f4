import Crypto
import Foundation
import GRDB

/// A secret of the service's own, made once and kept in its store (`rbn_key`): it seals the dead
/// letters the service writes (see ``DeadLetterSeal``) and keys the hashes that prove an erasure
/// without keeping the address (see ``ServiceKey/hash(_:)``). A backup carries it, so a restored
/// store still recognises what it sealed.
public struct ServiceKey: Sendable {
    let key: SymmetricKey

    init(_ key: SymmetricKey) { self.key = key }

    /// The service's key, made on first use.
    public static func load(_ db: Database) throws -> ServiceKey {
        if let bytes = try Data.fetchOne(db.cachedStatement(sql: "SELECT key FROM rbn_key WHERE name = 'service'")) {
            return ServiceKey(SymmetricKey(data: bytes))
        }
        let key = SymmetricKey(size: .bits256)
        try db.execute(
            sql: "INSERT INTO rbn_key (name, key) VALUES ('service', ?)",
            arguments: [key.withUnsafeBytes { Data($0) }])
        return ServiceKey(key)
    }

    /// A keyed hash of `text` (HMAC-SHA256, hex): equal texts give equal hashes under this service's
    /// key, and nobody without the key can tell from the hash which text it was.
    public func hash(_ text: String) -> String {
        Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key))
    }

    /// The seal of a list of parts (HMAC-SHA256 over each part, length-prefixed, so no two lists give
    /// the same input).
    func seal(_ parts: [String]) -> Data {
        var hmac = HMAC<SHA256>(key: key)
        for part in parts {
            let length = UInt32(part.utf8.count)
            hmac.update(
                data: Data([
                    UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF),
                ]))
            hmac.update(data: Data(part.utf8))
        }
        return Data(hmac.finalize())
    }

    /// Whether `code` is the seal of `parts`, compared in constant time.
    func isSeal(_ code: Data, of parts: [String]) -> Bool {
        let expected = seal(parts)
        guard code.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(code, expected) { difference |= a ^ b }
        return difference == 0
    }
}
