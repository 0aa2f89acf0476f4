import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// Assigns tickets in one request; each is done or refused on its own.
func assign(_ desk: DeskOptions, _ tickets: TicketIDs, to: (DeskSession) -> String?, json: Bool) async throws {
    let ids = try tickets.resolve()
    let r = try await DeskSession.run(desk) { s in
        try await s.change(SupportDesk.AssignTickets(ticketIDs: ids, to: to(s)), SupportDesk.AssignResult.self)
    }
    if json {
        try printJSON(r)
    } else {
        for t in r.tickets { print("#\(t.id) \(t.assignee.map { "assigned to \($0)" } ?? "unassigned")") }
    }
    for refused in r.refused {
        FileHandle.standardError.write(Data("desk: #\(refused.ticketID): \(refused.message) [\(refused.code)]\n".utf8))
    }
    if !r.refused.isEmpty {
        let exit: CLIError.Exit = r.refused.allSatisfy { $0.code == "not-permitted" } ? .notPermitted : .refused
        throw CLIError(exit, "\(r.refused.count) of \(ids.count) tickets not assigned")
    }
}

struct Take: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Assign tickets to yourself.")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @OptionGroup var output: JSONOption

    func run() async throws { try await assign(desk, tickets, to: { $0.agent }, json: output.json) }
}

struct Give: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Assign tickets to another agent.")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @Option(help: "The agent's id.") var to: String
    @OptionGroup var output: JSONOption

    func run() async throws { try await assign(desk, tickets, to: { _ in to }, json: output.json) }
}

struct Unassign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Take tickets off anyone's list.")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @OptionGroup var output: JSONOption

    func run() async throws { try await assign(desk, tickets, to: { _ in nil }, json: output.json) }
}

struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge tickets into another of the same school: their text goes along, they close as merged.",
        discussion: "desk merge 41 12 (41 into 12), or desk merge 41 43 --into 12, or ids from stdin with -.")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @Option(help: "The ticket they go into (without it: the last id given).") var into: TicketID?
    @OptionGroup var output: JSONOption

    func run() async throws {
        var ids = try tickets.resolve()
        let target: Int
        if let into {
            target = into.value
        } else {
            guard ids.count >= 2 else { throw ValidationError("give the ticket to merge and the one it goes into") }
            target = ids.removeLast()
        }
        try await eachTicket(desk, ids, json: output.json) { s, id in
            try await s.change(SupportDesk.MergeTicket(ticketID: id, into: target), SupportDesk.TicketDetails.self)
        } done: { id, _ in
            "#\(id) merged into #\(target)"
        }
    }
}

struct Link: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Link related tickets: each to the last one given (or to --to).")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var tickets: TicketIDs
    @Option(help: "The ticket they are linked to (without it: the last id given).") var to: TicketID?
    @OptionGroup var output: JSONOption

    func run() async throws {
        var ids = try tickets.resolve()
        let other: Int
        if let to {
            other = to.value
        } else {
            guard ids.count >= 2 else { throw ValidationError("give two tickets to link") }
            other = ids.removeLast()
        }
        try await eachTicket(desk, ids, json: output.json) { s, id in
            try await s.change(SupportDesk.LinkTickets(ticketID: id, other: other), SupportDesk.TicketDetails.self)
        } done: { id, _ in
            "#\(id) and #\(other) linked"
        }
    }
}
