// The SLA events: a ticket used 80 % of its time, or all of it; who is told.

extension SupportDesk {
    /// Someone an SLA warning or breach is for.
    public struct Notified: Codable, Sendable, Equatable {
        public enum Role: String, Codable, Sendable, CaseIterable {
            case assignee, coordinator
        }
        public var name: String
        public var email: String
        public var role: Role
        public init(name: String, email: String, role: Role) {
            self.name = name
            self.email = email
            self.role = role
        }
        static let schema = JSONSchema.object([
            .required("name", .text), .required("email", .email), .required("role", .oneOf(Role.self)),
        ])
    }

    /// Which SLA clock a warning or breach is about.
    public enum ClockKind: String, Codable, Sendable, CaseIterable {
        case firstResponse = "first-response"
        case resolution
    }

    public struct SLAWarning: DescribedPayload {
        public static let messageType = SupportDesk.type("sla", "warning")
        public static let summary = "80 % of a ticket's SLA time is used; the assignee and the coordinator are told."
        public var ticket: Ticket
        public var clock: ClockKind
        /// Who is told: the assignee (when they have an address) and the network's coordinators.
        /// Absent in events of versions before it.
        public var notify: [Notified]?
        public init(ticket: Ticket, clock: ClockKind, notify: [Notified]? = nil) {
            self.ticket = ticket
            self.clock = clock
            self.notify = notify
        }
        public static let schema = JSONSchema.object([
            .required("ticket", Ticket.schema), .required("clock", .oneOf(ClockKind.self)),
            .optional("notify", .array(Notified.schema)),
        ])
    }

    public struct SLABreached: DescribedPayload {
        public static let messageType = SupportDesk.type("sla", "breached")
        public static let summary = "A ticket's SLA time ran out; the assignee and the coordinator are told."
        public var ticket: Ticket
        public var clock: ClockKind
        /// Who is told: the assignee (when they have an address) and the network's coordinators.
        /// Absent in events of versions before it.
        public var notify: [Notified]?
        public init(ticket: Ticket, clock: ClockKind, notify: [Notified]? = nil) {
            self.ticket = ticket
            self.clock = clock
            self.notify = notify
        }
        public static let schema = JSONSchema.object([
            .required("ticket", Ticket.schema), .required("clock", .oneOf(ClockKind.self)),
            .optional("notify", .array(Notified.schema)),
        ])
    }
}
