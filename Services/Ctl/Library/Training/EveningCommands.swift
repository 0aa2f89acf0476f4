import ArgumentParser
import CLIKit
import Contracts
import Foundation

func printEvenings(_ evenings: [Training.EveningDetails]) {
    var t = Table("ID", "NETWORK", "INSTITUTION", "STATUS", "TOPIC", "DAY", "MODE", "PLACES", "CONFIRMED", "WAITING")
    for d in evenings {
        let e = d.evening
        t.add(
            "#\(e.id)", e.networkID, e.institutionName, e.status.rawValue, e.topic?.title ?? "-", e.date ?? "-",
            e.mode?.rawValue ?? "-", e.capacity.map(String.init) ?? "-", "\(d.confirmed)", "\(d.waitlisted)")
    }
    print(t.render())
}

struct Evenings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the parent evenings.")
    @OptionGroup var common: Common
    @Option(help: "Only this network.") var network: String?

    func run() async throws {
        let list = try await withClient(common.broker) {
            try await $0.request(Training.ListEvenings(networkID: network), expecting: Training.EveningList.self)
        }
        if common.json { return try printJSON(list) }
        printEvenings(list.evenings)
    }
}

struct Evening: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show, request, schedule or cancel a parent evening; record who came.",
        subcommands: [Show.self, Request.self, Schedule.self, Cancel.self, Attendance.self],
        defaultSubcommand: Show.self)

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An evening with its registrations and questions.")
        @OptionGroup var common: Common
        @Argument(help: "The evening id.") var id: Int

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(Training.GetEvening(eveningID: id), expecting: Training.EveningDetails.self)
            }
            if common.json { return try printJSON(d) }
            printEvenings([d])
            if !d.registrations.isEmpty {
                var t = Table("REGISTRATION", "NAME", "PEOPLE", "STATUS", "CAME", "RATING")
                for r in d.registrations {
                    t.add(
                        "#\(r.id)", r.name, "\(r.seats)",
                        r.status.rawValue + (r.waitlistPosition.map { " (\($0).)" } ?? ""), r.attended ? "yes" : "",
                        r.rating.map(String.init) ?? "")
                }
                print("")
                print(t.render())
            }
            let questions = d.registrations.compactMap(\.question)
            if !questions.isEmpty {
                print("\nQuestions asked in advance:")
                for q in questions { print("  – \(q)") }
            }
        }
    }

    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Schedule a requested evening (or move it).")
        @OptionGroup var common: Common
        @Argument(help: "The evening id.") var id: Int
        @Option(help: "A topic of the catalogue ('rbnctl training topics').") var topic: String
        @Option(help: "The speaker.") var speaker: String
        @Option(help: "The day (yyyy-MM-dd).") var date: String
        @Option(help: "Start (HH:mm).") var starts: String
        @Option(help: "End (HH:mm).") var ends: String
        @Option(help: "in-person or online.") var mode: Training.Mode
        @Option(help: "The place, in person.") var place: String?
        @Option(help: "The link, online.") var link: String?
        @Option(help: "Places (online up to 300).") var capacity: Int

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Training.ScheduleEvening(
                        eveningID: id, topicID: topic, speaker: speaker, date: date, starts: starts, ends: ends,
                        mode: mode, place: place, link: link, capacity: capacity),
                    expecting: Training.EveningDetails.self)
            }
            if common.json { return try printJSON(d) }
            printEvenings([d])
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an evening; every registered parent is told.")
        @OptionGroup var common: Common
        @Argument(help: "The evening id.") var id: Int
        @Option(help: "Why (the parents read it).") var reason: String

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Training.CancelEvening(eveningID: id, reason: reason), expecting: Training.EveningDetails.self)
            }
            if common.json { return try printJSON(d) }
            print("evening #\(id) cancelled; \(d.registrations.count) registrations are told")
        }
    }
}

struct Topics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The catalogue of parent-evening topics with their Medienkompetenzrahmen codes.")
    @OptionGroup var common: Common

    func run() async throws {
        let list = try await withClient(common.broker) {
            try await $0.request(Training.ListTopics(), expecting: Training.TopicList.self)
        }
        if common.json { return try printJSON(list) }
        var t = Table("ID", "TITLE", "MEDIENKOMPETENZRAHMEN")
        for x in list.topics {
            t.add(
                x.id, x.title,
                x.competences.map { "\($0) \(Medienkompetenzrahmen.competence($0)?.name ?? "")" }.joined(
                    separator: "; "))
        }
        print(t.render())
    }
}

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Figures per network: rounds, qualified schools, certified scouts; evenings by topic.")
    @OptionGroup var common: Common
    @Option(help: "Only this network.") var network: String?
    @Option(help: "Only this school year, e.g. 2026/27.") var schoolYear: String?

    func run() async throws {
        let r = try await withClient(common.broker) {
            try await $0.request(
                Training.TrainingReport(networkID: network, schoolYear: schoolYear),
                expecting: Training.TrainingFigures.self)
        }
        if common.json { return try printJSON(r) }
        var t = Table("NETWORK", "ROUNDS", "SCHOOLS TAKING PART", "SCHOOLS QUALIFIED", "SCOUTS", "TEACHERS", "AREAS")
        for n in r.networks {
            t.add(
                n.networkID, "\(n.rounds)", "\(n.schoolsTaking)", "\(n.schoolsQualified)", "\(n.certifiedScouts)",
                "\(n.certifiedTeachers)",
                n.areas.keys.sorted().map { "\($0) \(Medienkompetenzrahmen.areas[Int($0) ?? 0] ?? "")" }.joined(
                    separator: ", "))
        }
        print(t.render())
        let evenings = r.networks.flatMap { n in n.evenings.map { (n.networkID, $0) } }
        guard !evenings.isEmpty else { return }
        print("")
        var e = Table("NETWORK", "TOPIC", "EVENINGS", "REGISTERED", "ATTENDED", "RATING")
        for (network, x) in evenings {
            e.add(
                network, x.title, "\(x.evenings)", "\(x.registrations)", "\(x.attended)",
                x.meanRating.map { String(format: "%.1f (%d)", $0, x.ratings) } ?? "-")
        }
        print(e.render())
    }
}
