import ArgumentParser
import CLIKit
import Contracts
import Foundation

// `rbnctl training rounds|round|workshop`: Medienscouts rounds and their workshops.

func printRounds(_ rounds: [Training.RoundDetails]) {
    var t = Table("ID", "NETWORK", "YEAR", "KIND", "PLACES", "CONFIRMED", "OFFERED", "WAITING", "APPLY UNTIL")
    for d in rounds {
        let r = d.round
        t.add(
            r.id, r.networkID, r.schoolYear, r.kind.rawValue, "\(r.capacity)", "\(d.confirmed)", "\(d.offered)",
            "\(d.waitlisted)", r.applicationCloses)
    }
    print(t.render())
}

struct Rounds: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the Medienscouts rounds.")
    @OptionGroup var common: Common
    @Option(help: "Only this network.") var network: String?
    @Option(help: "Only this school year, e.g. 2026/27.") var schoolYear: String?

    func run() async throws {
        let list = try await withClient(common.broker) {
            try await $0.request(
                Training.ListRounds(networkID: network, schoolYear: schoolYear), expecting: Training.RoundList.self)
        }
        if common.json { return try printJSON(list) }
        printRounds(list.rounds)
    }
}

struct Round: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or create a round.", subcommands: [Show.self, Create.self], defaultSubcommand: Show.self)

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A round with its workshops and applications.")
        @OptionGroup var common: Common
        @Argument(help: "The round id.") var id: String

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(Training.GetRound(roundID: id), expecting: Training.RoundDetails.self)
            }
            if common.json { return try printJSON(d) }
            printRounds([d])
            printWarnings(d.warnings)
            print("")
            var w = Table("#", "DAY", "TIME", "MODE", "WHERE", "TRAINERS", "")
            for x in d.round.workshops {
                w.add(
                    "\(x.number)", x.date, "\(x.starts)–\(x.ends)", x.mode.rawValue, x.place ?? x.link ?? "",
                    x.trainers.joined(separator: ", "), x.cancelled ? "cancelled" : "")
            }
            print(w.render())
            guard !d.applications.isEmpty else { return }
            print("")
            var a = Table("APPLICATION", "SCHOOL", "STATUS", "STUDENTS", "TEACHERS", "OFFER UNTIL")
            for x in d.applications {
                a.add(
                    "#\(x.id)", "\(x.schoolName) (\(x.schulnummer))",
                    x.status.rawValue + (x.waitlistPosition.map { " (\($0).)" } ?? ""), "\(x.students.count)",
                    "\(x.teachers.count)", x.offerExpiresAt ?? "")
            }
            print(a.render())
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a round from a JSON file (the fields of training.round.create; see seeds/training.json).")
        @OptionGroup var common: Common
        @Argument(help: "The JSON file.") var file: String

        func run() async throws {
            let create = try readJSON(Training.CreateRound.self, file)
            let d = try await withClient(common.broker) {
                try await $0.request(create, expecting: Training.RoundDetails.self)
            }
            if common.json { return try printJSON(d) }
            print(
                "round \(d.round.id): \(d.round.title), \(d.round.capacity) places, \(d.round.workshops.count) workshops"
            )
            printWarnings(d.warnings)
        }
    }
}

struct Workshop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reschedule or cancel a workshop (everyone with a place is told).",
        subcommands: [Reschedule.self, Cancel.self])

    struct Reschedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a workshop.")
        @OptionGroup var common: Common
        @Argument(help: "The round id.") var round: String
        @Argument(help: "The workshop's number.") var number: Int
        @Option(help: "The new day (yyyy-MM-dd).") var date: String
        @Option(help: "Start (HH:mm).") var starts: String
        @Option(help: "End (HH:mm).") var ends: String
        @Option(help: "in-person or online.") var mode: Training.Mode?
        @Option(help: "The place, in person.") var place: String?
        @Option(help: "The link, online.") var link: String?

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Training.RescheduleWorkshop(
                        roundID: round, number: number, date: date, starts: starts, ends: ends, mode: mode,
                        place: place,
                        link: link), expecting: Training.RoundDetails.self)
            }
            if common.json { return try printJSON(d) }
            print("workshop \(number) of \(round) is on \(date), \(starts)–\(ends)")
            printWarnings(d.warnings)
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a workshop.")
        @OptionGroup var common: Common
        @Argument(help: "The round id.") var round: String
        @Argument(help: "The workshop's number.") var number: Int
        @Option(help: "Why (the participants read it).") var reason: String

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Training.CancelWorkshop(roundID: round, number: number, reason: reason),
                    expecting: Training.RoundDetails.self)
            }
            if common.json { return try printJSON(d) }
            print("workshop \(number) of \(round) is cancelled")
        }
    }
}
