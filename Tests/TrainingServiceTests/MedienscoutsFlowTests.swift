import Contracts
import Foundation
import Messaging
import RBNTestSupport
import ServiceKit
import Testing
import TrainingService

/// The training service through a real broker: it learns schools from registry events; rounds take
/// applications up to their capacity, then a waiting list; freed places are offered and held;
/// attendance makes certificates. Each test uses round ids and Schulnummern of its own.
@Suite("Medienscouts rounds over the broker", .hangGuard)
struct MedienscoutsFlowTests {
    /// Offers are held for the round's hold hours (2 in these tests) of `hourLength` seconds each:
    /// 10 s, so a loaded machine takes an offer in time.
    static func with(hourLength: Double = 5, _ body: (ServiceHarness) async throws -> Void) async throws {
        try await ServiceHarness.with(
            service: Training.service, events: "training.#",
            { TrainingService.definition(name: $0, offerCheckEvery: 0.2, hourLength: hourLength) },
            ready: { h in
                _ = try await h.send(Training.GetRound(roundID: "none"), as: Training.RoundDetails.self, timeout: 1)
            },
            body)
    }

    static func school(_ schulform: String = "GY", network: String = "kreis-lippe") -> Registry.Institution {
        let number = "1" + String(format: "%05d", Int.random(in: 0...99_999))
        return Registry.Institution(
            id: number, kind: .school, name: "Schule \(number)", networkID: network, joinedOn: "2020-08-01",
            school: .init(schulform: schulform, schultraegerID: "stadt-detmold", isPublic: true))
    }

    /// Publishes the schools as the registry would, and waits until the service knows the last.
    static func register(_ schools: [Registry.Institution], _ h: ServiceHarness, round: String) async throws {
        for s in schools {
            try await h.connection.publishEvent(Registry.InstitutionRegistered(institution: s))
        }
        // Known once an application is refused for another reason than an unknown school.
        let probe = Training.ApplyForRound(roundID: round, schulnummer: schools.last!.id, students: [], teachers: [])
        // Waited for, not for a time: the test's limit ends a wait for schools that never come.
        while !Task.isCancelled {
            if case .refused(let e) = try await h.send(probe, as: Training.ApplicationDetails.self),
                e.code == "unknown-school"
            {
                try await Task.sleep(for: .milliseconds(50))
                continue
            }
            return
        }
        throw TestSetupError("the training service never learnt the schools")
    }

    static func round(
        _ h: ServiceHarness, capacity: Int, kind: Training.RoundKind = .qualification
    ) async throws -> Training.Round {
        let id = "test-\(UUID().uuidString.prefix(8).lowercased())"
        var c = TrainingRulesTests.create(capacity: capacity, opens: "2026-01-01", closes: "2099-12-31", kind: kind)
        c.id = id
        c.offerHoldHours = 2
        return try await h.command(c, as: Training.RoundDetails.self).round
    }

    static func apply(_ school: Registry.Institution, _ round: Training.Round) -> Training.ApplyForRound {
        Training.ApplyForRound(
            roundID: round.id, schulnummer: school.id,
            students: [
                .init(firstName: "Lena", grade: 8, parentalConsentOn: "2026-09-10"),
                .init(firstName: "Mehmet", grade: 9, parentalConsentOn: "2026-09-11"),
            ], teachers: [.init(name: "Frau Lehmann", email: "lehmann@schule-\(school.id).example")])
    }

