import Contracts
import Crypto
import Foundation
import GRDB
import ServiceKit

/// Rate limits and the audit, in the portal's store.
enum PortalRows {
    /// How long audit entries are kept.
    static let auditDays = 90.0

    /// A keyed hash of an address (or a client's IP): the same input always gives the same value,
    /// but nobody without the store's salt can tell whose it is.
    static func pseudonym(_ text: String, _ db: Database) throws -> String {
        let salt: Data
        if let s = try Data.fetchOne(db, sql: "SELECT value FROM salt WHERE id = 1") {
            salt = s
        } else {
            salt = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
            try db.execute(sql: "INSERT INTO salt (id, value) VALUES (1, ?)", arguments: [salt])
        }
        let code = HMAC<SHA256>.authenticationCode(for: Data(text.lowercased().utf8), using: SymmetricKey(data: salt))
        return Hex.lowercase(Data(code).prefix(16))
    }

    /// Counts one more use of each bucket, unless one of them is at its limit; returns the limit
    /// that was hit, or nil when the hit was counted.
    static func hit(_ limits: [RateLimit], now: Date, _ db: Database) throws -> RateLimit? {
        let t = now.timeIntervalSince1970
        for l in limits {
            let used =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM hits WHERE bucket = ? AND at > ?",
                    arguments: [l.bucket, t - l.window]) ?? 0
            if used >= l.limit { return l }
        }
        for l in limits {
            try db.execute(sql: "INSERT INTO hits (bucket, at) VALUES (?, ?)", arguments: [l.bucket, t])
        }
        return nil
    }

    /// Records a mail the portal caused (or a command it sent for someone).
    static func audit(
        action: String, subject: String, address: String, client: String, now: Date, _ db: Database
    )
        throws
    {
        try db.execute(
            sql: "INSERT INTO audit (at, action, subject, address, client) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                RFC3339.string(from: now), action, subject, try pseudonym(address, db), try pseudonym(client, db),
            ])
    }

    /// Forgets hits older than a day and audit entries older than ``auditDays``.
    static func prune(now: Date, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM hits WHERE at < ?", arguments: [now.timeIntervalSince1970 - 86_400])
        try db.execute(
            sql: "DELETE FROM audit WHERE at < ?",
            arguments: [RFC3339.string(from: now.addingTimeInterval(-auditDays * 86_400))])
    }
}

/// At most `limit` uses of `bucket` in `window` seconds.
struct RateLimit: Sendable, Equatable {
    var bucket: String
    var limit: Int
    var window: Double
}
