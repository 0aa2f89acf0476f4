import ArgumentParser
import CLIKit
import Contracts
import Foundation

struct Measure: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Set a measure's status.", subcommands: [Set.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the status of measure 1–7 in a network.")
        @OptionGroup var common: Common
        @Argument(help: "Network id.") var network: String
        @Argument(help: "Measure number, 1 to 7.") var number: Int
        @Argument(help: "The status.") var status: Registry.MeasureStatus
        @Option(help: "Who owns it.") var owner: String?
        @Option(help: "A note.") var note: String?

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Registry.SetMeasureStatus(
                        networkID: network, measure: number, status: status, owner: owner, note: note),
                    expecting: Registry.MeasureDetails.self)
            }
            if common.json { return try printJSON(d) }
            var t = Table("CHANGED", "STATUS", "OWNER", "NOTE")
            for h in d.history { t.add(h.changedAt ?? "-", h.status?.rawValue ?? "-", h.owner ?? "-", h.note ?? "") }
            print("\(d.measure.number). \(d.measure.title)\n")
            print(t.render())
        }
    }
}

struct Agreement: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Publish a Leitbild or standard, or record an endorsement.",
        subcommands: [Publish.self, Endorse.self])

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish a new version (text, file or link).")
        @OptionGroup var common: Common
        @Argument(help: "Network id.") var network: String
        @Argument(help: "Document id, e.g. leitbild.") var document: String
        @Option(help: "leitbild or standard.") var kind: Registry.AgreementKind
        @Option(help: "Title.") var title: String
        @Option(help: "The text.") var text: String?
        @Option(help: "Read the text from this file.") var file: String?
        @Option(help: "A link to the document.") var link: String?
        @Option(help: "Publication date (yyyy-MM-dd; today when absent).") var publishedOn: String?

        func run() async throws {
            var body = text
            if let file {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CLIError(.failure, "cannot read \(file)")
                }
                body = String(decoding: data, as: UTF8.self)
            }
            guard body != nil || link != nil else { throw ValidationError("give --text, --file or --link") }
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Registry.PublishAgreement(
                        networkID: network, documentID: document, kind: kind, title: title, text: body, link: link,
                        publishedOn: publishedOn), expecting: Registry.AgreementDetails.self)
            }
            if common.json { return try printJSON(d) }
            print("\(d.agreement.title): version \(d.agreement.version) of \(d.agreement.publishedOn)")
        }
    }

    struct Endorse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a member institution endorses a version.")
        @OptionGroup var common: Common
        @Argument(help: "Network id.") var network: String
        @Argument(help: "Document id.") var document: String
        @Argument(help: "The endorsing institution's id.") var institution: String
        @Option(help: "Version (the latest when absent).") var version: Int?

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Registry.EndorseAgreement(
                        networkID: network, documentID: document, version: version, institutionID: institution),
                    expecting: Registry.AgreementDetails.self)
            }
            if common.json { return try printJSON(d) }
            print(
                "\(d.agreement.title) v\(d.agreement.version): endorsed by \(d.agreement.endorsedBy?.count ?? 0) member(s)"
            )
        }
    }
}

struct Rollout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move a school's learning platform rollout forward.", subcommands: [Set.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the rollout state of a school.")
        @OptionGroup var common: Common
        @Argument(help: "Schulnummer.") var schulnummer: String
        @Argument(help: "The state.") var state: Registry.RolloutState
        @Option(help: "Day reached (yyyy-MM-dd; today when absent).") var on: String?

        func run() async throws {
            let d = try await withClient(common.broker) {
                try await $0.request(
                    Registry.SetRollout(schulnummer: schulnummer, state: state, on: on),
                    expecting: Registry.RolloutDetails.self)
            }
            if common.json { return try printJSON(d) }
            print("\(schulnummer): \(d.rollout.state.rawValue)")
        }
    }
}
