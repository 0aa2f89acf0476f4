import Contracts
import Foundation
import Messaging
import RBNTestSupport
import ServiceKit
import Testing
import TrainingService

/// Parent evenings through a real broker: requested by an institution, scheduled with a topic
/// from the catalogue, registrations up to the capacity, a waiting list with held offers,
/// cancellation, questions, attendance and feedback.
@Suite("Parent evenings over the broker", .hangGuard)
struct ParentEveningTests {
    /// A network of this test's own, known to the service.
    static func network(_ h: ServiceHarness) async throws -> String {
        let id = "netz-\(UUID().uuidString.prefix(6).lowercased())"
        try await h.connection.publishEvent(
            Registry.NetworkCreated(
                network: .init(id: id, name: "Testnetzwerk", region: "Lippe", regionKind: .kreis)))
        return id
    }

    static func request(_ network: String) -> Training.RequestEvening {
        Training.RequestEvening(
            networkID: network, institutionID: "kita-sonnenschein", institutionName: "Kita Sonnenschein",
            contact: .init(name: "Petra Hahn", email: "Leitung@Kita-Sonnenschein.example"),
            wish: "Thema Smartphone, gern im März")
    }

    /// Requests an evening once the service knows the network, and schedules it.
    static func scheduled(
        _ h: ServiceHarness, capacity: Int, date: String = "2099-03-10"
    ) async throws -> Training.Evening {
        let network = try await network(h)
        // The network's event is on its way: waited for, not for a time (the test's limit ends a
        // wait for one that never comes).
        var requested: Training.EveningDetails?
        while requested == nil {
            switch try await h.send(request(network), as: Training.EveningDetails.self) {
            case .reply(let d): requested = d
            case .refused(let e) where e.code == "unknown-network" && !Task.isCancelled:
                try await Task.sleep(for: .milliseconds(50))
            case .refused(let e): throw TestSetupError("refused: \(e.message)")
            }
        }
        let e = try #require(requested).evening
        #expect(e.status == .requested && e.contact.email == "leitung@kita-sonnenschein.example")
        return try await h.command(
            Training.ScheduleEvening(
                eveningID: e.id, topicID: "smartphone", speaker: "Dr. Nora Feld", date: date, starts: "19:00",
                ends: "20:30", mode: .online, link: "https://meet.example/eltern", capacity: capacity),
            as: Training.EveningDetails.self
        ).evening
    }

    static func parent(_ e: Training.Evening, _ n: Int, question: String? = nil) -> Training.RegisterParent {
        Training.RegisterParent(
            eveningID: e.id, name: "Elternteil \(n)", email: "eltern\(n)@familie.example", consentToContact: true,
            question: question)
    }

