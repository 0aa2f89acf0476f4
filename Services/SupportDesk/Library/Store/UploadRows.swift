import Contracts
import Foundation
import GRDB
import ServiceKit

/// Files a requester adds on the portal, staged in parts until the request that names them, for an
/// hour at most, and at most ``maxBytesPerAddress`` per address at a time.
enum UploadRows {
    /// How long a staged part is kept.
    static let lifetime: TimeInterval = 3600
    /// The most bytes staged for one address at once (three files of 5 MiB, and then some).
    static let maxBytesPerAddress = 24 << 20

    /// Keeps one part (a repeated part replaces the one before); returns how many parts of the upload are there.
    static func stage(_ s: SupportDesk.StageUpload, email: String, now: Date, _ db: Database) throws -> Int {
        guard s.index >= 0, s.index < s.count, s.count <= 12 else {
            throw DomainError.invalid("a part's index is 0 to count-1, with at most 12 parts", field: "index")
        }
        guard s.data.utf8.count <= (SupportDesk.maxUploadPartBytes / 3 + 1) * 4, let bytes = Data(base64Encoded: s.data)
        else {
            throw DomainError.invalid(
                "a part is base64 of at most \(SupportDesk.maxUploadPartBytes >> 10) KiB", field: "data")
        }
        let owner = try String.fetchOne(
            db, sql: "SELECT email FROM staged_uploads WHERE upload_id = ? LIMIT 1", arguments: [s.uploadID])
        guard owner == nil || owner == email else {
            throw DomainError.conflict("the upload id is taken; choose another", field: "uploadID")
        }
        let held =
            try Int.fetchOne(
                db, sql: "SELECT coalesce(sum(length(data)), 0) FROM staged_uploads WHERE email = ?",
                arguments: [email]) ?? 0
        guard held + bytes.count <= maxBytesPerAddress else {
            throw DomainError(
                "too-many-files", "too many files are waiting for this address; send the request first",
                field: "data")
        }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO staged_uploads (upload_id, email, idx, count, data, staged_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [s.uploadID, email, s.index, s.count, bytes, RFC3339.string(from: now)])
        return try Int.fetchOne(
            db, sql: "SELECT count(*) FROM staged_uploads WHERE upload_id = ?", arguments: [s.uploadID]) ?? 0
    }

    /// The whole file of an upload, when every part is there and the address staged it.
    static func take(_ uploadID: String, email: String, _ db: Database) throws -> [UInt8] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT idx, count, data FROM staged_uploads WHERE upload_id = ? AND email = ? ORDER BY idx",
            arguments: [uploadID, email])
        guard let first = rows.first, rows.count == (first["count"] as Int),
            rows.enumerated().allSatisfy({ $0.offset == ($0.element["idx"] as Int) })
        else {
            throw DomainError.invalid(
                "a file of the request did not arrive whole; please add it again", field: "uploads")
        }
        return rows.flatMap { [UInt8]($0["data"] as Data) }
    }

    static func drop(_ uploadIDs: [String], _ db: Database) throws {
        for id in uploadIDs { try db.execute(sql: "DELETE FROM staged_uploads WHERE upload_id = ?", arguments: [id]) }
    }

    /// Forgets parts older than ``lifetime``.
    static func expire(now: Date, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM staged_uploads WHERE staged_at < ?",
            arguments: [RFC3339.string(from: now.addingTimeInterval(-lifetime))])
    }
}
