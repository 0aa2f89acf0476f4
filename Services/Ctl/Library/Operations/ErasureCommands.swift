import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// `rbnctl erase-person EMAIL`: a data-protection erasure (DSGVO Art. 17) in every service.
struct ErasePersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase-person",
        abstract: "Erase a person everywhere (DSGVO Art. 17): registry, tickets, training, notifications.",
        discussion: """
            The registry erases the person's roles and announces the erasure; each service that holds \
            personal data erases it and confirms. 'rbnctl erase-status ID' shows which have.
            """)
    @OptionGroup var common: Common
    @Argument(help: "The person's e-mail address.") var email: String

    func validate() throws { try checkAddress(email) }

    func run() async throws { try await Self.erase(email, common) }

    static func erase(_ email: String, _ common: Common) async throws {
        let r = try await withClient(common.broker) {
            try await $0.request(Registry.ErasePerson(email: email), expecting: Registry.PersonErasure.self)
        }
        if common.json { return try printJSON(r) }
        print("erasure \(r.requestID): \(email) erased in the registry (\(r.rolesRemoved) role(s));")
        print("the services confirm theirs: rbnctl erase-status \(r.requestID)")
    }
}

/// `rbnctl erase-status ID`: which services confirmed an erasure.
struct ErasureStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase-status",
        abstract: "Which services confirmed an erasure; exits with 1 while some have not.")
    @OptionGroup var common: Common
    @Argument(help: "The request id erase-person printed.") var requestID: String
    @Option(help: "Seconds to wait for every confirmation.") var wait: Double = 0

    func run() async throws {
        let deadline = Date().addingTimeInterval(wait)
        var status = try await Self.ask(requestID, common)
        while !status.complete, Date() < deadline {
            try await Task.sleep(for: .milliseconds(250))
            status = try await Self.ask(requestID, common)
        }
        if common.json {
            try printJSON(status)
        } else {
            var t = Table("SERVICE", "CONFIRMED", "ENTRIES")
            for s in status.services {
                t.add(s.service, s.confirmedAt ?? "not yet", s.entries.map(String.init) ?? "")
            }
            print("erasure \(status.requestID), requested \(status.requestedAt)")
            print(t.render())
        }
        if !status.complete { throw ExitCode(CLIError.Exit.failure.rawValue) }
    }

    static func ask(_ id: String, _ common: Common) async throws -> Registry.ErasureStatus {
        try await withClient(common.broker) {
            try await $0.request(Registry.GetErasureStatus(requestID: id), expecting: Registry.ErasureStatus.self)
        }
    }
}
