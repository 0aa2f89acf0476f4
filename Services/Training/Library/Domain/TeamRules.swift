import Contracts
import Foundation
import ServiceKit

/// Who may apply with whom: a registered, active Sek I school of the round's network, within the
/// application period, with up to 4 students of grades 7 to 9 (a setting) (a parent's consent recorded under 16) and up to 2
/// teachers with work e-mail addresses.
public enum TeamRules {
    public static let maxStudents = 4
    public static let maxTeachers = 2

    /// The team, trimmed and checked.
    public static func team(
        students: [Training.Student], teachers: [Training.Teacher], grades: ClosedRange<Int> = TrainingRules.nrw.grades
    ) throws -> ([Training.Student], [Training.Teacher]) {
        guard (1...maxStudents).contains(students.count) else {
            throw DomainError.invalid("a team has 1 to \(maxStudents) students", field: "students")
        }
        guard (1...maxTeachers).contains(teachers.count) else {
            throw DomainError.invalid("a team has 1 or \(maxTeachers) Beratungslehrkräfte", field: "teachers")
        }
        let s = try students.enumerated().map { i, s in
            var s = s
            s.firstName = s.firstName.trimmingCharacters(in: .whitespaces)
            let field = "students[\(i)]"
            guard !s.firstName.isEmpty, !s.firstName.contains(" ") || s.firstName.count <= 30 else {
                throw DomainError.invalid("a student is known by first name only", field: field)
            }
            guard grades.contains(s.grade) else {
                throw DomainError.invalid(
                    "Medienscouts are in grades \(grades.lowerBound) to \(grades.upperBound), not \(s.grade)",
                    field: field)
            }
            if s.under16 {
                guard let consent = s.parentalConsentOn, CivilDay(consent) != nil else {
                    throw DomainError.invalid(
                        "\(s.firstName) is under 16: record the date of a parent's consent (parentalConsentOn)",
                        field: field)
                }
            }
            return s
        }
        let t = try teachers.enumerated().map { i, t in
            let name = t.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, let email = try? MailAddress.normalized(t.email),
                (try? MailAddress.displayName(name)) != nil
            else {
                throw DomainError.invalid("a teacher needs a name and a work e-mail address", field: "teachers[\(i)]")
            }
            return Training.Teacher(name: name, email: email)
        }
        guard Set(t.map(\.email)).count == t.count else {
            throw DomainError.invalid("the two teachers need different e-mail addresses", field: "teachers")
        }
        return (s, t)
    }

    /// Refuses schools that may not send Medienscouts: unknown, gone, not Sek I, or of another network.
    public static func admit(_ school: SchoolFacts?, schulnummer: String, round: Training.Round) throws {
        guard let school else {
            throw DomainError(
                "unknown-school", "no school with Schulnummer \(schulnummer) is registered", field: "schulnummer")
        }
        guard school.active else {
            throw DomainError("retired-school", "\(school.name) has left its network", field: "schulnummer")
        }
        let form = school.schulform.flatMap(Schulform.find)
        guard let form, form.isSekundarstufeI else {
            let what = form.map { "a \($0.name)" } ?? "not known as a Sek I school"
            throw DomainError(
                "not-sek-i",
                "\(school.name) (\(schulnummer)) is \(what); Medienscouts are for Sek I schools "
                    + "(Haupt-, Real-, Sekundar-, Gesamtschule, Gymnasium, Förderschule)", field: "schulnummer")
        }
        guard school.networkID == round.networkID else {
            throw DomainError(
                "other-network",
                "\(school.name) belongs to the network \(school.networkID); this round is for \(round.networkID)",
                field: "schulnummer")
        }
    }

    /// Whether `today` lies in the round's application period.
    public static func inPeriod(_ round: Training.Round, today: CivilDay) throws {
        guard let opens = CivilDay(round.applicationOpens), let closes = CivilDay(round.applicationCloses) else {
            return
        }
        guard opens <= today else {
            throw DomainError(
                "not-open", "applications for \(round.title) open on \(round.applicationOpens)", field: "roundID")
        }
        guard today <= closes else {
            throw DomainError(
                "closed", "applications for \(round.title) closed on \(round.applicationCloses)", field: "roundID")
        }
    }

    /// What the rules need to know of a school.
    public struct SchoolFacts: Sendable {
        public var name: String
        public var networkID: String
        public var schulform: String?
        public var active: Bool
        public init(name: String, networkID: String, schulform: String?, active: Bool) {
            self.name = name
            self.networkID = networkID
            self.schulform = schulform
            self.active = active
        }
    }
}
