import Contracts
import DeskKit
import Foundation
import RBNTestSupport
import Testing

/// The real `desk` binary against the real registry and support-desk processes: every verb, the
/// JSON shapes, ids from standard input.
@Suite("desk: every verb", .serialized)
struct DeskVerbTests {
    func decode<T: Decodable>(_: T.Type, _ run: DeskSystem.Run) throws -> T {
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode(T.self, from: Data(run.stdout.utf8))
    }

    @Test func everyVerbThroughTheRealBinary() async throws {
        try await DeskSystem.withDesk { sys in
            // open, and the duplicate hint on a second ticket of the same school
            let a = try await sys.openTicket(title: "WLAN im Raum 204 fällt aus", text: "Seit Montag kein WLAN.")
            let second = try await sys.desk(
                [
                    "open", "--school", "193001", "--title", "WLAN im Lehrerzimmer fällt aus", "--category", "network",
                    "--priority", "high", "--requester", "Jonas Schulte <j.schulte@schule.example>",
                ], stdin: "Das WLAN bricht ab.\n")
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout.contains("opened for"))
            #expect(second.stdout.contains("Similar open tickets"))
            #expect(second.stdout.contains("#\(a)"))
            let b = try #require(Int(second.stdout.split(separator: "#")[0].prefix { $0.isNumber }))

            // list: table, JSON, ids; filters
            let table = try await sys.desk(["list", "--school", "193001"])
            #expect(table.status == 0)
            #expect(table.stdout.contains("WLAN im Raum 204"))
            #expect(table.stdout.contains("2 tickets"))
            #expect(!table.stdout.contains("\u{1B}["), "no colour without a terminal")
            let list = try decode(SupportDesk.TicketList.self, await sys.desk(["ls", "--school", "193001", "--json"]))
            #expect(list.tickets.map(\.id) == [b, a])
            #expect(list.total == 2 && !list.totalCapped)
            let high = try await sys.desk(["list", "--priority", "high", "--ids"])
            #expect(high.stdout == "\(b)\n")

            // show, reply (text on stdin), note (-F), history
            let notePath = "\(sys.directory)/note.txt"
            try "Access Point im Flur prüfen.".write(toFile: notePath, atomically: true, encoding: .utf8)
            #expect(try await sys.desk(["reply", "\(a)"], stdin: "Wir schauen es uns an.").status == 0)
            #expect(try await sys.desk(["note", "#\(a)", "-F", notePath]).status == 0)
            let shown = try await sys.desk(["show", "\(a)"])
            #expect(shown.stdout.contains("Wir schauen es uns an."))
            #expect(shown.stdout.contains("note by guest (internal)"))
            let details = try decode(SupportDesk.TicketDetails.self, await sys.desk(["show", "\(a)", "--json"]))
            #expect(details.history.map(\.action).contains("note"))
            #expect(details.history.first { $0.action == "note" }?.isPublic == false)
            let history = try await sys.desk(["show", "\(a)", "--history"])
            #expect(history.stdout.contains("opened by"))

            // assignment, with ids from standard input
            let ids = try await sys.desk(["list", "--school", "193001", "--unassigned", "--ids"])
            let taken = try decode(
                SupportDesk.AssignResult.self, await sys.desk(["take", "-", "--json"], stdin: ids.stdout))
            #expect(Set(taken.tickets.map(\.id)) == [a, b])
            #expect(taken.tickets.allSatisfy { $0.assignee == "guest" })
            #expect(try await sys.desk(["list", "--mine", "--ids"]).stdout.contains("\(a)"))
            #expect(try await sys.desk(["give", "\(b)", "--to", "guest"]).stdout.contains("#\(b) assigned to guest"))
            #expect(try await sys.desk(["unassign", "\(b)"]).stdout.contains("#\(b) unassigned"))

            // lifecycle: pending, reopen is refused while open, escalate, de-escalate, resolve, close, reopen
            #expect(try await sys.desk(["pending", "\(a)", "-m", "Welcher Raum genau?"]).stdout.contains("waiting"))
            let escalated = try await sys.desk(["escalate", "\(b)", "--reason", "Switch im Keller defekt"])
            #expect(escalated.status == 0, "\(escalated.stderr)")
            #expect(
                try decode(SupportDesk.TicketDetails.self, await sys.desk(["show", "\(b)", "--json"])).ticket.level == 2
            )
            #expect(try await sys.desk(["deescalate", "\(b)"]).status == 0)
            #expect(
                try await sys.desk(["resolve", "\(a)", "-m", "Access Point getauscht."]).stdout.contains("resolved"))
            #expect(try await sys.desk(["close", "\(a)"]).stdout.contains("#\(a) closed"))
            #expect(try await sys.desk(["reopen", "\(a)", "-m", "Wieder ausgefallen"]).stdout.contains("reopened"))
            #expect(try await sys.desk(["resolve", "\(a)", "-m", "Access Point neu konfiguriert."]).status == 0)

            // link and merge
            let c = try await sys.openTicket(title: "Beamer in Raum 12 ohne Bild")
            #expect(try await sys.desk(["link", "\(a)", "\(c)"]).stdout.contains("linked"))
            #expect(
                try decode(SupportDesk.TicketDetails.self, await sys.desk(["show", "\(c)", "--json"])).links.map(\.id)
                    == [a])
            #expect(try await sys.desk(["merge", "\(b)", "\(c)"]).stdout.contains("#\(b) merged into #\(c)"))
            #expect(
                try decode(SupportDesk.TicketDetails.self, await sys.desk(["show", "\(b)", "--json"])).ticket.status
                    == .merged)

            // priority, category and tags; a phone call; canned replies; several tickets from stdin
            let set = try await sys.desk([
                "set", "\(a)", "--priority", "critical", "--tag", "WLAN", "--category", "network",
            ])
            #expect(set.stdout.contains("#\(a): critical, network, tags wlan"), "\(set.output)")
            #expect(try await sys.desk(["list", "--tag", "wlan", "--ids"]).stdout == "\(a)\n")
            #expect(try await sys.desk(["set", "\(a)"]).status == 2, "nothing to change is a usage error")
            let phoned = try await sys.desk(["phone", "\(c)", "-m", "Frau Krüger am Telefon: Raum 12, Epson."])
            #expect(phoned.stdout.contains("phone call recorded"), "\(phoned.output)")
            #expect(try await sys.desk(["show", "\(c)"]).stdout.contains("by phone, taken by guest"))
            let saved = try await sys.desk([
                "macro", "new", "--title", "Beamer neu starten", "--network", "kreis-lippe", "-m",
                "Guten Tag {{requester}}, bitte starten Sie den Beamer neu ({{ticket}}).",
            ])
            #expect(saved.stdout.contains("saved: Beamer neu starten"), "\(saved.output)")
            let macroID = try #require(Int(saved.stdout.split(separator: " ")[1]))
            #expect(try await sys.desk(["macro", "list"]).stdout.contains("Beamer neu starten"))
            let applied = try await sys.desk(["macro", "apply", "\(macroID)", "-"], stdin: "\(c)\n")
            #expect(applied.stdout.contains("#\(c) replied with macro \(macroID)"), "\(applied.output)")
            #expect(try await sys.desk(["show", "\(c)"]).stdout.contains("bitte starten Sie den Beamer neu (#\(c))."))
            let noted = try await sys.desk(
                ["note", "-", "-m", "Sammelnotiz: Lieferung kommt Freitag."], stdin: "\(a) \(c)")
            #expect(noted.stdout.contains("#\(a) noted") && noted.stdout.contains("#\(c) noted"), "\(noted.output)")

            // search, sla, report
            let found = try decode(
                SupportDesk.TicketList.self, await sys.desk(["search", "access", "point", "--json"]))
            #expect(found.tickets.map(\.id) == [a])
            #expect(try await sys.desk(["sla"]).status == 0)
            let report = try decode(
                SupportDesk.TicketFigures.self, await sys.desk(["report", "--network", "kreis-lippe", "--json"]))
            #expect(report.counts.reduce(0) { $0 + $1.tickets } == 3)
            #expect(try await sys.desk(["report"]).stdout.contains("first response"))

            // knowledge base
            let kb = try decode(
                SupportDesk.ArticleList.self, await sys.desk(["kb", "from-ticket", "\(a)", "--tag", "wlan", "--json"]))
            let article = try #require(kb.articles.first)
            #expect(article.body.contains("Access Point neu konfiguriert."))
            #expect(
                try await sys.desk([
                    "kb", "new", "--title", "Drucker zurücksetzen", "--network", "kreis-lippe", "-m",
                    "Strom aus, 30 s warten.",
                ]).status == 0)
            #expect(try await sys.desk(["kb", "search", "drucker"]).stdout.contains("Drucker zurücksetzen"))
            #expect(try await sys.desk(["kb", "show", "\(article.id)"]).stdout.contains("KB \(article.id)"))

            // needs survey: opened for a school year, answered, reported beside the year before
            let noSurvey = try await sys.desk([
                "needs", "record", "--school", "193001", "--area", "network", "--urgency", "high",
            ])
            #expect(noSurvey.status == 3 && noSurvey.stderr.contains("desk needs open"), "\(noSurvey.output)")
            let opened = try await sys.desk([
                "needs", "open", "--network", "kreis-lippe", "--year", "2026/27", "--area", "network", "--area",
                "devices",
            ])
            #expect(opened.stdout.contains("2026/27") && opened.stdout.contains("open"), "\(opened.output)")
            #expect(
                try await sys.desk(["needs", "record", "--school", "193001", "--area", "network", "--urgency", "high"])
                    .status
                    == 0)
            let needs = try decode(SupportDesk.NeedsSummary.self, await sys.desk(["needs", "report", "--json"]))
            #expect(needs.rows.contains { $0.area == .network && $0.urgency == .high && $0.schools == 1 })
            #expect(needs.schoolYear == "2026/27" && needs.previousYear == "2025/26")
            #expect(try await sys.desk(["needs", "report", "--school", "193001"]).stdout.contains("2025/26"))
            #expect(try await sys.desk(["needs", "surveys"]).stdout.contains("network, devices"))

            // mail quarantine and attachments (the mail itself: MailIntakeTests)
            let quarantine = try await sys.desk(["quarantine", "list"])
            #expect(quarantine.status == 0 && quarantine.stdout.contains("nothing to decide"), "\(quarantine.output)")
            let missing = try await sys.desk(["quarantine", "show", "99"])
            #expect(missing.status == 3 && missing.stderr.contains("no quarantined mail 99"), "\(missing.output)")
            #expect(try await sys.desk(["quarantine", "accept", "99"]).status == 2, "--school or --ticket")
            let file = try await sys.desk(["attachment", "get", "99"])
            #expect(file.status == 3 && file.stderr.contains("no attachment 99"), "\(file.output)")
        }
    }
}

/// What swift-argument-parser generates from the commands: completions for each shell, and the
/// committed man page and completions are those of the current commands.
@Suite("desk: completions and man page")
struct DeskDocsTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsKnowEveryVerb(shell: String) async throws {
        let generated = await Subprocess.run(["\(DeskSystem.binaries)/desk", "--generate-completion-script", shell])
        let script = generated.stdout
        #expect(generated.status == 0)
        for verb in ["list", "deescalate", "from-ticket", "needs"] { #expect(script.contains(verb)) }
        let committed = try String(
            contentsOfFile: "\(DeskSystem.repository)/docs/completions/desk.\(shell)", encoding: .utf8)
        #expect(committed == script, "docs/completions/desk.\(shell) is out of date: run 'make docs'")
    }

    @Test func theManPageDescribesEveryVerb() throws {
        let page = try String(contentsOfFile: "\(DeskSystem.repository)/docs/man/desk.1", encoding: .utf8)
        for verb in Desk.configuration.subcommands.map({ $0._commandName }) {
            #expect(page.contains(verb), "docs/man/desk.1 lacks '\(verb)': run 'make docs'")
        }
    }
}
