import Contracts
import Directory
import Foundation
import GRDB
import ServiceKit

/// Data protection: personal data goes when its retention period is over (to the end of the
/// calendar year, after the round's last workshop or the evening: teachers 1 year by VO-DV II,
/// pupils 5 years by VO-DV I § 9, parents 1 year), on the registry's person.erased and on an
/// erasure request; each erasure by person is confirmed with training.person.erased.
struct Privacy: Sendable {
    let rules: TrainingRules

    func register(_ h: inout HandlerRegistry) {
        h.command(Training.ErasePerson.self) { c, ctx in
            let needles = try Self.needles(c.data.email, ctx.db)
            let entries = try ErasureRows.erase(email: c.data.email, ctx.db)
            try ctx.erasedPerson(needles)
            let confirmation = Training.PersonErased(requestID: c.data.requestID, entries: entries)
            try ctx.emit(confirmation, subject: c.data.requestID)
            return confirmation
        }
    }

    /// For the directory's person.erased: the same erasure, confirmed under the registry's person id.
    func erased(personID: String, email: String, _ ctx: MessageContext) throws {
        let needles = try Self.needles(email, ctx.db)
        let entries = try ErasureRows.erase(email: email, ctx.db)
        try ctx.erasedPerson(needles)
        try ctx.emit(Training.PersonErased(requestID: personID, entries: entries), subject: personID)
    }

    /// The address and the names training knows for it (as a parent, as a teacher), for the
    /// runtime's stored replies and published messages that quote them.
    static func needles(_ email: String, _ db: Database) throws -> [String] {
        let email = email.lowercased()
        var names = try String.fetchAll(
            db, sql: "SELECT DISTINCT name FROM registrations WHERE email = ?", arguments: [email])
        names += try String.fetchAll(
            db,
            sql: """
                SELECT DISTINCT json_extract(t.value, '$.name') FROM applications a, json_each(a.teachers) t
                WHERE json_extract(t.value, '$.email') = ?
                """, arguments: [email])
        return Erasure.needles(email: email, names: names)
    }

    /// The timer's work: teachers, pupils and parents past their periods lose their personal data.
    func expire(_ ctx: MessageContext) throws {
        let today = CivilDay(ctx.now, in: CivilDay.berlin)
        for id in try ErasureRows.applicationsPast(rules.teachers.cutoff(today: today), team: .teachers, ctx.db) {
            try ErasureRows.eraseAllTeachers(application: id, ctx.db)
        }
        for id in try ErasureRows.applicationsPast(rules.pupils.cutoff(today: today), team: .students, ctx.db) {
            try ErasureRows.eraseStudents(application: id, ctx.db)
        }
        for id in try ErasureRows.registrationsPast(rules.parents.cutoff(today: today), ctx.db) {
            try ErasureRows.eraseRegistration(id, ctx.db)
        }
    }
}
