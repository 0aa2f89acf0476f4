import Contracts
import Foundation
import GRDB
import ServiceKit

/// Attendance per workshop and participant; certificates by the round's completion rule.
enum CertificateHandlers {
    static func register(_ h: inout HandlerRegistry) {
        h.command(Training.RecordAttendance.self) { c, ctx in try record(c.data, ctx) }
        h.command(Training.IssueCertificates.self) { c, ctx in try issue(c.data, ctx) }
        h.query(Training.VerifyCertificate.self) { q, ctx in
            let number = q.data.number.trimmingCharacters(in: .whitespaces).uppercased()
            guard CertificateNumber.isWellFormed(number) else {
                throw DomainError.invalid(
                    "'\(q.data.number)' is not a certificate number (MS-2026-XXXXXX-X); check for a typo",
                    field: "number")
            }
            guard let c = try TrainingRows.certificate(number, ctx.db) else {
                throw DomainError.notFound("no certificate has the number \(number)", field: "number")
            }
            return Training.CertificateList(certificates: [c])
        }
    }

    /// The team's participants by key: `s1` … for students, `t1` … for teachers.
    static func participants(_ a: Training.Application) -> [(key: String, name: String, role: String)] {
        a.students.enumerated().map { ("s\($0.offset + 1)", $0.element.firstName, "student") }
            + a.teachers.enumerated().map { ("t\($0.offset + 1)", $0.element.name, "teacher") }
    }

    static func sheet(_ a: Training.Application, _ db: Database) throws -> Training.AttendanceSheet {
        let attended = try TrainingRows.attendance(application: a.id, db)
        return Training.AttendanceSheet(
            applicationID: a.id,
            attendance: participants(a).map {
                .init(participant: $0.key, name: $0.name, workshops: attended[$0.key] ?? [])
            })
    }

    static func record(_ c: Training.RecordAttendance, _ ctx: MessageContext) throws -> Training.AttendanceSheet {
        let a = try ApplicationHandlers.existing(c.applicationID, ctx.db)
        guard a.status == .confirmed else {
            throw DomainError(
                "not-allowed", "\(a.schoolName) has no place in the round (application \(a.status.rawValue))",
                field: "applicationID")
        }
        let round = try RoundHandlers.existing(a.roundID, ctx.db)
        let i = try RoundHandlers.workshop(round, c.workshop)
        guard !round.workshops[i].cancelled else {
            throw DomainError("not-allowed", "workshop \(c.workshop) was cancelled", field: "workshop")
        }
        let keys = Set(participants(a).map(\.key))
        for p in c.present where !keys.contains(p) {
            throw DomainError.invalid(
                "\(a.schoolName)'s team has no participant '\(p)' (it has \(keys.sorted().joined(separator: ", ")))",
                field: "present")
        }
        try TrainingRows.setAttendance(
            application: a.id, workshop: c.workshop, present: Array(Set(c.present)).sorted(), ctx.db)
        return try sheet(a, ctx.db)
    }

    /// Workshops needed: the round's rule, but never more than the workshops that took place.
    static func needed(_ round: Training.Round) -> Int {
        min(round.workshopsForCertificate, round.workshops.filter { !$0.cancelled }.count)
    }

    static func issue(_ c: Training.IssueCertificates, _ ctx: MessageContext) throws -> Training.CertificateList {
        let round = try RoundHandlers.existing(c.roundID, ctx.db)
        let held = Set(round.workshops.filter { !$0.cancelled }.map(\.number))
        let year = Int(round.schoolYear.prefix(4)) ?? 2026
        let today = CivilDay(ctx.now, in: CivilDay.berlin).description
        var issued: [Training.Certificate] = []
        for a in try TrainingRows.applications(round: round.id, ctx.db) where a.status == .confirmed {
            let attended = try TrainingRows.attendance(application: a.id, ctx.db)
            for p in participants(a) {
                let count = Set(attended[p.key] ?? []).intersection(held).count
                guard count >= needed(round),
                    try !TrainingRows.hasCertificate(application: a.id, participant: p.key, ctx.db)
                else { continue }
                for _ in 0..<10 {
                    let certificate = Training.Certificate(
                        number: CertificateNumber.make(year: year), roundID: round.id, roundTitle: round.title,
                        schoolYear: round.schoolYear, schulnummer: a.schulnummer, schoolName: a.schoolName,
                        participant: p.key, name: p.name, role: p.role, workshopsAttended: count, issuedOn: today)
                    if try TrainingRows.insert(certificate, application: a.id, ctx.db) {
                        issued.append(certificate)
                        try ctx.emit(
                            Training.CertificateIssued(certificate: certificate, teachers: a.teachers),
                            subject: certificate.number)
                        break
                    }
                }
            }
        }
        return Training.CertificateList(certificates: issued)
    }
}
