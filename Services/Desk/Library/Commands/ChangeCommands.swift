import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// Sends one change to one ticket and says what happened.
func change(
    _ desk: DeskOptions, _ id: Int, _ action: SupportDesk.ChangeTicket.Action, text: String?, json: Bool,
    done: String
) async throws {
    let d = try await DeskSession.run(desk) { s in
        try await s.change(
            SupportDesk.ChangeTicket(ticketID: id, action: action, by: s.agent, text: text),
            SupportDesk.TicketDetails.self)
    }
    if json { return try printJSON(d) }
    print("#\(id) \(done); status \(d.ticket.status.rawValue)")
}

/// A change whose text is required: `-m`, `-F`, standard input or the editor.
protocol TextChange: AsyncParsableCommand {
    var desk: DeskOptions { get }
    var id: TicketID { get }
    var text: TextOptions { get }
    var output: JSONOption { get }
    static var action: SupportDesk.ChangeTicket.Action { get }
    static var purpose: String { get }
    static var done: String { get }
}

extension TextChange {
    func run() async throws {
        let t = try text.text(purpose: "\(Self.purpose) #\(id.value).")
        try await withEditorRetry(t, purpose: "\(Self.purpose) #\(id.value).") { value in
            try await change(desk, id.value, Self.action, text: value, json: output.json, done: Self.done)
        }
    }
}

struct Reply: TextChange {
    static let configuration = CommandConfiguration(abstract: "Answer the requester (public: they are told).")
    static let action = SupportDesk.ChangeTicket.Action.reply
    static let purpose = "Your public reply to ticket"
    static let done = "replied"
    @OptionGroup var desk: DeskOptions
    @Argument(help: "The ticket id.") var id: TicketID
    @OptionGroup var text: TextOptions
    @OptionGroup var output: JSONOption
}

struct Note: TextChange {
    static let configuration = CommandConfiguration(abstract: "Add an internal note (never sent to the requester).")
    static let action = SupportDesk.ChangeTicket.Action.note
    static let purpose = "Your internal note on ticket"
    static let done = "noted"
    @OptionGroup var desk: DeskOptions
    @Argument(help: "The ticket id.") var id: TicketID
    @OptionGroup var text: TextOptions
    @OptionGroup var output: JSONOption
}

struct Resolve: TextChange {
    static let configuration = CommandConfiguration(
        abstract: "Resolve a ticket with the solution (the requester is told).")
    static let action = SupportDesk.ChangeTicket.Action.resolve
    static let purpose = "The solution of ticket"
    static let done = "resolved"
    @OptionGroup var desk: DeskOptions
    @Argument(help: "The ticket id.") var id: TicketID
    @OptionGroup var text: TextOptions
    @OptionGroup var output: JSONOption
}

struct Pending: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Wait on the requester: the SLA clock pauses until they answer or you reopen.")
    @OptionGroup var desk: DeskOptions
    @Argument(help: "The ticket id.") var id: TicketID
    @Option(name: [.customShort("m"), .customLong("message")], help: "What you need from the requester (public).")
    var message: String?
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await change(
            desk, id.value, .pending, text: message, json: output.json, done: "is waiting on the requester")
    }
}

struct Reopen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Reopen a resolved or closed ticket (within the window).")
    @OptionGroup var desk: DeskOptions
    @Argument(help: "The ticket id.") var id: TicketID
    @Option(name: [.customShort("m"), .customLong("message")], help: "Why.") var message: String?
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await change(desk, id.value, .reopen, text: message, json: output.json, done: "reopened")
    }
}

struct Escalate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hand a ticket to level 2: the IT group of the school's Schulträger.")
    @OptionGroup var desk: DeskOptions
    @Argument(help: "The ticket id.") var id: TicketID
    @Option(help: "Why level 2 must take it (required).") var reason: String

    @OptionGroup var output: JSONOption

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--reason cannot be empty: level 2 must know why")
        }
    }

    func run() async throws {
        try await change(desk, id.value, .escalate, text: reason, json: output.json, done: "escalated to level 2")
    }
}

struct Deescalate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Hand a ticket back to level 1.")
    @OptionGroup var desk: DeskOptions
    @Argument(help: "The ticket id.") var id: TicketID
    @Option(help: "Why.") var reason: String?
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await change(desk, id.value, .deescalate, text: reason, json: output.json, done: "back at level 1")
    }
}

struct Close: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Close resolved tickets.")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @OptionGroup var output: JSONOption

    func run() async throws {
        let ids = try tickets.resolve()
        try await eachTicket(desk, ids, json: output.json) { s, id in
            try await s.change(
                SupportDesk.ChangeTicket(ticketID: id, action: .close, by: s.agent), SupportDesk.TicketDetails.self)
        } done: {
            "#\($0.ticket.id) closed"
        }
    }
}

/// Runs a change on each ticket, reporting each; fails (with the worst exit code) if any failed.
func eachTicket(
    _ desk: DeskOptions, _ ids: [Int], json: Bool,
    _ body: (DeskSession, Int) async throws -> SupportDesk.TicketDetails,
    done: (SupportDesk.TicketDetails) -> String
) async throws {
    var results: [SupportDesk.TicketDetails] = []
    var failures: [CLIError] = []
    try await DeskSession.run(desk) { s in
        for id in ids {
            do {
                results.append(try await body(s, id))
                if !json { print(done(results[results.count - 1])) }
            } catch {
                // No answer: the rest would wait as long; stop and say so.
                guard let refusal = error as? CLIError, refusal.exit != .unavailable else { throw error }
                failures.append(refusal)
                FileHandle.standardError.write(Data("desk: #\(id): \(refusal.message)\n".utf8))
            }
        }
    }
    if json { try printJSON(results) }
    if let worst = failures.max(by: { $0.exit.rawValue < $1.exit.rawValue }) {
        throw CLIError(worst.exit, "\(failures.count) of \(ids.count) tickets not changed", code: worst.code)
    }
}
