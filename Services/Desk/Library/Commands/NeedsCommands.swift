import ArgumentParser
import CLIKit
import Contracts

struct Needs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The survey of support needs (Bedarfserhebung).", subcommands: [Record.self, Report.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a school's need in one area (the latest answer per area counts).")
        @OptionGroup var desk: DeskOptions
        @Option(help: "The school's Schulnummer.") var school: String
        @Option(help: "The area.") var area: SupportDesk.NeedArea
        @Option(help: "low, medium or high.") var urgency: SupportDesk.Urgency
        @Option(help: "A note.") var note: String?
        @OptionGroup var output: JSONOption

        func run() async throws {
            let r = try await DeskSession.run(desk) {
                try await $0.change(
                    SupportDesk.RecordNeed(schulnummer: school, area: area, urgency: urgency, note: note),
                    SupportDesk.NeedsSummary.self)
            }
            if output.json { return try printJSON(r) }
            print("recorded: \(school) needs \(area.rawValue) support, urgency \(urgency.rawValue)")
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schools per network, Schulträger, area and urgency, within your networks.")
        @OptionGroup var desk: DeskOptions
        @Option(help: "One network's id.") var network: String?
        @Option(help: "One Schulträger's id.") var schultraeger: String?
        @OptionGroup var output: JSONOption

        func run() async throws {
            let r = try await DeskSession.run(desk) {
                try await $0.query(
                    SupportDesk.NeedsReport(networkID: network, schultraegerID: schultraeger),
                    SupportDesk.NeedsSummary.self)
            }
            if output.json { return try printJSON(r) }
            let style = Style()
            guard !r.rows.isEmpty else { return print(style.dim("no needs recorded")) }
            var t = Table("NETWORK", "SCHULTRÄGER", "AREA", "URGENCY", "SCHOOLS")
            for row in r.rows {
                t.add(
                    row.networkID, row.schultraegerID ?? "-", row.area.rawValue, row.urgency.rawValue, "\(row.schools)")
            }
            print(t.render(colour: style.colour))
        }
    }
}
