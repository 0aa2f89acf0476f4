import Contracts
import Foundation
import GRDB
import ServiceKit

/// Reading and writing rounds, applications, attendance and certificates.
enum TrainingRows {
    private static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    // MARK: Rounds

    static func round(_ id: String, _ db: Database) throws -> Training.Round? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT body FROM rounds WHERE id = ?"), arguments: [id]).map {
            try decode(Training.Round.self, $0)
        }
    }

    static func rounds(network: String?, schoolYear: String?, _ db: Database) throws -> [Training.Round] {
        var w = SQLConditions()
        w.add("network_id = ?", network)
        w.add("school_year = ?", schoolYear)
        return try String.fetchAll(
            db, sql: "SELECT body FROM rounds \(w.sql) ORDER BY school_year DESC, id", arguments: w.arguments
        ).map { try decode(Training.Round.self, $0) }
    }

    static func save(_ r: Training.Round, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO rounds (id, network_id, school_year, body) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET body = excluded.body
                """
        ).execute(arguments: [r.id, r.networkID, r.schoolYear, try json(r)])
    }

    // MARK: Applications

    static func application(_ id: Int, _ db: Database) throws -> Training.Application? {
        try Row.first(db.cachedStatement(sql: "SELECT * FROM applications WHERE id = ?"), arguments: [id]) {
            try record($0, db)
        }
    }

    /// The round's applications in the order they came.
    static func applications(round: String, _ db: Database) throws -> [Training.Application] {
        try Row.all(
            db.cachedStatement(sql: "SELECT * FROM applications WHERE round_id = ? ORDER BY id"), arguments: [round]
        ) { try record($0, db) }
    }

    static func live(round: String, school: String, _ db: Database) throws -> Training.Application? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT * FROM applications WHERE round_id = ? AND schulnummer = ?
                    AND status IN ('confirmed', 'offered', 'waitlisted')
                    """), arguments: [round, school]
        ).map { try record($0, db) }
    }

    static func expiredOffers(by now: Date, _ db: Database) throws -> [Int] {
        try WaitingListTable.applications.expiredOffers(by: now, db)
    }

    private static func record(_ r: Row, _ db: Database) throws -> Training.Application {
        let status = Training.ApplicationStatus(rawValue: r["status"]) ?? .withdrawn
        let position =
            status == .waitlisted
            ? try WaitingListTable.applications.position(of: r["id"], in: r["round_id"] as String, db) : nil
        return Training.Application(
            id: r["id"], roundID: r["round_id"], schulnummer: r["schulnummer"], schoolName: r["school_name"],
            students: try decode([Training.Student].self, r["students"]),
            teachers: try decode([Training.Teacher].self, r["teachers"]), status: status, waitlistPosition: position,
            offerExpiresAt: r["offer_expires_at"], appliedAt: r["applied_at"])
    }

    /// Inserts a new application (id 0) and returns it as stored.
    static func insert(_ a: Training.Application, _ db: Database) throws -> Training.Application {
        try db.cachedStatement(
            sql: """
                INSERT INTO applications (round_id, schulnummer, school_name, students, teachers, status,
                    offer_expires_at, applied_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            a.roundID, a.schulnummer, a.schoolName, try json(a.students), try json(a.teachers), a.status.rawValue,
            a.offerExpiresAt, a.appliedAt,
        ])
        return try application(Int(db.lastInsertedRowID), db)!
    }

    static func setStatus(
        _ id: Int, _ status: Training.ApplicationStatus, offerExpiresAt: String? = nil, _ db: Database
    ) throws -> Training.Application {
        try WaitingListTable.applications.setStatus(id, status.rawValue, offerExpiresAt: offerExpiresAt, db)
        return try application(id, db)!
    }

    // MARK: Attendance and certificates

    static func setAttendance(application: Int, workshop: Int, present: [String], _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM attendance WHERE application_id = ? AND workshop = ?").execute(
            arguments: [application, workshop])
        for p in present {
            try db.cachedStatement(
                sql: "INSERT INTO attendance (application_id, workshop, participant) VALUES (?, ?, ?)"
            ).execute(arguments: [application, workshop, p])
        }
    }

    /// Workshops attended, by participant key.
    static func attendance(application: Int, _ db: Database) throws -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for r in try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT participant, workshop FROM attendance WHERE application_id = ? ORDER BY workshop"),
            arguments: [application])
        {
            out[r["participant"], default: []].append(r["workshop"])
        }
        return out
    }

    static func certificate(_ number: String, _ db: Database) throws -> Training.Certificate? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT body FROM certificates WHERE number = ?"), arguments: [number]
        ).map {
            try decode(Training.Certificate.self, $0)
        }
    }

    static func hasCertificate(application: Int, participant: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(
                sql: "SELECT EXISTS (SELECT 1 FROM certificates WHERE application_id = ? AND participant = ?)"),
            arguments: [application, participant]) ?? false
    }

    /// Whether the school's team completed a qualification round (someone of it holds a certificate).
    static func schoolQualified(_ schulnummer: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT EXISTS (SELECT 1 FROM certificates c JOIN rounds r ON r.id = c.round_id
                        WHERE c.schulnummer = ? AND json_extract(r.body, '$.kind') = 'qualification')
                    """), arguments: [schulnummer]) ?? false
    }

    /// Stores a certificate; false when the number is taken (the caller draws another).
    static func insert(_ c: Training.Certificate, application: Int, _ db: Database) throws -> Bool {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO certificates (number, application_id, participant, round_id, schulnummer, body)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [c.number, application, c.participant, c.roundID, c.schulnummer, try json(c)])
        return db.changesCount > 0
    }
}
