import Contracts
import Foundation
import GRDB
import ServiceKit

/// What applications and registrations share: a status, an offer's expiry, and the round or
/// evening they belong to; the waiting list is the waitlisted rows of a parent in id order.
struct WaitingListTable {
    /// `applications` or `registrations`.
    let table: String
    /// `round_id` or `evening_id`.
    let parent: String

    static let applications = WaitingListTable(table: "applications", parent: "round_id")
    static let registrations = WaitingListTable(table: "registrations", parent: "evening_id")

    /// Place on the waiting list (1 = next) of a waitlisted row.
    func position(of id: Int, in parentID: some DatabaseValueConvertible, _ db: Database) throws -> Int? {
        try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(parent) = ? AND status = 'waitlisted' AND id <= ?",
            arguments: [parentID, id])
    }

    /// Offers whose hold time is over by `now`.
    func expiredOffers(by now: Date, _ db: Database) throws -> [Int] {
        try Int.fetchAll(
            db, sql: "SELECT id FROM \(table) WHERE status = 'offered' AND offer_expires_at <= ? ORDER BY id",
            arguments: [RFC3339.string(from: now)])
    }

    func setStatus(_ id: Int, _ status: String, offerExpiresAt: String?, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE \(table) SET status = ?, offer_expires_at = ? WHERE id = ?",
            arguments: [status, offerExpiresAt, id])
    }
}
