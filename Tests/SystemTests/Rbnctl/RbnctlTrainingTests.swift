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
        }
    }
}
