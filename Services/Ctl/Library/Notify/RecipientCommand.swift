import ArgumentParser
import CLIKit
import Contracts
import Foundation

extension Notifications.Category: ExpressibleByArgument {}
extension Notifications.RecipientChannel: ExpressibleByArgument {}

extension NotifyCommand {
    /// `rbnctl notify recipient EMAIL [changes]`: shows a recipient's preferences, or changes them.
    struct Recipient: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or change a recipient's language, channel, opt-outs and daily digest.",
            discussion: """
                Without options it shows what the notification service keeps of the address. Categories: \
                \(Notifications.Category.allCases.map(\.rawValue).joined(separator: ", ")). Critical messages \
                (a cancelled workshop or evening, an offered place, an SLA breach) are sent despite opt-outs.
                """)
        @OptionGroup var common: Common
        @Argument(help: "The recipient's e-mail address.") var email: String
        @Option(help: "de or en.") var language: String?
        @Option(help: "email or webhook.") var channel: Notifications.RecipientChannel?
        @Option(name: .customLong("webhook-url"), help: "Where webhook messages go (http or https).")
        var webhookURL: String?
        @Option(
            name: .customLong("opt-out"), parsing: .upToNextOption,
            help: "Categories to receive nothing of (replaces the list); 'none' clears it.")
        var optOut: [String] = []
        @Option(help: "on: SLA warnings once a day in one mail; off: one by one.") var digest: Switch?

        enum Switch: String, ExpressibleByArgument { case on, off }

        func validate() throws {
            try checkAddress(email)
            if let language, !["de", "en"].contains(language) { throw ValidationError("--language is de or en") }
            for c in optOut where c != "none" && Notifications.Category(rawValue: c) == nil {
                throw ValidationError(
                    "no category '\(c)'; there are \(Notifications.Category.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
        }

        var changes: Notifications.SetPreferences? {
            let optOuts = optOut.isEmpty ? nil : optOut.compactMap(Notifications.Category.init(rawValue:))
            guard language != nil || channel != nil || webhookURL != nil || optOuts != nil || digest != nil else {
                return nil
            }
            return Notifications.SetPreferences(
                email: email, language: language, channel: channel, webhookURL: webhookURL, optOuts: optOuts,
                digest: digest.map { $0 == .on })
        }

        func run() async throws {
            let details = try await withClient(common.broker) { client in
                if let changes {
                    return try await client.request(changes, expecting: Notifications.RecipientDetails.self)
                }
                return try await client.request(
                    Notifications.GetRecipient(email: email), expecting: Notifications.RecipientDetails.self)
            }
            if common.json { return try printJSON(details) }
            let r = details.recipient
            var t = Table("FIELD", "VALUE")
            t.add("email", r.email)
            t.add("name", r.name ?? "–")
            t.add("language", r.language)
            t.add("channel", r.channel == .webhook ? "webhook \(r.webhookURL ?? "")" : "email")
            t.add("opt-outs", r.optOuts.isEmpty ? "none" : r.optOuts.map(\.rawValue).joined(separator: ", "))
            t.add("digest", r.digest ? "daily" : "off")
            print(t.render())
        }
    }
}
