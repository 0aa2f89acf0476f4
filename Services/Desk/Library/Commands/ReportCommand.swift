import ArgumentParser
import CLIKit
import Contracts

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tickets by network, Schulträger, category and status; SLA compliance and median times.")
    @OptionGroup var desk: DeskOptions
    @Option(help: "One network's id.") var network: String?
    @Option(help: "Tickets opened on or after this day (yyyy-MM-dd).") var from: String?
    @Option(help: "Tickets opened on or before this day (yyyy-MM-dd).") var until: String?
    @OptionGroup var output: JSONOption

    func run() async throws {
        let q = SupportDesk.TicketReport(
            networkID: network, openedFrom: try Filters.instant(from, endOfDay: false, "--from"),
            openedUntil: try Filters.instant(until, endOfDay: true, "--until"))
        let r = try await DeskSession.run(desk) { try await $0.query(q, SupportDesk.TicketFigures.self) }
        if output.json { return try printJSON(r) }
        let style = Style()
        if r.counts.isEmpty {
            print(style.dim("no tickets in this period"))
        } else {
            var t = Table("NETWORK", "SCHULTRÄGER", "CATEGORY", "STATUS", "TICKETS")
            for c in r.counts {
                t.add(c.networkID, c.schultraegerID ?? "-", c.category.rawValue, c.status.rawValue, "\(c.tickets)")
            }
            print(t.render(colour: style.colour))
        }
        print("")
        var s = Table("SLA", "MET", "BREACHED", "RUNNING", "COMPLIANCE", "MEDIAN")
        for (name, c) in [("first response", r.firstResponse), ("resolution", r.resolution)] {
            let decided = c.met + c.breached
            let share = decided == 0 ? "-" : "\(Int((Double(c.met) / Double(decided) * 100).rounded())) %"
            s.add(name, "\(c.met)", "\(c.breached)", "\(c.running)", share, c.median.map(Style.duration) ?? "-")
        }
        print(s.render(colour: style.colour))
        guard let answers = r.satisfaction, !answers.isEmpty else { return }
        print("")
        var asked = Table("NETWORK", "LEVEL", "SOLVED: YES", "NO", "SHARE OF YES")
        for a in answers {
            asked.add(a.networkID, "\(a.level)", "\(a.yes)", "\(a.no)", "\(Int((a.share * 100).rounded())) %")
        }
        print(asked.render(colour: style.colour))
    }
}
