import ArgumentParser
import CLIKit
import Contracts
import Foundation

// `rbnctl training application|attendance`: schools' applications for a round, and who attended.

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