    /// Training takes requests from operators only (setting `operators`; the harness's user here):
    /// another broker user, or a request that does not say who sends it, is refused before any
    /// handler runs, and nothing changes.
    @Test func onlyOperatorsMayChangeOrReadTraining() async throws {
        try await Self.with { h in
            let id = "lehrer-\(UUID().uuidString.prefix(6).lowercased())"
            try await ServiceHarness.addBrokerUser(id, password: "pw-\(id)")
            let someone = try await h.sender(user: id, password: "pw-\(id)")
            defer { Task { await someone.connection.close() } }
            var create = TrainingRulesTests.create(capacity: 2, opens: "2026-01-01", closes: "2099-12-31")
            let roundID = "test-\(UUID().uuidString.prefix(8).lowercased())"
            create.id = roundID
            let anonymous = ServiceHarness.Sender(connection: h.connection, user: nil)
            for (sender, who) in [(someone, "\(id) is not an operator"), (anonymous, "does not say who sends it")] {
                guard case .refused(let e) = try await h.send(create, as: Training.RoundDetails.self, from: sender)
                else { throw TestSetupError("a round was created by \(sender.user ?? "nobody")") }
                #expect(e.code == "not-permitted" && e.message.contains(who), "\(e.message)")
            }
            guard
                case .refused(let e) = try await h.send(
                    Training.GetRound(roundID: roundID), as: Training.RoundDetails.self, from: someone)
            else { throw TestSetupError("a round was shown to \(id)") }
            #expect(e.code == "not-permitted")
            // Nothing was created; the operator sees that, and creates the round.
            guard
                case .refused(let missing) = try await h.send(
                    Training.GetRound(roundID: roundID), as: Training.RoundDetails.self)
            else { throw TestSetupError("a refused request created the round") }
            #expect(missing.code == "not-found")
            #expect(try await h.command(create, as: Training.RoundDetails.self).round.id == roundID)
        }
    }

