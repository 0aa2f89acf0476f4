import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// `rbnctl notify …`: what the notification service sent, what failed, and a preview of a template.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Messages the suite sent: the log, failures, retries, template previews, recipients' preferences.",
        subcommands: [Log.self, Failed.self, Retry.self, Preview.self, Recipient.self])

    static func show(_ list: Notifications.DeliveryList) {
        guard !list.deliveries.isEmpty else { return print("no deliveries") }
        var t = Table("ID", "STATUS", "KIND", "TO", "CHANNEL", "TRIES", "CREATED", "SUBJECT / ERROR")
        for d in list.deliveries {
            t.add(
                "\(d.id)", d.status.rawValue, d.kind, d.recipient, d.channel.rawValue, "\(d.attempts)", d.createdAt,
                d.status == .sent ? d.subject : (d.lastError ?? d.subject))
        }
        print(t.render())
    }

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The latest deliveries, newest first.")
        @OptionGroup var common: Common
        @Option(help: "Only to this address.") var to: String?
        @Option(help: "Only those caused by this event id.") var event: String?
        @Option(help: "How many (1–1000).") var limit: Int = 50

        func run() async throws {
            let list = try await withClient(common.broker) {
                try await $0.request(
                    Notifications.ListDeliveries(recipient: to, eventID: event, limit: limit),
                    expecting: Notifications.DeliveryList.self)
            }
            if common.json { return try printJSON(list) }
            NotifyCommand.show(list)
        }
    }

    struct Failed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliveries that failed for good, with the reason.")
        @OptionGroup var common: Common
        @Option(help: "How many (1–1000).") var limit: Int = 50

        func run() async throws {
            let list = try await withClient(common.broker) {
                try await $0.request(
                    Notifications.ListDeliveries(status: .failed, limit: limit),
                    expecting: Notifications.DeliveryList.self)
            }
            if common.json { return try printJSON(list) }
            NotifyCommand.show(list)
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send failed deliveries again (all, or those given).")
        @OptionGroup var common: Common
        @Argument(help: "Delivery ids; none for every failed one.") var ids: [Int] = []

        func run() async throws {
            let list = try await withClient(common.broker) {
                try await $0.request(
                    Notifications.RetryDeliveries(ids: ids.isEmpty ? nil : ids),
                    expecting: Notifications.DeliveryList.self)
            }
            if common.json { return try printJSON(list) }
            print("\(list.deliveries.count) deliveries queued again")
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Render a message kind with its sample data.")
        @OptionGroup var common: Common
        @Argument(help: "The kind, e.g. ticket-opened or application-offered.") var kind: String
        @Option(help: "de or en.") var language: String = "de"

        func validate() throws {
            guard ["de", "en"].contains(language) else { throw ValidationError("--language is de or en") }
        }

        func run() async throws {
            let m = try await withClient(common.broker) {
                try await $0.request(
                    Notifications.PreviewMessage(kind: kind, language: language),
                    expecting: Notifications.RenderedMessage.self)
            }
            if common.json { return try printJSON(m) }
            print("Subject: \(m.subject)\n\n\(m.text)", terminator: "")
        }
    }
}
