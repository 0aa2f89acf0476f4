import ArgumentParser
import CLIKit
import Contracts

struct Needs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The survey of support needs (Bedarfserhebung), one per network and school year.",
        discussion: """
            A network's coordinator opens the survey of a school year with its areas (desk needs open); the \
            schools answer on the portal, and agents record answers taken otherwise. The report counts a \
            school year's answers beside the year before, for a network or one school.
            """,
        subcommands: [Surveys.self, Open.self, Close.self, Record.self, Report.self])

    struct Surveys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The surveys of your networks, newest first.")
        @OptionGroup var desk: DeskOptions
        @Option(help: "One network's id.") var network: String?
        @OptionGroup var output: JSONOption

        func run() async throws {
            let r = try await DeskSession.run(desk) {
                try await $0.query(SupportDesk.ListNeedsSurveys(networkID: network), SupportDesk.NeedsSurveys.self)
            }
            try Needs.print(r, json: output.json)
        }
    }

    static func print(_ r: SupportDesk.NeedsSurveys, json: Bool) throws {
        if json { return try printJSON(r) }
        let style = Style()
        guard !r.campaigns.isEmpty else { return Swift.print(style.dim("no surveys")) }
        var t = Table("NETWORK", "SCHOOL YEAR", "STATE", "AREAS", "OPENED BY")
        for c in r.campaigns {
            t.add(
                c.networkID, c.schoolYear, c.closedAt == nil ? "open" : "closed",
                c.areas.map(\.rawValue).joined(separator: ", "), c.openedBy)
        }
        Swift.print(t.render(colour: style.colour))
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a network's survey of a school year (again: change its areas).")
        @OptionGroup var desk: DeskOptions
        @Option(help: "The network's id.") var network: String
        @Option(help: "The school year, e.g. 2026/27.") var year: String
        @Option(help: "An area it asks about (repeat; all when none).") var area: [SupportDesk.NeedArea] = []
        @OptionGroup var output: JSONOption

        func validate() throws {
            guard SchoolYear.isValid(year) else { throw ValidationError("--year looks like 2026/27, not '\(year)'") }
        }

        func run() async throws {
            let r = try await DeskSession.run(desk) {
                try await $0.change(
                    SupportDesk.OpenNeedsSurvey(networkID: network, schoolYear: year, areas: area.isEmpty ? nil : area),
                    SupportDesk.NeedsSurveys.self)
            }
            try Needs.print(r, json: output.json)
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a network's survey of a school year; its answers stay for the reports.")
        @OptionGroup var desk: DeskOptions
        @Option(help: "The network's id.") var network: String
        @Option(help: "The school year, e.g. 2026/27.") var year: String
        @OptionGroup var output: JSONOption

        func run() async throws {
            let r = try await DeskSession.run(desk) {
                try await $0.change(
                    SupportDesk.CloseNeedsSurvey(networkID: network, schoolYear: year), SupportDesk.NeedsSurveys.self)
            }
            try Needs.print(r, json: output.json)
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a school's need in one area for the open survey (the latest answer per area counts).")
        @OptionGroup var desk: DeskOptions
        @Option(help: "The school's Schulnummer.") var school: String
        @Option(help: "The area.") var area: SupportDesk.NeedArea
        @Option(help: "low, medium or high.") var urgency: SupportDesk.Urgency
        @Option(help: "A note.") var note: String?
        @Option(help: "The survey's school year (default: the one open for the school's network).") var year: String?
        @OptionGroup var output: JSONOption

        func run() async throws {
            let r = try await DeskSession.run(desk) {
                try await $0.change(
                    SupportDesk.RecordNeed(
                        schulnummer: school, area: area, urgency: urgency, note: note, schoolYear: year),
                    SupportDesk.NeedsSummary.self)
            }
            if output.json { return try printJSON(r) }
            Swift.print(
                "recorded for \(r.schoolYear ?? "the open survey"): \(school) needs \(area.rawValue) support, "
                    + "urgency \(urgency.rawValue)")
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A school year's needs per network, Schulträger, area and urgency, beside the year before.")
        @OptionGroup var desk: DeskOptions
        @Option(help: "One network's id.") var network: String?
        @Option(help: "One Schulträger's id.") var schultraeger: String?
        @Option(help: "One school's Schulnummer.") var school: String?
        @Option(help: "The school year (default: the newest with a survey).") var year: String?
        @OptionGroup var output: JSONOption

        func run() async throws {
            let r = try await DeskSession.run(desk) {
                try await $0.query(
                    SupportDesk.NeedsReport(
                        networkID: network, schultraegerID: schultraeger, schoolYear: year, schulnummer: school),
                    SupportDesk.NeedsSummary.self)
            }
            if output.json { return try printJSON(r) }
            let style = Style()
            guard !r.rows.isEmpty else { return Swift.print(style.dim("no needs recorded")) }
            let now = r.schoolYear ?? "SCHOOLS"
            var t = Table("NETWORK", "SCHULTRÄGER", "AREA", "URGENCY", now, r.previousYear ?? "BEFORE", "CHANGE")
            for row in r.rows {
                let change = row.schools - (row.previous ?? 0)
                t.add(
                    row.networkID, row.schultraegerID ?? "-", row.area.rawValue, row.urgency.rawValue, "\(row.schools)",
                    "\(row.previous ?? 0)", change == 0 ? "=" : change > 0 ? "+\(change)" : "\(change)")
            }
            Swift.print(t.render(colour: style.colour))
        }
    }
}