    @Test func placesThenTheWaitingListThenAnOfferThatIsTaken() async throws {
        try await Self.with { h in
            let round = try await Self.round(h, capacity: 2)
            let schools = (0..<3).map { _ in Self.school() } + [Self.school("G")]
            try await Self.register(schools, h, round: round.id)
            let a = try await h.command(Self.apply(schools[0], round), as: Training.ApplicationDetails.self).application
            let b = try await h.command(Self.apply(schools[1], round), as: Training.ApplicationDetails.self).application
            let c = try await h.command(Self.apply(schools[2], round), as: Training.ApplicationDetails.self).application
            #expect(a.status == .confirmed && b.status == .confirmed)
            #expect(c.status == .waitlisted && c.waitlistPosition == 1)
            let grundschule = try await h.refusal(Self.apply(schools[3], round))
            #expect(grundschule.code == "not-sek-i")
            let twice = try await h.refusal(Self.apply(schools[0], round))
            #expect(twice.code == "conflict")

            // A place frees: the next school gets an offer, held 2 "hours" (seconds here), and takes it.
            let withdrawn = try await h.command(
                Training.WithdrawApplication(applicationID: a.id, reason: "Termine passen nicht"),
                as: Training.ApplicationDetails.self)
            #expect(withdrawn.application.status == .withdrawn)
            let offered = try await h.query(
                Training.GetApplication(applicationID: c.id), as: Training.ApplicationDetails.self)
            #expect(offered.application.status == .offered)
            #expect(offered.application.offerExpiresAt != nil)
            let taken = try await h.command(
                Training.AcceptOffer(applicationID: c.id), as: Training.ApplicationDetails.self)
            #expect(taken.application.status == .confirmed)
            let details = try await h.query(Training.GetRound(roundID: round.id), as: Training.RoundDetails.self)
            #expect(details.confirmed == 2 && details.offered == 0 && details.waitlisted == 0)

            // In order, each once, and each valid against its schema (emitted checks that).
            let events = try await h.emitted(expecting: 10)
            let types = events.map { $0.type.split(separator: ".").dropLast().suffix(2).joined(separator: ".") }
            #expect(
                types == [
                    "round.created", "application.received", "application.confirmed", "application.received",
                    "application.confirmed", "application.received", "application.waitlisted", "application.withdrawn",
                    "application.offered", "application.confirmed",
                ])
        }
    }

    @Test func twoSchoolsAskingForTheLastPlaceAtOnceGetOneEach() async throws {
        try await Self.with { h in
            let round = try await Self.round(h, capacity: 1)
            let schools = (0..<2).map { _ in Self.school() }
            try await Self.register(schools, h, round: round.id)
            async let first = h.command(Self.apply(schools[0], round), as: Training.ApplicationDetails.self)
            async let second = h.command(Self.apply(schools[1], round), as: Training.ApplicationDetails.self)
            let statuses = try await [first.application.status, second.application.status]
            #expect(statuses.filter { $0 == .confirmed }.count == 1)
            #expect(statuses.filter { $0 == .waitlisted }.count == 1)
        }
    }

    @Test func anOfferNotTakenPassesOnDownTheList() async throws {
        // Offers held 10 s: long enough for a loaded machine to look before the second one passes too.
        try await Self.with { h in
            let round = try await Self.round(h, capacity: 1)
            let schools = (0..<3).map { _ in Self.school() }
            try await Self.register(schools, h, round: round.id)
            var ids: [Int] = []
            for s in schools {
                ids.append(
                    try await h.command(Self.apply(s, round), as: Training.ApplicationDetails.self).application.id)
            }
            _ = try await h.command(
                Training.WithdrawApplication(applicationID: ids[0]), as: Training.ApplicationDetails.self)
            func status(_ id: Int) async throws -> Training.ApplicationStatus {
                try await h.query(Training.GetApplication(applicationID: id), as: Training.ApplicationDetails.self)
                    .application.status
            }
            #expect(try await status(ids[1]) == .offered)
            #expect(try await status(ids[2]) == .waitlisted)
            // The offer is held 10 s; then it expires and the third school gets one.
            _ = try await eventually(every: .milliseconds(100), until: { $0 == .offered }) { try await status(ids[2]) }
            #expect(try await status(ids[1]) == .expired)
            #expect(try await status(ids[2]) == .offered)
            let late = try await h.refusal(Training.AcceptOffer(applicationID: ids[1]))
            #expect(late.code == "not-allowed")
            _ = try await h.command(Training.AcceptOffer(applicationID: ids[2]), as: Training.ApplicationDetails.self)
            #expect(try await status(ids[2]) == .confirmed)
        }
    }

    @Test func attendanceMakesCertificatesAndTheyOpenAufbauworkshops() async throws {
        try await Self.with { h in
            let round = try await Self.round(h, capacity: 5)
            let school = Self.school("GE")
            let newcomer = Self.school("R")
            try await Self.register([school, newcomer], h, round: round.id)
            let app = try await h.command(Self.apply(school, round), as: Training.ApplicationDetails.self).application
            for w in 1...5 {
                // Lena (s1) and the teacher (t1) at every workshop, Mehmet (s2) misses the fourth.
                let present = w == 4 ? ["s1", "t1"] : ["s1", "s2", "t1"]
                _ = try await h.command(
                    Training.RecordAttendance(applicationID: app.id, workshop: w, present: present),
                    as: Training.AttendanceSheet.self)
            }
            let stranger = try await h.refusal(
                Training.RecordAttendance(applicationID: app.id, workshop: 1, present: ["s3"]))
            #expect(stranger.code == "invalid")
            let issued = try await h.command(
                Training.IssueCertificates(roundID: round.id), as: Training.CertificateList.self)
            #expect(Set(issued.certificates.map(\.participant)) == ["s1", "t1"])
            #expect(issued.certificates.allSatisfy { CertificateNumber.isWellFormed($0.number) })
            let again = try await h.command(
                Training.IssueCertificates(roundID: round.id), as: Training.CertificateList.self)
            #expect(again.certificates.isEmpty)

            let number = try #require(issued.certificates.first { $0.participant == "s1" }?.number)
            let checked = try await h.query(
                Training.VerifyCertificate(number: number.lowercased()), as: Training.CertificateList.self)
            #expect(checked.certificates.first?.name == "Lena")
            var typo = Array(number)
            typo[9] = typo[9] == "A" ? "B" : "A"
            #expect(try await h.refusal(Training.VerifyCertificate(number: String(typo))).code == "invalid")

            // Aufbauworkshops: the qualified school may apply, the newcomer may not.
            let aufbau = try await Self.round(h, capacity: 5, kind: .aufbau)
            let ok = try await h.command(Self.apply(school, aufbau), as: Training.ApplicationDetails.self)
            #expect(ok.application.status == .confirmed)
            #expect(try await h.refusal(Self.apply(newcomer, aufbau)).code == "not-qualified")

            let report = try await h.query(
                Training.TrainingReport(networkID: "kreis-lippe"), as: Training.TrainingFigures.self)
            let lippe = try #require(report.networks.first)
            #expect(lippe.rounds == 2 && lippe.schoolsTaking == 1 && lippe.schoolsQualified == 1)
            #expect(lippe.certifiedScouts == 1 && lippe.certifiedTeachers == 1)
            #expect(lippe.areas == ["1": 2, "3": 2, "4": 2, "5": 2])

            let events = try await h.emitted(expecting: 8)
            #expect(events.filter { $0.type == Training.CertificateIssued.messageType.rawValue }.count == 2)
        }
    }

    @Test func rescheduledAndCancelledWorkshopsTellEveryoneWithAPlace() async throws {
        try await Self.with { h in
            let round = try await Self.round(h, capacity: 1)
            let schools = [Self.school(), Self.school()]
            try await Self.register(schools, h, round: round.id)
            _ = try await h.command(Self.apply(schools[0], round), as: Training.ApplicationDetails.self)
            _ = try await h.command(Self.apply(schools[1], round), as: Training.ApplicationDetails.self)
            _ = try await h.command(
                Training.RescheduleWorkshop(
                    roundID: round.id, number: 3, date: "2027-02-03", starts: "08:30", ends: "14:00"),
                as: Training.RoundDetails.self)
            let cancelled = try await h.command(
                Training.CancelWorkshop(roundID: round.id, number: 5, reason: "Referentin erkrankt"),
                as: Training.RoundDetails.self)
            #expect(cancelled.round.workshops[4].cancelled)
            let events = try await h.emitted(expecting: 8)
            let moved = try #require(events.first { $0.type == Training.WorkshopRescheduled.messageType.rawValue })
            let data = try EnvelopeCodec.decode(Training.WorkshopRescheduled.self, from: moved.body).data
            #expect(data.previous.date != data.workshop.date && data.workshop.date == "2027-02-03")
            #expect(data.applications.map(\.schulnummer) == [schools[0].id], "only the school with a place")
            #expect(events.contains { $0.type == Training.WorkshopCancelled.messageType.rawValue })
        }
    }
}