    @Test func registrationsFillTheEveningThenWaitThenTakeAFreedPlace() async throws {
        try await MedienscoutsFlowTests.with { h in
            let e = try await Self.scheduled(h, capacity: 2)
            #expect(e.topic?.competences.contains("5.4") == true)
            var ids: [Int] = []
            for n in 1...3 {
                let r = try await h.command(
                    Self.parent(e, n, question: n == 1 ? "Ab wann ein eigenes Handy?" : nil),
                    as: Training.RegistrationDetails.self)
                ids.append(r.registration.id)
            }
            let details = try await h.query(Training.GetEvening(eveningID: e.id), as: Training.EveningDetails.self)
            #expect(details.confirmed == 2 && details.waitlisted == 1)
            #expect(details.registrations.compactMap(\.question) == ["Ab wann ein eigenes Handy?"])
            #expect(try await h.refusal(Self.parent(e, 1)).code == "conflict")
            var noConsent = Self.parent(e, 9)
            noConsent.consentToContact = false
            #expect(try await h.refusal(noConsent).field == "consentToContact")

            _ = try await h.command(
                Training.CancelRegistration(registrationID: ids[0]), as: Training.RegistrationDetails.self)
            let offered = try await h.query(Training.GetEvening(eveningID: e.id), as: Training.EveningDetails.self)
            #expect(offered.registrations.first { $0.id == ids[2] }?.status == .offered)
            let taken = try await h.command(
                Training.AcceptRegistrationOffer(registrationID: ids[2]), as: Training.RegistrationDetails.self)
            #expect(taken.registration.status == .confirmed)

            // Feedback only once the evening began (this one is in 2099).
            #expect(try await h.refusal(Training.GiveFeedback(registrationID: ids[1], rating: 5)).code == "not-allowed")

            let events = try await h.emitted(expecting: 8)
            let kinds = events.map { $0.type.split(separator: ".").dropLast().suffix(2).joined(separator: ".") }
            #expect(
                kinds == [
                    "evening.requested", "evening.scheduled", "registration.confirmed", "registration.confirmed",
                    "registration.waitlisted", "registration.cancelled", "registration.offered",
                    "registration.confirmed",
                ])
        }
    }

    @Test func aCancelledEveningTellsEveryParentAndTakesNoMore() async throws {
        try await MedienscoutsFlowTests.with { h in
            let e = try await Self.scheduled(h, capacity: 1)
            _ = try await h.command(Self.parent(e, 1), as: Training.RegistrationDetails.self)
            _ = try await h.command(Self.parent(e, 2), as: Training.RegistrationDetails.self)
            _ = try await h.command(
                Training.CancelEvening(eveningID: e.id, reason: "Referentin erkrankt"), as: Training.EveningDetails.self
            )
            #expect(try await h.refusal(Self.parent(e, 3)).code == "not-open")
            let events = try await h.emitted(expecting: 5)
            let cancelled = try #require(events.first { $0.type == Training.EveningCancelled.messageType.rawValue })
            let data = try EnvelopeCodec.decode(Training.EveningCancelled.self, from: cancelled.body).data
            #expect(Set(data.registrations.map(\.email)) == ["eltern1@familie.example", "eltern2@familie.example"])
            #expect(data.reason == "Referentin erkrankt")
        }
    }

    @Test func afterTheEveningAttendanceAndRatingsAreKept() async throws {
        try await MedienscoutsFlowTests.with { h in
            // An evening that began a minute ago (Berlin time): registered before, rated after.
            let e = try await Self.scheduled(h, capacity: 5)
            let r1 = try await h.command(Self.parent(e, 1), as: Training.RegistrationDetails.self).registration
            let r2 = try await h.command(Self.parent(e, 2), as: Training.RegistrationDetails.self).registration
            let now = Date().addingTimeInterval(-60)
            let day = CivilDay(now, in: CivilDay.berlin)
            let minutes = Int(now.timeIntervalSince(day.instant(minutes: 0, in: CivilDay.berlin)) / 60)
            guard minutes < 24 * 60 - 90 else { return }  // too close to midnight to move it to today
            _ = try await h.command(
                Training.ScheduleEvening(
                    eveningID: e.id, topicID: "smartphone", speaker: "Dr. Nora Feld", date: day.description,
                    starts: String(format: "%02d:%02d", minutes / 60, minutes % 60),
                    ends: String(format: "%02d:%02d", (minutes + 90) / 60, (minutes + 90) % 60), mode: .online,
                    link: "https://meet.example/eltern", capacity: 5), as: Training.EveningDetails.self)
            let attended = try await h.command(
                Training.RecordEveningAttendance(eveningID: e.id, present: [r1.id]), as: Training.EveningDetails.self)
            #expect(attended.registrations.map(\.attended) == [true, false])
            let rated = try await h.command(
                Training.GiveFeedback(registrationID: r2.id, rating: 4, comment: "Sehr hilfreich"),
                as: Training.RegistrationDetails.self)
            #expect(rated.registration.rating == 4 && rated.registration.comment == "Sehr hilfreich")
            #expect(try await h.refusal(Training.GiveFeedback(registrationID: r1.id, rating: 7)).field == "rating")
            #expect(try await h.refusal(Self.parent(e, 3)).code == "closed")

            let report = try await h.query(
                Training.TrainingReport(networkID: e.networkID), as: Training.TrainingFigures.self)
            let network = try #require(report.networks.first)
            #expect(network.rounds == 0)
            #expect(
                network.evenings == [
                    .init(
                        topicID: "smartphone", title: "Das erste Smartphone", evenings: 1, registrations: 2,
                        attended: 1, ratings: 1, meanRating: 4)
                ])
            #expect(network.areas == ["1": 1, "3": 1, "5": 1])
        }
    }
}

