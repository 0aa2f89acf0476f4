import Contracts
import Foundation
import SupportDeskService
import Testing

/// The ticket lifecycle and its SLA clocks, as pure rules.
@Suite("Ticket lifecycle and SLA")
struct LifecycleTests {
    let t0 = Date(timeIntervalSince1970: 1_795_939_200)  // Sunday 2026-11-29 09:00 Berlin
    let window: TimeInterval = 14 * 86400

    func next(_ s: TicketStatus, _ step: Lifecycle.Step, since: Date? = nil, now: Date? = nil) throws -> TicketStatus {
        try Lifecycle.next(s, step, since: since ?? t0, now: now ?? t0, reopenWindow: window)
    }

    @Test func theUsualPath() throws {
        var s = TicketStatus.new
        s = try next(s, .start)
        #expect(s == .open)
        s = try next(s, .waitForRequester)
        #expect(s == .pending)
        #expect(try next(s, .start) == .pending, "an agent's note does not end the wait")
        s = try next(s, .resume)
        s = try next(s, .resolve)
        #expect(s == .resolved)
        s = try next(s, .close)
        #expect(s == .closed)
        #expect(try next(s, .reopen, since: t0, now: t0.addingTimeInterval(3 * 86400)) == .open)
    }

    @Test func forbiddenStepsSayWhy() {
        #expect(throws: Lifecycle.Refusal.self) { try next(.open, .close) }
        #expect(throws: Lifecycle.Refusal.self) { try next(.open, .reopen) }
        #expect(throws: Lifecycle.Refusal.self) { try next(.merged, .start) }
        #expect(throws: Lifecycle.Refusal.self) { try next(.closed, .merge) }
        #expect(throws: Lifecycle.Refusal.self) { try next(.resolved, .waitForRequester) }
        do {
            _ = try next(.closed, .reopen, since: t0, now: t0.addingTimeInterval(15 * 86400))
            Issue.record("reopened after the window")
        } catch {
            #expect("\(error)".contains("14 days"))
        }
    }

    /// The stored JSON of a clock reads back as JSONDecoder reads JSONEncoder's, to the instant:
    /// running, paused, stopped, with fractions of a second.
    @Test func aClocksStoredJSONReadsBackAsJSONEncodersDoes() throws {
        let cal = BusinessCalendar()
        var running = SLAClock(target: 4 * 3600, startedAt: t0.addingTimeInterval(0.123_456_789))
        var paused = running
        paused.pause(at: t0.addingTimeInterval(7200.5), cal)
        var stopped = running
        stopped.stop(at: t0.addingTimeInterval(1e6 + 0.001), cal)
        running.used = 17
        for clock in [
            running, paused, stopped, SLAClock(target: 0, startedAt: Date(timeIntervalSinceReferenceDate: 0)),
        ] {
            let mine = try JSONDecoder().decode(SLAClock.self, from: Data(clock.storedJSON.utf8))
            let theirs = try JSONDecoder().decode(SLAClock.self, from: JSONEncoder().encode(clock))
            #expect(mine == clock && theirs == clock, "\(clock.storedJSON)")
        }
    }

    @Test func slaClockPausesWhilePendingAndWarnsAtEightyPercent() {
        let cal = BusinessCalendar()
        let monday9 = cal.hours(of: CivilDay(2026, 11, 30)).opens.addingTimeInterval(1800)  // 08:00
        var clock = SLAClock(target: 4 * 3600, startedAt: monday9)
        #expect(clock.state(at: monday9.addingTimeInterval(3 * 3600), cal) == .ok)
        #expect(clock.state(at: monday9.addingTimeInterval(3 * 3600 + 1200), cal) == .warning)
        clock.pause(at: monday9.addingTimeInterval(3600), cal)
        // Paused for a day: nothing counts.
        #expect(clock.used(at: monday9.addingTimeInterval(86400), cal) == 3600)
        #expect(clock.due(cal) == nil)
        clock.resume(at: monday9.addingTimeInterval(86400))  // Tuesday 08:00
        #expect(clock.due(cal) == monday9.addingTimeInterval(86400 + 3 * 3600))
        #expect(clock.due(share: 0.8, cal) == monday9.addingTimeInterval(86400 + 3 * 3600 - 48 * 60))
        #expect(clock.state(at: monday9.addingTimeInterval(86400 + 3 * 3600), cal) == .breached)
        clock.stop(at: monday9.addingTimeInterval(86400 + 3600), cal)
        #expect(clock.state(at: monday9.addingTimeInterval(10 * 86400), cal) == .met)
    }

    @Test func everyPriorityHasAPolicy() {
        #expect(TicketPriority.allCases.allSatisfy { SLAPolicy.defaults[$0] != nil })
        #expect(SLAPolicy.defaults[.critical]!.firstResponse < SLAPolicy.defaults[.low]!.firstResponse)
    }
}
