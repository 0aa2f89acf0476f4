import ArgumentParser
import CLIKit
import Contracts
import Foundation

// `rbnctl training certificates`: issuing and verifying the Medienscouts certificates.

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
