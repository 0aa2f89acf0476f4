import Foundation
import ServiceKit
import SupportDeskService
import Testing

/// The rules beside the lifecycle, as pure rules: escalation between the levels, and what work a
/// ticket in each status takes.
@Suite("Ticket rules")
struct TicketRulesTests {
    @Test func openWorkEscalatesToTheSchultraegersIT() throws {
        for status in [TicketStatus.new, .open, .pending] {
            #expect(try TicketRules.escalate(level: 1, status: status, schultraegerHasITGroup: true) == 2)
        }
        #expect(try TicketRules.deescalate(level: 2) == 1)
    }

    @Test func escalationRefusalsSayWhy() {
        func refusal(_ body: () throws -> Int) -> TicketRules.Refusal? {
            do {
                _ = try body()
                return nil
            } catch { return error as? TicketRules.Refusal }
        }
        let twice = refusal { try TicketRules.escalate(level: 2, status: .open, schultraegerHasITGroup: true) }
        #expect(twice?.description == "it is at level 2 already" && twice?.isMissingLevel2 == false)
        for status in [TicketStatus.resolved, .closed, .merged] {
            let done = refusal { try TicketRules.escalate(level: 1, status: status, schultraegerHasITGroup: true) }
            #expect(done?.description.contains("only open work escalates") == true, "\(status)")
        }
        let nobody = refusal { try TicketRules.escalate(level: 1, status: .open, schultraegerHasITGroup: false) }
        #expect(nobody?.isMissingLevel2 == true)
        #expect(refusal { try TicketRules.deescalate(level: 1) }?.description == "it is at level 1 already")
    }

    @Test func whatEachStatusTakes() {
        for status in TicketStatus.allCases {
            let open = [TicketStatus.new, .open, .pending].contains(status)
            #expect(((try? TicketRules.takesRequesterReply(status)) != nil) == open, "\(status) and a reply")
            #expect(((try? TicketRules.takesAssignment(status)) != nil) == open, "\(status) and an assignment")
            #expect(((try? TicketRules.takesNote(status)) != nil) == (status != .merged), "\(status) and a note")
            #expect(
                ((try? TicketRules.becomesArticle(status)) != nil) == [.resolved, .closed].contains(status),
                "\(status) and an article")
            #expect(
                ((try? TicketRules.merges(into: status, sameSchool: true)) != nil) == (open || status == .resolved),
                "a merge into \(status)")
        }
        #expect(throws: TicketRules.Refusal.self) { try TicketRules.merges(into: .open, sameSchool: false) }
    }

    @Test func whatARequestersMailDoesToItsTicket() {
        let since = Date(timeIntervalSince1970: 1_800_000_000)
        let window: TimeInterval = 14 * 86400
        func effect(_ status: TicketStatus, daysLater days: Double = 1) -> TicketRules.MailReply {
            TicketRules.mailReply(
                to: status, since: since, now: since.addingTimeInterval(days * 86400), reopenWindow: window)
        }
        #expect(effect(.new) == .append && effect(.open) == .append)
        #expect(effect(.pending) == .resume)
        #expect(effect(.resolved) == .reopen && effect(.closed, daysLater: 14) == .reopen)
        #expect(effect(.resolved, daysLater: 15) == .openLinked && effect(.closed, daysLater: 300) == .openLinked)
        #expect(effect(.merged) == .followMerge)
    }
}

/// Issue 21: tags and canned replies, without a broker.
@Suite("Tags and macros")
struct TagsAndMacroTextTests {
    @Test func tagsAreLowerCaseWordsAndAtMostTen() throws {
        #expect(try Tags.normalized(" WLAN-5GHz ") == "wlan-5ghz")
        #expect(throws: DomainError.self) { try Tags.normalized("-x") }
        #expect(throws: DomainError.self) { try Tags.normalized(String(repeating: "a", count: 33)) }
        #expect(throws: DomainError.self) { try Tags.normalized("<b>") }
        #expect(try Tags.changed(["b", "c"], add: ["A"], remove: ["B"]) == ["a", "c"])
        #expect(throws: DomainError.self) { try Tags.changed([], add: (0...10).map { "t\($0)" }, remove: []) }
    }

    @Test func macroPlaceholdersAreFilledAndUnknownOnesRefused() throws {
        let text = "Hallo {{requester}}, zu {{ ticket }}: {{title}} an {{school}}. {{agent}}"
        #expect(MacroText.placeholders(in: text) == ["requester", "ticket", "title", "school", "agent"])
        try MacroText.check(text)
        #expect(throws: DomainError.self) { try MacroText.check("{{passwort}}") }
        #expect(
            MacroText.render(
                text, ["requester": "Frau Krüger", "ticket": "#12", "title": "Beamer", "school": "GY", "agent": "Kai"])
                == "Hallo Frau Krüger, zu #12: Beamer an GY. Kai")
        #expect(MacroText.render("{{ offen", [:]) == "{{ offen", "an unclosed brace stays text")
    }
}
