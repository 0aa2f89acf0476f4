import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// `rbnctl training …`: the coordinators' side of Medienscouts rounds and parent evenings.
struct TrainingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Medienscouts rounds, applications, attendance and certificates; parent evenings; figures.",
        subcommands: [
            Rounds.self, Round.self, Workshop.self, Application.self, Attendance.self, Certificates.self,
            Evenings.self, Evening.self, Topics.self, Report.self, TrainingSeed.self,
        ])
}

extension Training.Mode: ExpressibleByArgument {}

/// Reads a JSON file into a message, naming the file and the problem when it does not fit.
func readJSON<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIError(.usage, "cannot read \(path)")
    }
    do {
        return try JSONDecoder().decode(T.self, from: data)
    } catch let DecodingError.keyNotFound(key, _) {
        throw CLIError(.usage, "\(path): '\(key.stringValue)' is missing")
    } catch let DecodingError.typeMismatch(_, context) {
        throw CLIError(
            .usage, "\(path): \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
    } catch {
        throw CLIError(.usage, "\(path) is not the JSON this command takes: \(error.localizedDescription)")
    }
}

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

struct Application: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Submit, show, withdraw an application, or take the place offered.",
        subcommands: [Submit.self, Show.self, Withdraw.self, Accept.self], defaultSubcommand: Show.self)

    static func print(_ d: Training.ApplicationDetails, json: Bool) throws {
        if json { return try printJSON(d) }
        let a = d.application
        let position = a.waitlistPosition.map { ", place \($0) on the waiting list" } ?? ""
        let offer = a.offerExpiresAt.map { ", offer held until \($0)" } ?? ""
        Swift.print("application #\(a.id): \(a.schoolName) in \(d.round.id), \(a.status.rawValue)\(position)\(offer)")
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a school's application from a JSON file (the fields of training.application.submit).")
        @OptionGroup var common: Common
        @Argument(help: "The JSON file.") var file: String

        func run() async throws {
            let apply = try readJSON(Training.ApplyForRound.self, file)
            try Application.print(
                try await withClient(common.broker) {
                    try await $0.request(apply, expecting: Training.ApplicationDetails.self)
                },
                json: common.json)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An application.")
        @OptionGroup var common: Common
        @Argument(help: "The application id.") var id: Int

        func run() async throws {
            try Application.print(
                try await withClient(common.broker) {
                    try await $0.request(
                        Training.GetApplication(applicationID: id), expecting: Training.ApplicationDetails.self)
                }, json: common.json)
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw an application; its place is offered on.")
        @OptionGroup var common: Common
        @Argument(help: "The application id.") var id: Int
        @Option(help: "Why.") var reason: String?

        func run() async throws {
            try Application.print(
                try await withClient(common.broker) {
                    try await $0.request(
                        Training.WithdrawApplication(applicationID: id, reason: reason),
                        expecting: Training.ApplicationDetails.self)
                }, json: common.json)
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take the place offered to a school.")
        @OptionGroup var common: Common
        @Argument(help: "The application id.") var id: Int

        func run() async throws {
            try Application.print(
                try await withClient(common.broker) {
                    try await $0.request(
                        Training.AcceptOffer(applicationID: id), expecting: Training.ApplicationDetails.self)
                }, json: common.json)
        }
    }
}

struct Attendance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Record who of a school's team attended a workshop.")
    @OptionGroup var common: Common
    @Argument(help: "The application id.") var application: Int
    @Argument(help: "The workshop's number.") var workshop: Int
    @Option(help: "Who came: participant keys s1 … s4, t1, t2, comma-separated.") var present: String

    func run() async throws {
        let keys = present.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let sheet = try await withClient(common.broker) {
            try await $0.request(
                Training.RecordAttendance(applicationID: application, workshop: workshop, present: keys),
                expecting: Training.AttendanceSheet.self)
        }
        if common.json { return try printJSON(sheet) }
        var t = Table("KEY", "NAME", "WORKSHOPS")
        for a in sheet.attendance { t.add(a.participant, a.name, a.workshops.map(String.init).joined(separator: ", ")) }
        print(t.render())
    }
}

struct Certificates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue a round's certificates, or check a certificate number.",
        subcommands: [Issue.self, Verify.self])

    static func show(_ list: Training.CertificateList) {
        var t = Table("NUMBER", "NAME", "ROLE", "SCHOOL", "ROUND", "WORKSHOPS", "ISSUED")
        for c in list.certificates {
            t.add(c.number, c.name, c.role, c.schoolName, c.roundID, "\(c.workshopsAttended)", c.issuedOn)
        }
        print(t.render())
    }

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Certificates for every participant who met the round's rule and has none yet.")
        @OptionGroup var common: Common
        @Argument(help: "The round id.") var round: String

        func run() async throws {
            let list = try await withClient(common.broker) {
                try await $0.request(
                    Training.IssueCertificates(roundID: round), expecting: Training.CertificateList.self)
            }
            if common.json { return try printJSON(list) }
            if list.certificates.isEmpty { return print("no new certificates") }
            Certificates.show(list)
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a certificate number.")
        @OptionGroup var common: Common
        @Argument(help: "The number, e.g. MS-2026-7KQ2M9-X.") var number: String

        func run() async throws {
            let list = try await withClient(common.broker) {
                try await $0.request(
                    Training.VerifyCertificate(number: number), expecting: Training.CertificateList.self)
            }
            if common.json { return try printJSON(list) }
            Certificates.show(list)
        }
    }
}
