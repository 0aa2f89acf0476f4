import Contracts
import Foundation
import GRDB

/// Erasing personal data in place: names become "gelöscht", addresses unusable, questions and
/// comments go; what reports count (grades, attendance, ratings, certificate numbers) stays.
enum ErasureRows {
    static let erasedName = "gelöscht"

    /// Every entry with this e-mail address; returns how many changed.
    static func erase(email: String, _ db: Database) throws -> Int {
        let email = email.lowercased()
        var changed = 0
        let quoted = "\"email\":\"\(email)\""
        for id in try Int.fetchAll(
            db, sql: "SELECT id FROM applications WHERE instr(teachers, ?) > 0", arguments: [quoted])
        {
            changed += try eraseTeachers(application: id, only: email, db)
        }
        let registrations = try Int.fetchAll(
            db, sql: "SELECT id FROM registrations WHERE email = ?", arguments: [email])
        for id in registrations { try eraseRegistration(id, db) }
        changed += registrations.count
        for row in try Row.fetchAll(
            db, sql: "SELECT id, body FROM evenings WHERE instr(body, ?) > 0", arguments: [quoted])
        {
            var e = try JSONDecoder().decode(Training.Evening.self, from: Data((row["body"] as String).utf8))
            guard e.contact.email == email else { continue }
            e.contact = .init(name: erasedName, email: "erased-evening-\(e.id)@invalid")
            try EveningRows.save(e, db)
            changed += 1
        }
        // The bodies as they were stay in no cache of this process.
        EveningRows.bodies.forgetAll()
        return changed
    }

    /// The teachers of an application (those with `only`'s address, or all) lose name and address,
    /// on their certificates too; returns how many.
    static func eraseTeachers(application id: Int, only: String? = nil, _ db: Database) throws -> Int {
        guard let text = try String.fetchOne(db, sql: "SELECT teachers FROM applications WHERE id = ?", arguments: [id])
        else { return 0 }
        var teachers = try JSONDecoder().decode([Training.Teacher].self, from: Data(text.utf8))
        var changed = 0
        for i in teachers.indices where only == nil || teachers[i].email == only {
            guard !teachers[i].email.hasSuffix("@invalid") else { continue }
            teachers[i] = .init(name: erasedName, email: "erased-\(id)-t\(i + 1)@invalid")
            try eraseCertificate(application: id, participant: "t\(i + 1)", db)
            changed += 1
        }
        try db.execute(
            sql: "UPDATE applications SET teachers = ? WHERE id = ?",
            arguments: [String(decoding: try JSONEncoder().encode(teachers), as: UTF8.self), id])
        return changed
    }

    /// The students of an application keep only their grade (and whether they were under 16); their
    /// certificates lose the name.
    static func eraseStudents(application id: Int, _ db: Database) throws {
        if let text = try String.fetchOne(db, sql: "SELECT students FROM applications WHERE id = ?", arguments: [id]) {
            let students = try JSONDecoder().decode([Training.Student].self, from: Data(text.utf8)).enumerated().map {
                Training.Student(firstName: erasedName, grade: $0.element.grade, under16: $0.element.under16)
            }
            for i in students.indices { try eraseCertificate(application: id, participant: "s\(i + 1)", db) }
            try db.execute(
                sql: "UPDATE applications SET students = ?, students_erased = 1 WHERE id = ?",
                arguments: [String(decoding: try JSONEncoder().encode(students), as: UTF8.self), id])
        }
        try markErased(id, db)
    }

    /// The teachers of an application, once their period is over.
    static func eraseAllTeachers(application id: Int, _ db: Database) throws {
        _ = try eraseTeachers(application: id, db)
        try db.execute(sql: "UPDATE applications SET teachers_erased = 1 WHERE id = ?", arguments: [id])
        try markErased(id, db)
    }

    /// A whole team at once.
    static func eraseTeam(application id: Int, _ db: Database) throws {
        try eraseAllTeachers(application: id, db)
        try eraseStudents(application: id, db)
    }

    private static func markErased(_ id: Int, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE applications SET erased = 1 WHERE id = ? AND teachers_erased = 1 AND students_erased = 1",
            arguments: [id])
    }

    static func eraseRegistration(_ id: Int, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE registrations SET name = ?, email = ?, question = NULL, comment = NULL, erased = 1 WHERE id = ?
                """, arguments: [erasedName, "erased-\(id)@invalid", id])
    }

    private static func eraseCertificate(application: Int, participant: String, _ db: Database) throws {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT number, body FROM certificates WHERE application_id = ? AND participant = ?",
                arguments: [application, participant])
        else { return }
        var c = try JSONDecoder().decode(Training.Certificate.self, from: Data((row["body"] as String).utf8))
        c.name = erasedName
        try db.execute(
            sql: "UPDATE certificates SET body = ? WHERE number = ?",
            arguments: [String(decoding: try JSONEncoder().encode(c), as: UTF8.self), row["number"] as String])
    }

    /// Whose data a timer erases from an application.
    enum Team: String {
        case teachers = "teachers_erased"
        case students = "students_erased"
    }

    /// Applications of rounds whose last workshop lies on or before `cutoff`, whose `team` is not yet
    /// erased.
    static func applicationsPast(_ cutoff: CivilDay, team: Team, _ db: Database) throws -> [Int] {
        try Int.fetchAll(
            db,
            sql: """
                SELECT a.id FROM applications a JOIN rounds r ON r.id = a.round_id
                WHERE a.\(team.rawValue) = 0 AND (SELECT MAX(json_extract(w.value, '$.date'))
                    FROM json_each(json_extract(r.body, '$.workshops')) w) <= ?
                """, arguments: [cutoff.description])
    }

    /// Registrations of evenings held on or before `cutoff`, not yet erased.
    static func registrationsPast(_ cutoff: CivilDay, _ db: Database) throws -> [Int] {
        try Int.fetchAll(
            db,
            sql: """
                SELECT g.id FROM registrations g JOIN evenings e ON e.id = g.evening_id
                WHERE g.erased = 0 AND e.date IS NOT NULL AND e.date <= ?
                """, arguments: [cutoff.description])
    }
}