/// Issue 20: what the portal may do for a parent, and only for the address its link proved.
extension ParentEveningTests {
    static func person(_ e: Training.Evening, _ n: Int, people: Int) -> Training.RegisterParent {
        var p = parent(e, n)
        p.people = people
        return p
    }

    @Test func placesCountPeopleAndNobodyJumpsTheQueue() async throws {
        try await MedienscoutsFlowTests.with { h in
            let e = try await Self.scheduled(h, capacity: 4)
            let family = try await h.command(Self.person(e, 1, people: 3), as: Training.RegistrationDetails.self)
            #expect(family.registration.status == .confirmed && family.registration.seats == 3)
            // Two more do not fit into the one place left: they wait, and so does the single parent after them.
            let two = try await h.command(Self.person(e, 2, people: 2), as: Training.RegistrationDetails.self)
            let one = try await h.command(Self.person(e, 3, people: 1), as: Training.RegistrationDetails.self)
            #expect(two.registration.status == .waitlisted && one.registration.status == .waitlisted)
            #expect(try await h.refusal(Self.person(e, 4, people: 7)).field == "people")
            // The family cancels: the two fit, then the one.
            _ = try await h.command(
                Training.CancelRegistration(registrationID: family.registration.id),
                as: Training.RegistrationDetails.self)
            let listed = try await h.query(
                Training.ListPublicEvenings(eveningID: e.id), as: Training.PublicEveningList.self
            ).evenings
            #expect(listed.first?.freePlaces == 1 && listed.first?.waiting == 0)
            let details = try await h.query(Training.GetEvening(eveningID: e.id), as: Training.EveningDetails.self)
            #expect(details.registrations.filter { $0.status == .offered }.map(\.seats).sorted() == [1, 2])
        }
    }

    @Test func thePortalActsOnlyForTheAddressItsLinkProved() async throws {
        try await MedienscoutsFlowTests.with { h in
            let e = try await Self.scheduled(h, capacity: 1)
            let portal = try await h.portal()
            defer { Task { await portal.connection.close() } }
            // The portal registers a parent (after the double opt-in) and sees the public evening.
            guard
                case .reply(let first) = try await h.send(
                    Self.parent(e, 1), as: Training.RegistrationDetails.self, from: portal)
            else { throw TestSetupError("the portal could not register a parent") }
            guard
                case .reply(let shown) = try await h.send(
                    Training.ListPublicEvenings(eveningID: e.id), as: Training.PublicEveningList.self, from: portal)
            else { throw TestSetupError("the portal could not list the evening") }
            #expect(shown.evenings.first?.open == true && shown.evenings.first?.freePlaces == 0)
            // What only operators see, it may not ask for.
            guard
                case .refused(let denied) = try await h.send(
                    Training.GetEvening(eveningID: e.id), as: Training.EveningDetails.self, from: portal)
            else { throw TestSetupError("the portal saw the registrations") }
            #expect(denied.code == "not-permitted")
            // A registration is the proven address's own: another address, or none, finds nothing.
            let id = first.registration.id
            for email: String? in [nil, "eltern2@familie.example"] {
                guard
                    case .refused(let r) = try await h.send(
                        Training.GetParentRegistration(registrationID: id, email: email),
                        as: Training.ParentRegistration.self, from: portal)
                else { throw TestSetupError("another address saw the registration") }
                #expect(r.code == "not-found" && !r.message.contains("eltern1"))
                guard
                    case .refused(let c) = try await h.send(
                        Training.CancelRegistration(registrationID: id, email: email),
                        as: Training.RegistrationDetails.self,
                        from: portal)
                else { throw TestSetupError("another address cancelled the registration") }
                #expect(c.code == "not-found")
            }
            guard
                case .reply(let own) = try await h.send(
                    Training.GetParentRegistration(registrationID: id, email: "Eltern1@Familie.example"),
                    as: Training.ParentRegistration.self, from: portal)
            else { throw TestSetupError("the parent could not see their registration") }
            #expect(own.status == .confirmed && own.link == "https://meet.example/eltern")
            guard
                case .reply(let cancelled) = try await h.send(
                    Training.CancelRegistration(registrationID: id, email: "eltern1@familie.example"),
                    as: Training.RegistrationDetails.self, from: portal)
            else { throw TestSetupError("the parent could not cancel") }
            #expect(cancelled.registration.status == .cancelled)
        }
    }
}
