import Contracts
import Foundation
import GRDB
import ServiceKit

/// Reading and writing parent evenings and registrations.
enum EveningRows {
    /// Evenings as decoded from their bodies: every registration reads its evening. An erasure
    /// empties it (a body names the evening's contact).
    static let bodies = DecodedColumns<Training.Evening>()

    static func evening(_ id: Int, _ db: Database) throws -> Training.Evening? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT body FROM evenings WHERE id = ?"), arguments: [id]).map {
            try bodies.value($0)
        }
    }

    static func evenings(network: String?, _ db: Database) throws -> [Training.Evening] {
        var w = SQLConditions()
        w.add("network_id = ?", network)
        return try String.fetchAll(
            db, sql: "SELECT body FROM evenings \(w.sql) ORDER BY date, id", arguments: w.arguments
        )
        .map { try JSONDecoder().decode(Training.Evening.self, from: Data($0.utf8)) }
    }

    /// Inserts (id 0) or updates; returns the evening as stored.
    @discardableResult
    static func save(_ e: Training.Evening, _ db: Database) throws -> Training.Evening {
        var e = e
        if e.id == 0 {
            try db.cachedStatement(sql: "INSERT INTO evenings (network_id, status, date, body) VALUES (?, ?, ?, '{}')")
                .execute(arguments: [e.networkID, e.status.rawValue, e.date])
            e.id = Int(db.lastInsertedRowID)
        }
        let body = String(decoding: try JSONEncoder().encode(e), as: UTF8.self)
        try db.cachedStatement(sql: "UPDATE evenings SET status = ?, date = ?, body = ? WHERE id = ?").execute(
            arguments: [e.status.rawValue, e.date, body, e.id])
        return e
    }

    static func registration(_ id: Int, _ db: Database) throws -> Training.Registration? {
        try Row.first(db.cachedStatement(sql: "SELECT * FROM registrations WHERE id = ?"), arguments: [id]) {
            try record($0, db)
        }
    }

    /// An evening's registrations in id order; the waiting list's places counted on the way.
    static func registrations(evening: Int, _ db: Database) throws -> [Training.Registration] {
        var place = 0
        return try Row.all(
            db.cachedStatement(sql: "SELECT * FROM registrations WHERE evening_id = ? ORDER BY id"),
            arguments: [evening]
        ) { row in
            let waits = (row["status"] as String) == Training.RegistrationStatus.waitlisted.rawValue
            if waits { place += 1 }
            return try record(row, position: waits ? place : nil, db)
        }
    }

    /// Places taken: the people of confirmed registrations and held offers, as the store counts
    /// them (`taken_counts`, kept by triggers), so a registration costs the same with ten or ten
    /// thousand before it.
    static func taken(evening: Int, _ db: Database) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT taken FROM taken_counts WHERE evening_id = ?"), arguments: [evening]) ?? 0
    }

    /// How many registrations wait for a place.
    static func waiting(evening: Int, _ db: Database) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT waiting FROM waiting_counts WHERE evening_id = ?"), arguments: [evening])
            ?? 0
    }

    static func live(evening: Int, email: String, _ db: Database) throws -> Training.Registration? {
        try Row.first(
            db.cachedStatement(
                sql: """
                    SELECT * FROM registrations WHERE evening_id = ? AND email = ?
                    AND status IN ('confirmed', 'offered', 'waitlisted')
                    """), arguments: [evening, email]
        ) { try record($0, db) }
    }

    static func expiredOffers(by now: Date, _ db: Database) throws -> [Int] {
        try WaitingListTable.registrations.expiredOffers(by: now, db)
    }

    /// A registration; a waitlisted one's place is counted unless the caller knows it.
    private static func record(_ r: Row, position known: Int? = nil, _ db: Database) throws -> Training.Registration {
        let status = Training.RegistrationStatus(rawValue: r["status"]) ?? .cancelled
        let position =
            status == .waitlisted
            ? try known ?? WaitingListTable.registrations.position(of: r["id"], in: r["evening_id"] as Int, db) : nil
        return Training.Registration(
            id: r["id"], eveningID: r["evening_id"], name: r["name"], email: r["email"], consentToContact: r["consent"],
            question: r["question"], status: status, waitlistPosition: position, offerExpiresAt: r["offer_expires_at"],
            registeredAt: r["registered_at"], attended: r["attended"], rating: r["rating"], comment: r["comment"],
            people: r["people"])
    }

    static func insert(_ r: Training.Registration, _ db: Database) throws -> Training.Registration {
        try db.cachedStatement(
            sql: """
                INSERT INTO registrations (evening_id, name, email, consent, question, status, offer_expires_at,
                    registered_at, people)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            r.eveningID, r.name, r.email, r.consentToContact, r.question, r.status.rawValue, r.offerExpiresAt,
            r.registeredAt, r.seats,
        ])
        let id = Int(db.lastInsertedRowID)
        // The newest waitlisted registration is last: its place is the count of those waiting.
        let position = r.status == .waitlisted ? try waiting(evening: r.eveningID, db) : nil
        return try Row.first(db.cachedStatement(sql: "SELECT * FROM registrations WHERE id = ?"), arguments: [id]) {
            try record($0, position: position, db)
        }!
    }

    static func setStatus(
        _ id: Int, _ status: Training.RegistrationStatus, offerExpiresAt: String? = nil, _ db: Database
    ) throws -> Training.Registration {
        try WaitingListTable.registrations.setStatus(id, status.rawValue, offerExpiresAt: offerExpiresAt, db)
        return try registration(id, db)!
    }

    static func setAttendance(evening: Int, present: Set<Int>, _ db: Database) throws {
        for r in try registrations(evening: evening, db) {
            try db.cachedStatement(sql: "UPDATE registrations SET attended = ? WHERE id = ?").execute(arguments: [
                present.contains(r.id), r.id,
            ])
        }
    }

    static func setFeedback(_ id: Int, rating: Int, comment: String?, _ db: Database) throws -> Training.Registration {
        try db.cachedStatement(sql: "UPDATE registrations SET rating = ?, comment = ? WHERE id = ?").execute(
            arguments: [rating, comment, id])
        return try registration(id, db)!
    }
}
