import Contracts
import Foundation
import ServiceKit
import Testing
import TrainingService

/// The pure rules: well-formed rounds, who may apply with whom, places, certificate numbers.
@Suite("Training rules")
struct TrainingRulesTests {
    static func workshops(_ n: Int = 5, from day: CivilDay = CivilDay(2027, 1, 11)) -> [Training.Workshop] {
        (1...n).map { i in
            Training.Workshop(
                number: i, date: day.adding(days: 7 * (i - 1)).description, starts: "09:00", ends: "15:30",
                mode: i == 2 || i == 4 ? .online : .inPerson, place: i == 2 || i == 4 ? nil : "Medienzentrum Lippe",
                link: i == 2 || i == 4 ? "https://meet.example/ms" : nil, trainers: ["Ute Berg", "Kai Sommer"])
        }
    }

    static func create(
        capacity: Int? = nil, opens: String = "2026-09-01", closes: String = "2027-06-30",
        kind: Training.RoundKind = .qualification
    ) -> Training.CreateRound {
        Training.CreateRound(
            networkID: "kreis-lippe", schoolYear: "2026/27", kind: kind, title: "Medienscouts Lippe 2026/27",
            capacity: capacity, applicationOpens: opens, applicationCloses: closes,
            // An Aufbauworkshop: one day, in person.
            workshops: kind == .aufbau ? [workshops(1)[0]] : workshops())
    }

    func refusal(_ body: () throws -> Void) -> DomainError? {
        do {
            try body()
            return nil
        } catch let e as DomainError {
            return e
        } catch {
            return nil
        }
    }

    @Test func aRoundHasDefaultsAndAnId() throws {
        let r = try RoundRules.round(from: Self.create())
        #expect(r.id == "kreis-lippe-2026-27")
        #expect(r.capacity == 10 && r.offerHoldHours == 48 && r.workshopsForCertificate == 5)
    }

    @Test func badRoundsAreRefusedByField() {
        var c = Self.create()
        c.schoolYear = "2026/28"
        #expect(refusal { _ = try RoundRules.round(from: c) }?.field == "schoolYear")
        c = Self.create(opens: "2027-01-01", closes: "2026-12-01")
        #expect(refusal { _ = try RoundRules.round(from: c) }?.field == "applicationCloses")
        c = Self.create()
        c.workshops[1].link = nil
        #expect(refusal { _ = try RoundRules.round(from: c) }?.message.contains("online and needs a link") == true)
        c = Self.create()
        c.workshops[0].trainers = ["Ute Berg"]
        #expect(refusal { _ = try RoundRules.round(from: c) }?.message.contains("two trainers") == true)
        c = Self.create()
        c.workshops.remove(at: 2)
        #expect(refusal { _ = try RoundRules.round(from: c) }?.field == "workshops")
        c = Self.create()
        c.workshopsForCertificate = 6
        #expect(refusal { _ = try RoundRules.round(from: c) }?.field == "workshopsForCertificate")
    }

