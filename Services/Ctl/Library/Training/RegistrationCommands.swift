import ArgumentParser
import CLIKit
import Contracts
import Foundation

// `rbnctl training registration …` and `evening request|attendance`: the whole parent-evening flow
// for coordinators, who take registrations by phone.

struct Registration: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register a parent for an evening (taken by phone), show, accept or decline an offer, cancel, rate.",
        subcommands: [Register.self, Show.self, Accept.self, Decline.self, Cancel.self, Feedback.self],
        defaultSubcommand: Show.self)

    static func line(_ r: Training.Registration, evening: Int) -> String {
        let position = r.waitlistPosition.map { ", place \($0) on the waiting list" } ?? ""
        let offer = r.offerExpiresAt.map { ", offer held until \($0)" } ?? ""
        let people = r.seats == 1 ? "" : " (\(r.seats) people)"
        return
            "registration #\(r.id): \(r.name)\(people) for evening #\(evening), \(r.status.rawValue)\(position)\(offer)"
    }

    static func print(_ d: Training.RegistrationDetails, json: Bool) throws {
        if json { return try printJSON(d) }
        Swift.print(line(d.registration, evening: d.evening.id))
    }

    /// Sends a registration command and prints the registration it answers with.
    static func send<P: MessagePayload>(_ command: P, _ common: Common) async throws {
        try print(
            try await withClient(common.broker) {
                try await $0.request(command, expecting: Training.RegistrationDetails.self)
            },
            json: common.json)
    }

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a parent: a place while there are enough, else the waiting list; the parent is mailed.")
        @OptionGroup var common: Common
        @Argument(help: "The evening id.") var evening: Int
        @Option(help: "The parent's name.") var name: String
        @Option(help: "The parent's e-mail address.") var email: String
        @Option(help: "How many people come, the parent included (1–\(Training.maxPeople)).") var people: Int = 1
        @Option(help: "A question for the speaker.") var question: String?
        @Flag(help: "The parent agreed that we write to them about the evening (required).")
        var consentToContact = false

        func validate() throws {
            guard consentToContact else {
                throw ValidationError(
                    "ask the parent whether we may write to them about the evening, then add --consent-to-contact")
            }
            guard (1...Training.maxPeople).contains(people) else {
                throw ValidationError("--people is 1 to \(Training.maxPeople)")
            }
        }

        func run() async throws {
            let register = Training.RegisterParent(
                eveningID: evening, name: name, email: email, consentToContact: consentToContact,
                question: question, people: people)
            try await Registration.send(register, common)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A registration as the parent sees it.")
        @OptionGroup var common: Common
        @Argument(help: "The registration id.") var id: Int

        func run() async throws {
            let r = try await withClient(common.broker) {
                try await $0.request(
                    Training.GetParentRegistration(registrationID: id), expecting: Training.ParentRegistration.self)
            }
            if common.json { return try printJSON(r) }
            let position = r.waitlistPosition.map { ", place \($0) on the waiting list" } ?? ""
            let offer = r.offerExpiresAt.map { ", offer held until \($0)" } ?? ""
            Swift.print(
                "registration #\(r.registrationID): \(r.name) (\(r.people)) for evening #\(r.evening.id), "
                    + "\(r.evening.topic?.title ?? "-") on \(r.evening.date ?? "-"), \(r.status.rawValue)\(position)\(offer)"
            )
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take the place offered, for the parent.")
        @OptionGroup var common: Common
        @Argument(help: "The registration id.") var id: Int

        func run() async throws {
            try await Registration.send(Training.AcceptRegistrationOffer(registrationID: id), common)
        }
    }

    struct Decline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decline the place offered, for the parent; it goes to the next on the waiting list.")
        @OptionGroup var common: Common
        @Argument(help: "The registration id.") var id: Int

        func run() async throws {
            let d = try await withClient(common.broker) { client in
                let r = try await client.request(
                    Training.GetParentRegistration(registrationID: id), expecting: Training.ParentRegistration.self)
                guard r.status == .offered else {
                    throw CLIError(
                        .refused,
                        "registration #\(id) is \(r.status.rawValue): there is no offer to decline "
                            + "('registration cancel' gives up a place or a place on the waiting list)")
                }
                return try await client.request(
                    Training.CancelRegistration(registrationID: id), expecting: Training.RegistrationDetails.self)
            }
            try Registration.print(d, json: common.json)
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a registration; a place it held goes to the next on the waiting list.")
        @OptionGroup var common: Common
        @Argument(help: "The registration id.") var id: Int

        func run() async throws {
            try await Registration.send(Training.CancelRegistration(registrationID: id), common)
        }
    }

    struct Feedback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a parent's rating of an evening (1–5), e.g. from a paper form, once it began.")
        @OptionGroup var common: Common
        @Argument(help: "The registration id.") var id: Int
        @Option(help: "1 (poor) to 5 (very good).") var rating: Int
        @Option(help: "The parent's comment.") var comment: String?

        func validate() throws {
            guard (1...5).contains(rating) else { throw ValidationError("--rating is 1 to 5") }
        }

        func run() async throws {
            try await Registration.send(
                Training.GiveFeedback(registrationID: id, rating: rating, comment: comment), common)
        }
    }
}

extension Evening {
    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an institution's wish for a parent evening (a Kita, school or family centre).")
        @OptionGroup var common: Common
        @Option(help: "The network.") var network: String
        @Option(help: "The institution's registry id (a Schulnummer for a school).") var institution: String
        @Option(help: "The institution's name.") var institutionName: String
        @Option(help: "The contact's name.") var contactName: String
        @Option(help: "The contact's e-mail address.") var contactEmail: String
        @Option(help: "What they wish for (topic, audience, dates).") var wish: String?

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Training.RequestEvening(
                        networkID: network, institutionID: institution, institutionName: institutionName,
                        contact: .init(name: contactName, email: contactEmail), wish: wish),
                    expecting: Training.EveningDetails.self)
            }
            if common.json { return try printJSON(d) }
            Swift.print(
                "evening #\(d.evening.id) requested by \(d.evening.institutionName); schedule it with 'evening schedule'"
            )
        }
    }

    struct Attendance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record which registered parents came (replacing an earlier record).")
        @OptionGroup var common: Common
        @Argument(help: "The evening id.") var id: Int
        @Option(help: "Registration ids of those present, comma-separated ('-' reads them from standard input).")
        var present: String

        func run() async throws {
            let text = present == "-" ? readStandardInput() : present
            var ids: [Int] = []
            for part in IDList.parts(text) {
                guard let n = IDList.id(part) else { throw CLIError(.usage, "'\(part)' is not a registration id") }
                if !ids.contains(n) { ids.append(n) }
            }
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Training.RecordEveningAttendance(eveningID: id, present: ids),
                    expecting: Training.EveningDetails.self)
            }
            if common.json { return try printJSON(d) }
            Swift.print("evening #\(id): \(d.registrations.filter(\.attended).count) of \(d.confirmed) came")
        }
    }
}
