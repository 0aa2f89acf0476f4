import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// The filters of `desk list`, `desk search` and `desk sla`.
struct Filters: ParsableArguments {
    @Option(help: "Status (repeat, or comma-separated): new, open, pending, resolved, closed, merged.")
    var status: [String] = []
    @Option(help: "Level: 1 or 2.") var level: Int?
    @Option(help: "A school's Schulnummer.") var school: String?
    @Option(help: "A Schulträger's id.") var schultraeger: String?
    @Option(help: "A network's id.") var network: String?
    @Option(help: "Category.") var category: SupportDesk.Category?
    @Option(help: "Priority.") var priority: SupportDesk.Priority?
    @Option(help: "An agent's id.") var assignee: String?
    @Option(help: "Only tickets with this tag.") var tag: String?
    @Flag(help: "Only tickets assigned to you.") var mine = false
    @Flag(help: "Only tickets nobody has taken.") var unassigned = false
    @Option(help: "Opened on or after this day (yyyy-MM-dd) or time (RFC 3339).") var openedFrom: String?
    @Option(help: "Opened on or before this day (yyyy-MM-dd) or time (RFC 3339).") var openedUntil: String?
    @Option(help: "Order: newest, oldest or priority.") var sort: SupportDesk.ListTickets.Sort?
    @Option(help: "Tickets per page (1–500).") var limit: Int = 50
    @Option(help: "Tickets to skip (paging).") var offset: Int = 0

    func validate() throws {
        _ = try statuses()
        if let level, level != 1 && level != 2 { throw ValidationError("--level is 1 or 2") }
        if mine && assignee != nil { throw ValidationError("--mine and --assignee exclude each other") }
        if (mine || assignee != nil) && unassigned {
            throw ValidationError("--unassigned excludes --mine and --assignee")
        }
        guard (1...500).contains(limit) else { throw ValidationError("--limit is between 1 and 500") }
        guard offset >= 0 else { throw ValidationError("--offset cannot be negative") }
        _ = try Self.instant(openedFrom, endOfDay: false, "--opened-from")
        _ = try Self.instant(openedUntil, endOfDay: true, "--opened-until")
    }

    func statuses() throws -> [SupportDesk.Status]? {
        let words = status.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !words.isEmpty else { return nil }
        return try words.map {
            guard let s = SupportDesk.Status(rawValue: $0) else {
                throw ValidationError(
                    "'\($0)' is not a status; use \(SupportDesk.Status.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return s
        }
    }

    func query(text: String? = nil, breaching: Bool? = nil) throws -> SupportDesk.ListTickets {
        SupportDesk.ListTickets(
            status: try statuses(), level: level, schulnummer: school, networkID: network, schultraegerID: schultraeger,
            category: category, priority: priority, assignee: mine ? "me" : assignee,
            unassigned: unassigned ? true : nil, breaching: breaching,
            openedFrom: try Self.instant(openedFrom, endOfDay: false, "--opened-from"),
            openedUntil: try Self.instant(openedUntil, endOfDay: true, "--opened-until"), text: text, tag: tag,
            sort: sort, limit: limit, offset: offset)
    }

    /// A day (the start or end of it in Europe/Berlin) or an RFC 3339 time, as RFC 3339.
    static func instant(_ text: String?, endOfDay: Bool, _ flag: String) throws -> String? {
        guard let text else { return nil }
        if RFC3339.date(from: text) != nil { return text }
        guard let day = CivilDay(text) else {
            throw ValidationError(
                "\(flag) takes a day (2026-11-30) or a time (2026-11-30T08:00:00+01:00), not '\(text)'")
        }
        let start = day.instant(minutes: 0, in: CivilDay.berlin)
        return RFC3339.string(from: endOfDay ? start.addingTimeInterval(86_399) : start)
    }
}

/// Prints a list as a table, JSON or ids.
struct ListOutput: ParsableArguments {
    @Flag(help: "Print the support desk's answer as JSON, for scripts.") var json = false
    @Flag(help: "Print only the ids, one per line (for '| desk take -').") var ids = false

    func validate() throws {
        if json && ids { throw ValidationError("--json and --ids exclude each other") }
    }

    func print(_ list: SupportDesk.TicketList, offset: Int) throws {
        if json { return try printJSON(list) }
        if ids { return list.tickets.forEach { Swift.print($0.id) } }
        let style = Style()
        if !list.tickets.isEmpty { Swift.print(style.table(list.tickets)) }
        Swift.print(style.footer(list, offset: offset))
    }
}

struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the tickets in your scope, newest first.", aliases: ["ls"])
    @OptionGroup var desk: DeskOptions
    @OptionGroup var filters: Filters
    @Flag(help: "Only tickets whose SLA warning or breach was announced and that are still open.") var breaching = false
    @OptionGroup var output: ListOutput

    func run() async throws {
        let q = try filters.query(breaching: breaching ? true : nil)
        let list = try await DeskSession.run(desk) { try await $0.query(q, SupportDesk.TicketList.self) }
        try output.print(list, offset: filters.offset)
    }
}

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find tickets by words in titles, descriptions, replies and notes (all words must occur).")
    @OptionGroup var desk: DeskOptions
    @Argument(help: "The words.") var words: [String]
    @OptionGroup var filters: Filters
    @OptionGroup var output: ListOutput

