import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// Sends one change to each ticket and says what happened to each.
func change(
    _ desk: DeskOptions, _ tickets: TicketIDs, _ action: SupportDesk.ChangeTicket.Action, text: String?, json: Bool,
    done: String
) async throws {
    let ids = try tickets.resolve()
    try await eachTicket(desk, ids, json: json) { s, id in
        try await s.change(
            SupportDesk.ChangeTicket(ticketID: id, action: action, by: s.agent, text: text),
            SupportDesk.TicketDetails.self)
    } done: { id, d in
        "#\(id) \(done); status \(d.ticket.status.rawValue)"
    }
}

/// A change whose text is required: `-m`, `-F`, standard input or the editor. With several tickets
/// (or `-` reading their ids from standard input) the same text goes to each.
protocol TextChange: AsyncParsableCommand {
    var desk: DeskOptions { get }
    var tickets: TicketIDs { get }
    var text: TextOptions { get }
    var output: JSONOption { get }
    static var action: SupportDesk.ChangeTicket.Action { get }
    static var purpose: String { get }
    static var done: String { get }
}

extension TextChange {
    func run() async throws {
        let ids = try tickets.resolve()
        let what = ids.map { "#\($0)" }.joined(separator: ", ")
        let t = try text.text(purpose: "\(Self.purpose) \(what).", stdinIsFree: !tickets.readsStandardInput)
        try await withEditorRetry(t, purpose: "\(Self.purpose) \(what).") { value in
            try await change(desk, TicketIDs(ids), Self.action, text: value, json: output.json, done: Self.done)
        }
    }
}

struct Reply: TextChange {
    static let configuration = CommandConfiguration(abstract: "Answer the requester (public: they are told).")
    static let action = SupportDesk.ChangeTicket.Action.reply
    static let purpose = "Your public reply to ticket"
    static let done = "replied"
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @OptionGroup var text: TextOptions
    @OptionGroup var output: JSONOption
}

struct Note: TextChange {
    static let configuration = CommandConfiguration(abstract: "Add an internal note (never sent to the requester).")
    static let action = SupportDesk.ChangeTicket.Action.note
    static let purpose = "Your internal note on ticket"
    static let done = "noted"
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @OptionGroup var text: TextOptions
    @OptionGroup var output: JSONOption
}

struct Phone: TextChange {
    static let configuration = CommandConfiguration(
        abstract: "Record a phone call: what the requester said goes on the ticket as their entry.",
        discussion: """
            The entry is the requester's (as if they had written it): a waiting ticket runs again, and \
            nobody is mailed. The history names you as the one who took the call.
            """)
    static let action = SupportDesk.ChangeTicket.Action.phone
    static let purpose = "What the requester said on the phone about ticket"
    static let done = "phone call recorded"
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
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
    @OptionGroup var tickets: TicketIDs
    @OptionGroup var text: TextOptions
    @OptionGroup var output: JSONOption
}

struct Pending: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Wait on the requester: the SLA clock pauses until they answer or you reopen.")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @Option(name: [.customShort("m"), .customLong("message")], help: "What you need from the requester (public).")
    var message: String?
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await change(
            desk, tickets, .pending, text: message, json: output.json, done: "is waiting on the requester")
    }
}

struct Reopen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Reopen resolved or closed tickets (within the window).")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @Option(name: [.customShort("m"), .customLong("message")], help: "Why.") var message: String?
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await change(desk, tickets, .reopen, text: message, json: output.json, done: "reopened")
    }
}

struct Escalate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hand tickets to level 2: the IT group of the school's Schulträger.")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @Option(help: "Why level 2 must take it (required).") var reason: String

    @OptionGroup var output: JSONOption

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--reason cannot be empty: level 2 must know why")
        }
    }

    func run() async throws {
        try await change(desk, tickets, .escalate, text: reason, json: output.json, done: "escalated to level 2")
    }
}

struct Deescalate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Hand tickets back to level 1.")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @Option(help: "Why.") var reason: String?
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await change(desk, tickets, .deescalate, text: reason, json: output.json, done: "back at level 1")
    }
}

struct Close: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Close resolved tickets.")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await change(desk, tickets, .close, text: nil, json: output.json, done: "closed")
    }
}

struct SetFields: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change tickets' priority (the SLA targets follow), category or tags.",
        discussion: "desk list --ids --school 193007 | desk set - --priority high --tag drucker")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @Option(help: "The new priority.") var priority: SupportDesk.Priority?
    @Option(help: "The new category.") var category: SupportDesk.Category?
    @Option(help: "A tag to add (repeat).") var tag: [String] = []
    @Option(help: "A tag to remove (repeat).") var untag: [String] = []
    @OptionGroup var output: JSONOption

    func validate() throws {
        guard priority != nil || category != nil || !tag.isEmpty || !untag.isEmpty else {
            throw ValidationError("say what to change: --priority, --category, --tag or --untag")
        }
    }

    func run() async throws {
        let ids = try tickets.resolve()
        try await eachTicket(desk, ids, json: output.json) { s, id in
            try await s.change(
                SupportDesk.UpdateTicket(
                    ticketID: id, priority: priority, category: category, addTags: tag.emptyAsNil,
                    removeTags: untag.emptyAsNil), SupportDesk.TicketDetails.self)
        } done: { id, d in
            let tags = (d.ticket.tags ?? []).joined(separator: ", ")
            return "#\(id): \(d.ticket.priority.rawValue), \(d.ticket.category.rawValue)"
                + (tags.isEmpty ? "" : ", tags \(tags)")
        }
    }
}

/// Runs a change on each ticket, reporting each; fails (with the worst exit code) if any failed.
func eachTicket(
    _ desk: DeskOptions, _ ids: [Int], json: Bool,
    _ body: (DeskSession, Int) async throws -> SupportDesk.TicketDetails,
    done: (_ id: Int, _ details: SupportDesk.TicketDetails) -> String
) async throws {
    var results: [SupportDesk.TicketDetails] = []
    var failures: [CLIError] = []
    try await DeskSession.run(desk) { s in
        for id in ids {
            do {
                results.append(try await body(s, id))
                if !json { print(done(id, results[results.count - 1])) }
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
