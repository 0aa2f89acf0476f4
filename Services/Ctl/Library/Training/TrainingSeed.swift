import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// `seeds/training.json`: demo rounds, applications and parent evenings, loaded through the
/// training service's commands. Loading again changes nothing: a round with the same content is
/// the same round, a school applies once per round, an evening request carries a reference.
struct TrainingSeedFile: Decodable {
    struct EveningSeed: Decodable {
        var request: Training.RequestEvening
        var schedule: Schedule?
        /// Parents registered once it is scheduled (a full evening with a waiting list, say).
        var registrations: [Parent]?
    }

    /// A parent's registration without the evening's id.
    struct Parent: Decodable {
        var name: String
        var email: String
        var people: Int?
    }

    /// A schedule without the evening's id, which the request gives.
    struct Schedule: Decodable {
        var topicID: String
        var speaker: String
        var date: String
        var starts: String
        var ends: String
        var mode: Training.Mode
        var place: String?
        var link: String?
        var capacity: Int
    }

    var rounds: [Training.CreateRound]
    var applications: [Training.ApplyForRound]
    var evenings: [EveningSeed]
}

struct TrainingSeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Load the demo rounds, applications and evenings (seeds/training.json).")
    @OptionGroup var broker: BrokerOptions
    @Argument(help: "The seeds directory.") var directory = "seeds"

    func run() async throws {
        let seed = try readJSON(TrainingSeedFile.self, "\(directory)/training.json")
        let counts = try await withClient(broker) { client in
            for r in seed.rounds { _ = try await client.request(r, expecting: Training.RoundDetails.self) }
            var applications = 0
            for a in seed.applications {
                do {
                    _ = try await client.request(a, expecting: Training.ApplicationDetails.self)
                    applications += 1
                } catch let e as CLIError where e.code == "conflict" {
                    // Applied when the seeds were loaded before.
                }
            }
            for e in seed.evenings {
                let d = try await client.request(e.request, expecting: Training.EveningDetails.self)
                if let s = e.schedule {
                    _ = try await client.request(
                        Training.ScheduleEvening(
                            eveningID: d.evening.id, topicID: s.topicID, speaker: s.speaker, date: s.date,
                            starts: s.starts, ends: s.ends, mode: s.mode, place: s.place, link: s.link,
                            capacity: s.capacity), expecting: Training.EveningDetails.self)
                }
                for p in e.registrations ?? [] {
                    do {
                        _ = try await client.request(
                            Training.RegisterParent(
                                eveningID: d.evening.id, name: p.name, email: p.email, consentToContact: true,
                                people: p.people), expecting: Training.RegistrationDetails.self)
                    } catch let e as CLIError where e.code == "conflict" {
                        // Registered when the seeds were loaded before.
                    }
                }
            }
            return (seed.rounds.count, applications, seed.evenings.count)
        }
        print(
            "training seeds loaded: \(counts.0) rounds, \(counts.1) new applications, \(counts.2) evenings")
    }
}