    func validate() throws {
        guard words.contains(where: { $0.contains { $0.isLetter || $0.isNumber } }) else {
            throw ValidationError("give at least one word to search for")
        }
    }

    func run() async throws {
        let q = try filters.query(text: words.joined(separator: " "))
        let list = try await DeskSession.run(desk) { try await $0.query(q, SupportDesk.TicketList.self) }
        try output.print(list, offset: filters.offset)
    }
}

struct SLA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla", abstract: "Open tickets whose SLA is breached or at risk (80 % used), most urgent first.")
    @OptionGroup var desk: DeskOptions
    @OptionGroup var output: ListOutput

    func run() async throws {
        let q = SupportDesk.ListTickets(breaching: true, sort: .oldest, limit: 500)
        var list = try await DeskSession.run(desk) { try await $0.query(q, SupportDesk.TicketList.self) }
        // Breached before warned, then by when the resolution falls due.
        func rank(_ t: SupportDesk.Ticket) -> (Int, String) {
            let breached = t.firstResponse.state == .breached || t.resolution.state == .breached
            return (breached ? 0 : 1, t.resolution.dueAt ?? t.firstResponse.dueAt ?? "~")
        }
        list.tickets.sort { rank($0) < rank($1) }
        if output.json || output.ids { return try output.print(list, offset: 0) }
        let style = Style()
        guard !list.tickets.isEmpty else { return print(style.dim("no ticket is at risk")) }
        var t = Table("ID", "PRIORITY", "ASSIGNEE", "FIRST RESPONSE", "RESOLUTION", "TITLE")
        for k in list.tickets {
            t.add(
                "#\(k.id)", style.priority(k.priority), k.assignee ?? style.dim("-"), style.clock(k.firstResponse),
                style.clock(k.resolution), k.title)
        }
        print(t.render(colour: style.colour))
    }
}

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A ticket with its conversation.")
    @OptionGroup var desk: DeskOptions
    @Argument(help: "The ticket id.") var id: TicketID
    @Flag(help: "Every change: assignments, status steps, escalations, with who and when.") var history = false
    @OptionGroup var output: JSONOption

    func run() async throws {
        let d = try await DeskSession.run(desk) {
            try await $0.query(SupportDesk.GetTicket(ticketID: id.value), SupportDesk.TicketDetails.self)
        }
        if output.json { return try printJSON(d) }
        print(Style().details(d, history: history), terminator: "")
    }
}
