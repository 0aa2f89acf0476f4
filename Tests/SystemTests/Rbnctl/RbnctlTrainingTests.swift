import Contracts
import Foundation
import RBNTestSupport
import Testing

/// `rbnctl training` as coordinators use it, against the registry and training processes with the
/// demo seeds: loading twice changes nothing, tables and JSON, and the exit codes.
@Suite("rbnctl training against the real services", .hangGuard)
struct RbnctlTrainingTests {
    func decode<T: Decodable>(_: T.Type, _ run: SystemUnderTest.Run) throws -> T {
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode(T.self, from: Data(run.stdout.utf8))
    }

    @Test func theSeedsLoadOnceAndCoordinatorsWorkWithThem() async throws {
        try await SystemUnderTest.with(services: ["training"]) { sys in
            let seeds = "\(SystemUnderTest.repository)/seeds"
            // The training service learns the networks and schools from the registry's events as they come.
            let first = try await sys.seedTraining()
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("2 rounds, 2 new applications, 3 evenings"))
            let again = try await sys.run("rbnctl", ["training", "seed", seeds])
            #expect(again.stdout.contains("2 rounds, 0 new applications, 3 evenings"), "\(again.stderr)")

            let rounds = try decode(Training.RoundList.self, await sys.run("rbnctl", ["training", "rounds", "--json"]))
            #expect(rounds.rounds.map(\.round.id) == ["kreis-lippe-2026-27", "stadt-muenster-2026-27"])
            let lippe = try #require(rounds.rounds.first)
            #expect(lippe.confirmed == 2 && lippe.round.workshops.count == 5)
            let shown = try await sys.run("rbnctl", ["training", "round", "show", "kreis-lippe-2026-27"])
            #expect(shown.stdout.contains("Städtisches Gymnasium"))
            #expect(shown.stdout.contains("Medienzentrum Lippe"))

            let evenings = try decode(
                Training.EveningList.self, await sys.run("rbnctl", ["training", "evenings", "--json"]))
            #expect(evenings.evenings.count == 3)
            #expect(evenings.evenings.allSatisfy { $0.evening.status == .scheduled })
            // The small evening is full, with one family waiting, and loading again registered nobody twice.
            let full = try #require(evenings.evenings.first { $0.evening.reference == "seed-evening-3" })
            #expect(full.confirmed == 3 && full.waitlisted == 1 && full.registrations.count == 4)
            #expect(
                try await sys.run("rbnctl", ["training", "topics"]).stdout.contains("3.4 Cybergewalt und -kriminalität")
            )

            let app = try #require(lippe.applications.first)
            let attendance = try await sys.run(
                "rbnctl", ["training", "attendance", "\(app.id)", "1", "--present", "s1,s2,t1"])
            #expect(attendance.status == 0, "\(attendance.stderr)")
            #expect(attendance.stdout.contains("Lena"))
            let withdrawn = try await sys.run("rbnctl", ["training", "application", "withdraw", "\(app.id)"])
            #expect(withdrawn.stdout.contains("withdrawn"))

            let report = try decode(
                Training.TrainingFigures.self,
                await sys.run("rbnctl", ["training", "report", "--network", "kreis-lippe", "--json"]))
            #expect(report.networks.first?.rounds == 1)
            #expect(report.networks.first?.evenings.first?.topicID == "altersgerecht")

            // Exit codes: 3 for a number that is no certificate, 2 for a file that is no round.
            #expect(
                try await sys.run("rbnctl", ["training", "certificates", "verify", "MS-2026-AAAAAA-A"]).status == 3)
            let bad = "\(sys.directory)/round.json"
            try #"{"networkID": "kreis-lippe"}"#.write(toFile: bad, atomically: true, encoding: .utf8)
            let refused = try await sys.run("rbnctl", ["training", "round", "create", bad])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("'schoolYear' is missing"))

            // A parent evening from the wish to the feedback, on the command line (phone registrations).
            let requested = try decode(
                Training.EveningDetails.self,
                await sys.run(
                    "rbnctl",
                    [
                        "training", "evening", "request", "--network", "kreis-lippe", "--institution", "kita-detmold-7",
                        "--institution-name", "Kita Regenbogen", "--contact-name", "Frau Yilmaz", "--contact-email",
                        "Yilmaz@Kita.example", "--wish", "Medienerziehung im Kita-Alter", "--json",
                    ]))
            #expect(requested.evening.status == .requested && requested.evening.contact.email == "yilmaz@kita.example")
            let id = "\(requested.evening.id)"
            let day = CivilDay(Date(), in: CivilDay.berlin).adding(days: 40).description
            let scheduled = try await sys.run(
                "rbnctl",
                [
                    "training", "evening", "schedule", id, "--topic", "smartphone", "--speaker", "Dr. Nora Feld",
                    "--date", day, "--starts", "19:00", "--ends", "20:30", "--mode", "in-person", "--place",
                    "Kita Regenbogen, Detmold", "--capacity", "2",
                ])
            #expect(scheduled.status == 0, "\(scheduled.stderr)")
            func register(_ name: String, people: Int) async throws -> Training.RegistrationDetails {
                try decode(
                    Training.RegistrationDetails.self,
                    await sys.run(
                        "rbnctl",
                        [
                            "training", "registration", "register", id, "--name", name, "--email",
                            "\(name.split(separator: " ").last!.lowercased())@eltern.example", "--people", "\(people)",
                            "--consent-to-contact", "--json",
                        ]))
            }
            let krause = try await register("Herr Krause", people: 2)
            let demir = try await register("Frau Demir", people: 1)
            #expect(krause.registration.status == .confirmed && krause.registration.seats == 2)
            #expect(demir.registration.status == .waitlisted && demir.registration.waitlistPosition == 1)
            // Declining needs an offer; the waiting parent has none yet.
            let noOffer = try await sys.run(
                "rbnctl", ["training", "registration", "decline", "\(demir.registration.id)"])
            #expect(noOffer.status == 3 && noOffer.stderr.contains("no offer to decline"), "\(noOffer.stderr)")
            let cancelled = try await sys.run(
                "rbnctl", ["training", "registration", "cancel", "\(krause.registration.id)"])
            #expect(cancelled.stdout.contains("cancelled"), "\(cancelled.stderr)")
            let offered = try await sys.run("rbnctl", ["training", "registration", "show", "\(demir.registration.id)"])
            #expect(offered.stdout.contains("offered"), "\(offered.stdout)\(offered.stderr)")
            let accepted = try await sys.run(
                "rbnctl", ["training", "registration", "accept", "\(demir.registration.id)"])
            #expect(accepted.stdout.contains("confirmed"), "\(accepted.stderr)")
            let came = try await sys.run(
                "rbnctl", ["training", "evening", "attendance", id, "--present", "#\(demir.registration.id)"])
            #expect(came.stdout.contains("1 of 1 came"), "\(came.stderr)")
            let shownEvening = try await sys.run("rbnctl", ["training", "evening", "show", id])
            #expect(shownEvening.stdout.contains("Frau Demir") && shownEvening.stdout.contains("yes"))
            // Feedback waits for the evening to begin: a clear refusal before.
            let early = try await sys.run(
                "rbnctl", ["training", "registration", "feedback", "\(demir.registration.id)", "--rating", "5"])
            #expect(early.status == 3, "\(early.stdout)\(early.stderr)")
            #expect(
                try await sys.run("rbnctl", ["training", "registration", "feedback", "1", "--rating", "9"]).status == 2)
        }
    }
}
