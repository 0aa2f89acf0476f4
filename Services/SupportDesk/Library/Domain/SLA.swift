import Foundation

/// How fast a ticket must be answered and solved, in business seconds, by priority.
public struct SLAPolicy: Sendable, Equatable, Codable {
    public var firstResponse: Int
    public var resolution: Int

    public init(firstResponse: Int, resolution: Int) {
        self.firstResponse = firstResponse
        self.resolution = resolution
    }

    /// Defaults per priority, in business hours: critical 1 / 8, high 4 / 16, normal 8 / 40,
    /// low 16 / 80 (a business day has 8.5 hours).
    public static let defaults: [TicketPriority: SLAPolicy] = [
        .critical: .init(firstResponse: 1 * 3600, resolution: 8 * 3600),
        .high: .init(firstResponse: 4 * 3600, resolution: 16 * 3600),
        .normal: .init(firstResponse: 8 * 3600, resolution: 40 * 3600),
        .low: .init(firstResponse: 16 * 3600, resolution: 80 * 3600),
    ]
}

/// Where a clock stands against its target.
public enum SLAState: String, Sendable, Codable, Comparable, CaseIterable {
    case ok
    /// 80 % of the target used.
    case warning
    case breached
    /// Stopped before the target (answered or resolved in time).
    case met

    public static func < (a: Self, b: Self) -> Bool {
        let order: [SLAState] = [.met, .ok, .warning, .breached]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// One SLA clock (first response, or resolution): business seconds used, counted only while it
/// runs; paused while the ticket waits on the requester; stopped when its goal is reached.
public struct SLAClock: Sendable, Equatable, Codable {
    public var target: Int
    /// Business seconds counted up to `runningSince` (or in all, when not running).
    public var used: Int = 0
    public var runningSince: Date?
    /// When the goal was reached; the clock no longer runs.
    public var stoppedAt: Date?

    public init(target: Int, startedAt: Date) {
        self.target = target
        runningSince = startedAt
    }

    public static let warningShare = 0.8

    public func used(at now: Date, _ calendar: BusinessCalendar) -> Int {
        guard let since = runningSince else { return used }
        return used + calendar.businessSeconds(from: since, to: now)
    }

    public mutating func pause(at now: Date, _ calendar: BusinessCalendar) {
        guard runningSince != nil else { return }
        used = used(at: now, calendar)
        runningSince = nil
    }

    public mutating func resume(at now: Date) {
        guard runningSince == nil, stoppedAt == nil else { return }
        runningSince = now
    }

    public mutating func stop(at now: Date, _ calendar: BusinessCalendar) {
        guard stoppedAt == nil else { return }
        pause(at: now, calendar)
        stoppedAt = now
    }

    /// A stopped clock runs again (a reopened ticket), keeping the time it used.
    public mutating func restart(at now: Date) {
        stoppedAt = nil
        runningSince = now
    }

    public func state(at now: Date, _ calendar: BusinessCalendar) -> SLAState {
        let u = used(at: now, calendar)
        if stoppedAt != nil { return u <= target ? .met : .breached }
        if u >= target { return .breached }
        if Double(u) >= Double(target) * Self.warningShare { return .warning }
        return .ok
    }

    /// The clock as the store keeps it: the JSON `JSONEncoder` writes for it (instants as seconds
    /// since 2001, its default), written by hand since every ticket saved writes two clocks.
    public var storedJSON: String {
        var json = "{\"target\":\(target),\"used\":\(used)"
        if let runningSince { json += ",\"runningSince\":\(runningSince.timeIntervalSinceReferenceDate)" }
        if let stoppedAt { json += ",\"stoppedAt\":\(stoppedAt.timeIntervalSinceReferenceDate)" }
        return json + "}"
    }

    /// When the clock reaches `share` of its target if it keeps running; nil while paused or stopped.
    public func due(share: Double = 1, _ calendar: BusinessCalendar) -> Date? {
        guard let since = runningSince, stoppedAt == nil else { return nil }
        let goal = Int((Double(target) * share).rounded(.up))
        return calendar.adding(max(0, goal - used), to: since)
    }
}
