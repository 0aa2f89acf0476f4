import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// `desk macro …`: canned replies of a network, with the ticket's requester, school and number
/// filled in when applied.
struct MacroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "macro",
        abstract: "Canned replies per network: list, show, new, apply.",
        discussion: """
            A macro's text may use {{requester}}, {{school}}, {{ticket}}, {{title}} and {{agent}}; applying it \\
            replies (or notes, with --note) with them filled in for each ticket.
            """,
        subcommands: [List.self, Show.self, New.self, Apply.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The canned replies you may use.")
        @OptionGroup var desk: DeskOptions
        @Option(help: "Only one network's (and those for every network).") var network: String?
        @OptionGroup var output: JSONOption

        func run() async throws {
            let list = try await DeskSession.run(desk) {
                try await $0.query(SupportDesk.ListMacros(networkID: network), SupportDesk.MacroList.self)
            }
            if output.json { return try printJSON(list) }
            let style = Style()
            guard !list.macros.isEmpty else { return print(style.dim("no macros")) }
            var t = Table("ID", "TITLE", "NETWORK", "BY", "CHANGED")
            for m in list.macros {
                t.add("\(m.id)", m.title, m.networkID ?? "all", m.updatedBy, style.relative(m.updatedAt))
            }
            print(t.render(colour: style.colour))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A canned reply, with its placeholders.")
        @OptionGroup var desk: DeskOptions
        @Argument(help: "The macro's id.") var id: Int
        @OptionGroup var output: JSONOption

        func run() async throws {
            let d = try await DeskSession.run(desk) {
                try await $0.query(SupportDesk.GetMacro(macroID: id), SupportDesk.MacroDetails.self)
            }
            if output.json { return try printJSON(d) }
            let style = Style()
            print(style.bold("\(d.macro.id) \(d.macro.title)"))
            print(style.dim("\(d.macro.networkID ?? "every network") · \(d.macro.updatedBy)"))
            print("\n\(d.macro.text)")
        }
    }

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a canned reply (or replace one with --replace); the text from -m, -F, stdin or the editor."
        )
        @OptionGroup var desk: DeskOptions
        @Option(help: "The title agents pick it by.") var title: String
        @Option(help: "The network it is for (admins may leave it out: every network).") var network: String?
        @Option(help: "The id of a macro this one replaces.") var replace: Int?
        @OptionGroup var text: TextOptions
        @OptionGroup var output: JSONOption

        func run() async throws {
            let purpose =
                "The canned reply '\(title)'. Placeholders: {{requester}} {{school}} {{ticket}} {{title}} {{agent}}."
            let body = try text.text(purpose: purpose)
            let d = try await withEditorRetry(body, purpose: purpose) { value in
                try await DeskSession.run(desk) {
                    try await $0.change(
                        SupportDesk.SaveMacro(macroID: replace, networkID: network, title: title, text: value),
                        SupportDesk.MacroDetails.self)
                }
            }
            if output.json { return try printJSON(d) }
            print("macro \(d.macro.id) saved: \(d.macro.title)")
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reply to tickets with a canned reply, filled in for each (--note: an internal note).",
            discussion: "desk list --ids --category printer --status new | desk macro apply 3 -")
        @OptionGroup var desk: DeskOptions
        @Argument(help: "The macro's id.") var macro: Int
        @OptionGroup var tickets: TicketIDs
        @Flag(help: "Add it as an internal note, not a public reply.") var note = false
        @OptionGroup var output: JSONOption

        func run() async throws {
            let ids = try tickets.resolve()
            try await eachTicket(desk, ids, json: output.json) { s, id in
                try await s.change(
                    SupportDesk.ApplyMacro(ticketID: id, macroID: macro, as: note ? .note : .reply),
                    SupportDesk.TicketDetails.self)
            } done: { id, d in
                "#\(id) \(note ? "noted" : "replied") with macro \(macro); status \(d.ticket.status.rawValue)"
            }
        }
    }
}
