import Foundation

/// The rules beside the lifecycle: who handles a ticket (level 1, the network's support, or level 2,
/// the Schulträger's IT) and what work a ticket in a status takes. Pure: the handlers ask, and turn
/// a refusal into the desk's `not-allowed` (or `no-level-2`) answer.
public enum TicketRules {
    /// The rule that was broken, for a clear refusal.
    public struct Refusal: Error, Equatable, CustomStringConvertible, Sendable {
        public let description: String
        /// Escalation needs an IT group at the Schulträger, which is master data, not a ticket's state.
        public var isMissingLevel2 = false
    }

    /// The statuses of work still to do.
    public static let openWork: Set<TicketStatus> = [.new, .open, .pending]

    /// The level after escalating: from level 1 to the Schulträger's IT, only while work is open,
    /// and only when the Schulträger has an IT group to take it.
    public static func escalate(level: Int, status: TicketStatus, schultraegerHasITGroup: Bool) throws(Refusal) -> Int {
        guard level == 1 else { throw Refusal(description: "it is at level 2 already") }
        guard openWork.contains(status) else {
            throw Refusal(description: "it is \(status.rawValue); only open work escalates")
        }
        guard schultraegerHasITGroup else {
            throw Refusal(description: "its Schulträger has no IT group in the registry", isMissingLevel2: true)
        }
        return 2
    }

    /// The level after handing a ticket back from the Schulträger's IT to level 1.
    public static func deescalate(level: Int) throws(Refusal) -> Int {
        guard level == 2 else { throw Refusal(description: "it is at level 1 already") }
        return 1
    }

    /// A requester's reply goes on a ticket that is not finished (a pending one resumes first).
    public static func takesRequesterReply(_ status: TicketStatus) throws(Refusal) {
        guard openWork.contains(status) else {
            throw Refusal(description: "it is \(status.rawValue); reopen it to reply")
        }
    }

    /// What a requester's mail does to the ticket it answers.
    public enum MailReply: Equatable, Sendable {
        /// New or open: the reply goes on it.
        case append
        /// Waiting on the requester: the reply resumes it and its SLA clocks.
        case resume
        /// Resolved or closed within the reopen window: the reply reopens it.
        case reopen
        /// Resolved or closed longer ago: the reply opens a new ticket, linked to this one.
        case openLinked
        /// Merged: the reply goes to the ticket it was merged into.
        case followMerge
    }

    /// What a requester's mail does to a ticket in `status` since `since`.
    public static func mailReply(
        to status: TicketStatus, since: Date, now: Date, reopenWindow: TimeInterval
    ) -> MailReply {
        switch status {
        case .new, .open: .append
        case .pending: .resume
        case .merged: .followMerge
        case .resolved, .closed: now.timeIntervalSince(since) <= reopenWindow ? .reopen : .openLinked
        }
    }

    /// An internal note goes on any ticket but a merged one, whose work goes on elsewhere.
    public static func takesNote(_ status: TicketStatus) throws(Refusal) {
        guard status != .merged else { throw Refusal(description: "it was merged; note on the ticket it went into") }
    }

    /// Only open work is assigned.
    public static func takesAssignment(_ status: TicketStatus) throws(Refusal) {
        guard openWork.contains(status) else {
            throw Refusal(description: "it is \(status.rawValue); only open work is assigned")
        }
    }

    /// Only a solved ticket becomes a knowledge-base article.
    public static func becomesArticle(_ status: TicketStatus) throws(Refusal) {
        guard status == .resolved || status == .closed else {
            throw Refusal(description: "it is \(status.rawValue); only a solved ticket becomes an article")
        }
    }

    /// A ticket is merged into another of the same school that is open or resolved.
    public static func merges(
        into target: TicketStatus, sameSchool: Bool
    ) throws(Refusal) {
        guard sameSchool else { throw Refusal(description: "they are of different schools; link them instead") }
        guard openWork.contains(target) || target == .resolved else {
            throw Refusal(description: "the target is \(target.rawValue); merge into an open one")
        }
    }
}
