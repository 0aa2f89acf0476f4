import Foundation

public enum TicketStatus: String, Sendable, Codable, CaseIterable {
    case new, open, pending, resolved, closed, merged
}

public enum TicketPriority: String, Sendable, Codable, CaseIterable {
    case low, normal, high, critical
}

public enum TicketCategory: String, Sendable, Codable, CaseIterable {
    case hardware
    case network  // network and Wi-Fi
    case learningPlatform = "learning-platform"
    case accounts, software, devices
    case dataProtection = "data-protection"
    case other
}

/// What can happen to a ticket's status, and what may not: the rules of the lifecycle
/// new → open → pending ⇄ open → resolved → closed, reopening within a window, merging.
public enum Lifecycle {
    public enum Step: Sendable, Equatable {
        /// An agent works on it (takes it, or answers publicly): a new ticket becomes open.
        case start
        /// Waiting on the requester; the SLA pauses.
        case waitForRequester
        /// The requester answered, or the agent resumes.
        case resume
        case resolve
        case close
        /// Back to open from resolved or closed, within the window after that.
        case reopen
        case merge
    }

    /// The rule that was broken, for a clear refusal.
    public struct Refusal: Error, Equatable, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The status after `step`, or why it is not allowed.
    /// - Parameters:
    ///   - since: when the ticket entered its current status (for the reopen window).
    ///   - reopenWindow: seconds after resolving or closing in which a ticket may be reopened.
    public static func next(
        _ status: TicketStatus, _ step: Step, since: Date, now: Date, reopenWindow: TimeInterval
    ) throws(Refusal) -> TicketStatus {
        switch (status, step) {
        case (.merged, _):
            throw Refusal(description: "the ticket was merged into another; work on that one")
        case (.new, .start), (.open, .start): return .open
        // Work by an agent does not end the wait on the requester.
        case (.pending, .start): return .pending
        case (.new, .waitForRequester), (.open, .waitForRequester): return .pending
        case (.pending, .waitForRequester): return .pending
        case (.pending, .resume): return .open
        case (.new, .resume), (.open, .resume): return .open
        case (.new, .resolve), (.open, .resolve), (.pending, .resolve): return .resolved
        case (.resolved, .close): return .closed
        case (.resolved, .reopen), (.closed, .reopen):
            guard now.timeIntervalSince(since) <= reopenWindow else {
                let days = Int(reopenWindow / 86400)
                throw Refusal(
                    description: "the ticket was \(status.rawValue) more than \(days) days ago; open a new one instead")
            }
            return .open
        case (.new, .merge), (.open, .merge), (.pending, .merge), (.resolved, .merge): return .merged
        case (.closed, .merge):
            throw Refusal(description: "a closed ticket cannot be merged; reopen it first")
        case (.resolved, _):
            throw Refusal(description: "the ticket is resolved; reopen it first, or close it")
        case (.closed, _):
            throw Refusal(description: "the ticket is closed; reopen it first (within the reopen window)")
        case (_, .close):
            throw Refusal(description: "only a resolved ticket can be closed; resolve it first")
        case (_, .reopen):
            throw Refusal(
                description: "the ticket is \(status.rawValue), not resolved or closed; there is nothing to reopen")
        }
    }
}
