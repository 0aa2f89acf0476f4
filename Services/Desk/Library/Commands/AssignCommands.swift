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
        abstract: "Merge a ticket into another of the same school: its text goes along, it is closed as merged.")
    @OptionGroup var desk: DeskOptions
    @Argument(help: "The ticket to merge.") var from: TicketID
    @Argument(help: "The ticket it goes into.") var into: TicketID
    @OptionGroup var output: JSONOption

    func run() async throws {
        let d = try await DeskSession.run(desk) {
            try await $0.change(
                SupportDesk.MergeTicket(ticketID: from.value, into: into.value), SupportDesk.TicketDetails.self)
        }
        if output.json { return try printJSON(d) }
        print("#\(from.value) merged into #\(into.value)")
    }
}

struct Link: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Link two related tickets.")
    @OptionGroup var desk: DeskOptions
    @Argument(help: "A ticket.") var a: TicketID
    @Argument(help: "The other.") var b: TicketID
    @OptionGroup var output: JSONOption

    func run() async throws {
        let d = try await DeskSession.run(desk) {
            try await $0.change(
                SupportDesk.LinkTickets(ticketID: a.value, other: b.value), SupportDesk.TicketDetails.self)
        }
        if output.json { return try printJSON(d) }
        print("#\(a.value) and #\(b.value) linked")
    }
}