    @Test func aGrundschuleOrAnotherNetworksSchoolMayNotApply() throws {
        let round = try RoundRules.round(from: Self.create())
        let grundschule = TeamRules.SchoolFacts(
            name: "Grundschule am Werreufer", networkID: "kreis-lippe", schulform: "G", active: true)
        let e = refusal { try TeamRules.admit(grundschule, schulnummer: "193001", round: round) }
        #expect(e?.code == "not-sek-i")
        #expect(e?.message.contains("Grundschule") == true)
        let elsewhere = TeamRules.SchoolFacts(
            name: "Gymnasium Paulinum", networkID: "stadt-muenster", schulform: "GY", active: true)
        #expect(
            refusal { try TeamRules.admit(elsewhere, schulnummer: "168001", round: round) }?.code == "other-network")
        #expect(refusal { try TeamRules.admit(nil, schulnummer: "100000", round: round) }?.code == "unknown-school")
        let gesamtschule = TeamRules.SchoolFacts(
            name: "Gesamtschule", networkID: "kreis-lippe", schulform: "15", active: true)
        #expect(refusal { try TeamRules.admit(gesamtschule, schulnummer: "193010", round: round) } == nil)
    }

    @Test func theApplicationPeriodCounts() throws {
        let round = try RoundRules.round(from: Self.create(opens: "2026-09-01", closes: "2026-10-15"))
        #expect(refusal { try TeamRules.inPeriod(round, today: CivilDay(2026, 8, 31)) }?.code == "not-open")
        #expect(refusal { try TeamRules.inPeriod(round, today: CivilDay(2026, 9, 1)) } == nil)
        #expect(refusal { try TeamRules.inPeriod(round, today: CivilDay(2026, 10, 15)) } == nil)
        #expect(refusal { try TeamRules.inPeriod(round, today: CivilDay(2026, 10, 16)) }?.code == "closed")
    }

    @Test func aTeamIsSmallAndMinorsNeedConsent() {
        let teacher = Training.Teacher(name: "Frau Lehmann", email: "Lehmann@Schule.example")
        let lena = Training.Student(firstName: "Lena", grade: 8, parentalConsentOn: "2026-09-10")
        #expect(
            refusal { _ = try TeamRules.team(students: Array(repeating: lena, count: 5), teachers: [teacher]) } != nil)
        #expect(refusal { _ = try TeamRules.team(students: [lena], teachers: [teacher, teacher]) } != nil)
        let noConsent = Training.Student(firstName: "Tom", grade: 7)
        #expect(refusal { _ = try TeamRules.team(students: [noConsent], teachers: [teacher]) }?.field == "students[0]")
        let adult = Training.Student(firstName: "Ayla", grade: 9, under16: false)
        #expect(refusal { _ = try TeamRules.team(students: [adult], teachers: [teacher]) } == nil)
        #expect(
            (try? TeamRules.team(students: [lena], teachers: [teacher]))?.1.first?.email == "lehmann@schule.example")
    }

    /// Medienscouts come from grades 7 to 9 (medienscouts-nrw.de); a state with other practice sets
    /// `medienscouts.grades`.
    @Test func medienscoutsAreInGradesSevenToNine() {
        let teacher = Training.Teacher(name: "Frau Lehmann", email: "lehmann@schule.example")
        func pupil(_ grade: Int) -> Training.Student {
            .init(firstName: "Lena", grade: grade, parentalConsentOn: "2026-09-10")
        }
        for grade in [7, 8, 9] {
            #expect(refusal { _ = try TeamRules.team(students: [pupil(grade)], teachers: [teacher]) } == nil)
        }
        for grade in [5, 6, 10] {
            let r = refusal { _ = try TeamRules.team(students: [pupil(grade)], teachers: [teacher]) }
            #expect(r?.field == "students[0]" && r?.message.contains("grades 7 to 9") == true)
        }
        #expect(
            refusal { _ = try TeamRules.team(students: [pupil(10)], teachers: [teacher], grades: 5...10) } == nil)
    }

    /// 7 to 10 schools and the hybrid format are the plan, not the law: other rounds get warnings.
    /// Aufbauworkshops are in person: an online one is refused.
    @Test func roundsOutsideThePlanGetWarnings() throws {
        let usual = try RoundRules.round(from: Self.create(capacity: 8))
        #expect(RoundRules.warnings(usual).isEmpty, "\(RoundRules.warnings(usual))")
        let small = try RoundRules.round(from: Self.create(capacity: 4))
        #expect(RoundRules.warnings(small) == ["a round is planned for 7 to 10 schools; this one has 4 places"])
        #expect(RoundRules.warnings(try RoundRules.round(from: Self.create(capacity: 12))).count == 1)
        var c = Self.create(capacity: 10)
        c.workshops[1].mode = .inPerson
        c.workshops[1].place = "Medienzentrum Lippe"
        c.workshops[4].mode = .online
        c.workshops[4].link = "https://meet.example/ws5"
        let off = RoundRules.warnings(try RoundRules.round(from: c))
        #expect(off.count == 2)
        #expect(off.first?.hasPrefix("workshop 2 is usually online") == true)
        var aufbau = Self.create(capacity: 10, kind: .aufbau)
        #expect(RoundRules.warnings(try RoundRules.round(from: aufbau)).isEmpty)
        aufbau.workshops[0].starts = "09:00"
        aufbau.workshops[0].ends = "12:00"
        #expect(RoundRules.warnings(try RoundRules.round(from: aufbau)).first?.contains("all-day") == true)
        aufbau.workshops[0].mode = .online
        aufbau.workshops[0].link = "https://meet.example/aufbau"
        #expect(refusal { _ = try RoundRules.round(from: aufbau) }?.message.contains("in person") == true)
    }

    @Test func placesThenWaitingThenOffers() {
        #expect(Places.hasRoom(capacity: 2, taken: 1))
        #expect(!Places.hasRoom(capacity: 2, taken: 2))
        var offered: [Int] = []
        Places.offer(capacity: 3, taken: 1, waiting: [7, 9, 12]) { offered.append($0) }
        #expect(offered == [7, 9])
        #expect(Places.offersToMake(capacity: 3, taken: 1, waiting: 5) == 2)
        #expect(Places.offersToMake(capacity: 3, taken: 3, waiting: 5) == 0)
        #expect(Places.offersToMake(capacity: 3, taken: 1, waiting: 1) == 1)
    }

    @Test func certificateNumbersCatchTyposAndSwaps() {
        var g = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var missed: [String] = []
        for _ in 0..<100 {
            let n = CertificateNumber.make(year: 2026, using: &g)
            #expect(CertificateNumber.isWellFormed(n))
            #expect(CertificateNumber.isWellFormed(n.lowercased()))
            let chars = Array(n)
            // Every other character at every place of the random part and the check.
            for i in [8, 9, 10, 11, 12, 13, 15] {
                for c in alphabet where c != chars[i] {
                    var typo = chars
                    typo[i] = c
                    if CertificateNumber.isWellFormed(String(typo)) { missed.append(String(typo)) }
                }
            }
            // Every swap of two different neighbours in the random part.
            for i in 8..<13 where chars[i] != chars[i + 1] {
                var swapped = chars
                swapped.swapAt(i, i + 1)
                if CertificateNumber.isWellFormed(String(swapped)) { missed.append(String(swapped)) }
            }
        }
        #expect(missed.isEmpty, "not caught: \(missed.prefix(5))")
        #expect(!CertificateNumber.isWellFormed("MS-2026-ABC-1"))
    }
}
