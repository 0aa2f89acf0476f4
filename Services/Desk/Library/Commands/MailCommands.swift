import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// The mail quarantine: what the intake could not take, for a coordinator to decide.
struct Quarantine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mail the desk could not take: unknown or forged senders, too large, unreadable.",
        subcommands: [List.self, Show.self, Accept.self, Reject.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The quarantined mails, newest first.")
        @OptionGroup var desk: DeskOptions
        @Flag(help: "Also those decided already.") var all = false
        @Option(help: "At most this many (1–500).") var limit = 50
        @OptionGroup var output: JSONOption

        func run() async throws {
            let r = try await DeskSession.run(desk) {
                try await $0.query(
                    SupportDesk.ListQuarantine(includeDecided: all, limit: limit), SupportDesk.QuarantineList.self)
            }
            if output.json { return try printJSON(r) }
            let style = Style()
            guard !r.mails.isEmpty else {
                return print(style.dim(all ? "the quarantine is empty" : "nothing to decide"))
            }
            var t = Table("ID", "RECEIVED", "REASON", "FROM", "SUBJECT", "DECIDED")
            for m in r.mails {
                t.add(
                    "\(m.id)", String(m.receivedAt.prefix(16)), m.reason.rawValue, m.sender ?? "-",
                    String(m.subject.prefix(40)), m.decision.map { "\($0.rawValue) (\(m.decidedBy ?? "?"))" } ?? "-")
            }
            print(t.render(colour: style.colour))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One quarantined mail: why, its headers and text.")
        @OptionGroup var desk: DeskOptions
        @Argument(help: "The quarantined mail's id.") var id: Int
        @OptionGroup var output: JSONOption

        func run() async throws {
            let r = try await DeskSession.run(desk) {
                try await $0.query(SupportDesk.ShowQuarantined(id: id), SupportDesk.QuarantineDetails.self)
            }
            if output.json { return try printJSON(r) }
            printDetails(r)
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept a quarantined mail: a new ticket of a school, or a reply on a ticket.")
        @OptionGroup var desk: DeskOptions
        @Argument(help: "The quarantined mail's id.") var id: Int
        @Option(help: "A new ticket of this school (Schulnummer).") var school: String?
        @Option(help: "A reply on this ticket.") var ticket: Int?
        @OptionGroup var output: JSONOption

        func validate() throws {
            guard (school == nil) != (ticket == nil) else {
                throw ValidationError("say either --school (a new ticket) or --ticket (a reply)")
            }
        }

        func run() async throws {
            let r = try await DeskSession.run(desk) {
                try await $0.change(
                    SupportDesk.DecideQuarantined(id: id, decision: .accept, schulnummer: school, ticketID: ticket),
                    SupportDesk.QuarantineDetails.self)
            }
            if output.json { return try printJSON(r) }
            print("accepted: mail \(id) is now on ticket #\(r.mail.ticketID.map(String.init) ?? "?")")
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject a quarantined mail, and answer its sender if you give an answer.")
        @OptionGroup var desk: DeskOptions
        @Argument(help: "The quarantined mail's id.") var id: Int
        @Option(help: "The answer the sender gets by mail.") var answer: String?
        @OptionGroup var output: JSONOption

        func run() async throws {
            let r = try await DeskSession.run(desk) {
                try await $0.change(
                    SupportDesk.DecideQuarantined(id: id, decision: .reject, answer: answer),
                    SupportDesk.QuarantineDetails.self)
            }
            if output.json { return try printJSON(r) }
            print("rejected: mail \(id)" + (answer == nil ? "" : "; \(r.mail.sender ?? "the sender") gets the answer"))
        }
    }

    static func printDetails(_ r: SupportDesk.QuarantineDetails) {
        let style = Style()
        let m = r.mail
        print(style.bold("Mail \(m.id)") + "  \(m.reason.rawValue): \(m.detail)")
        print("received \(m.receivedAt), \(m.size) bytes")
        if let d = m.decision {
            print(
                "decided: \(d.rawValue) by \(m.decidedBy ?? "?") at \(m.decidedAt ?? "?")"
                    + (m.ticketID.map { ", ticket #\($0)" } ?? ""))
        }
        print("")
        for h in r.headers { print(style.dim(h)) }
        print("")
        print(r.text.isEmpty ? style.dim("(no text)") : r.text)
        if !r.attachments.isEmpty {
            print("")
            print(style.bold("Files"))
            for a in r.attachments { print("  \(a)") }
        }
    }
}

/// Attachments kept on tickets.
struct AttachmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attachment", abstract: "Files kept on tickets (from mails).", subcommands: [Get.self])

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save an attachment (its id is in desk show), under its own name or -o FILE.")
        @OptionGroup var desk: DeskOptions
        @Argument(help: "The attachment's id.") var id: Int
        @Option(name: .shortAndLong, help: "Where to save it; - for standard output.") var output: String?

        func run() async throws {
            var bytes = Data()
            var name = ""
            try await DeskSession.run(desk) { session in
                var offset: Int? = 0
                while let from = offset {
                    let part = try await session.query(
                        SupportDesk.GetAttachment(id: id, offset: from), SupportDesk.AttachmentPart.self)
                    guard let data = Data(base64Encoded: part.base64) else {
                        throw CLIError(.failure, "the desk sent a part of attachment \(id) that is not base64")
                    }
                    bytes.append(data)
                    name = part.attachment.name
                    offset = part.nextOffset
                }
            }
            if output == "-" {
                FileHandle.standardOutput.write(bytes)
                return
            }
            let path = output ?? name
            guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600])
            else { throw CLIError(.failure, "cannot write \(path)") }
            print("saved \(path) (\(bytes.count) bytes)")
        }
    }
}