/// Issue 20: a school applies through the portal, only by one of its contacts, and sees only its own.
extension MedienscoutsFlowTests {
    @Test func aSchoolsContactAppliesThroughThePortalAndNobodyElse() async throws {
        try await Self.with { h in
            let round = try await Self.round(h, capacity: 1)
            let school = Self.school()
            let contact = "medien.\(school.id)@schule.example"
            try await h.connection.publishEvent(
                Registry.ContactAssigned(
                    contact: .init(
                        personID: "p-\(school.id)", name: "Carla Schubert", email: contact,
                        role: .beratungslehrkraft, networkID: school.networkID, institutionID: school.id)))
            try await Self.register([school], h, round: round.id)
            let portal = try await h.portal()
            defer { Task { await portal.connection.close() } }
            var application = Self.apply(school, round)
            application.email = "eve@evil.example"
            guard
                case .refused(let stranger) = try await h.send(
                    application, as: Training.ApplicationDetails.self, from: portal)
            else { throw TestSetupError("a stranger applied for the school") }
            #expect(stranger.code == "not-a-contact")
            application.email = contact
            guard
                case .reply(let applied) = try await h.send(
                    application, as: Training.ApplicationDetails.self, from: portal)
            else { throw TestSetupError("the contact could not apply") }
            #expect(applied.application.status == .confirmed)
            guard
                case .reply(let rounds) = try await h.send(
                    Training.GetSchoolRounds(schulnummer: school.id, email: contact), as: Training.SchoolRounds.self,
                    from: portal)
            else { throw TestSetupError("the contact could not see the rounds") }
            let mine = rounds.rounds.first { $0.round.id == round.id }
            #expect(mine?.application?.id == applied.application.id && mine?.open == false && mine?.freePlaces == 0)
            for email: String? in [nil, "eve@evil.example"] {
                guard
                    case .refused(let hidden) = try await h.send(
                        Training.GetApplication(applicationID: applied.application.id, email: email),
                        as: Training.ApplicationDetails.self, from: portal)
                else { throw TestSetupError("another address saw the application") }
                #expect(hidden.code == "not-found")
                guard
                    case .refused = try await h.send(
                        Training.WithdrawApplication(applicationID: applied.application.id, email: email),
                        as: Training.ApplicationDetails.self, from: portal)
                else { throw TestSetupError("another address withdrew the application") }
            }
        }
    }
}
