// Ticket events: each carries the whole ticket after the change, who made it, and its text (a
// reply, a note, a reason) where it has one. They differ only in their type; keep them alike.

extension SupportDesk {
    /// The shape every ticket event shares.
    public protocol TicketEvent: DescribedPayload {
        var ticket: Ticket { get }
        var by: String { get }
        var text: String? { get }
        /// How the mail to the requester about it threads, when it is one they get.
        var mail: MailThread? { get set }
        init(ticket: Ticket, by: String, text: String?)
    }

    static let ticketEventSchema = JSONSchema.object([
        .required("ticket", Ticket.schema),
        .required("by", .text, "the agent, or 'requester', or 'system'"),
        .optional("text", .text, "the reply, note or reason"),
        .optional("mail", MailThread.schema, "the requester's mail: its ids and reply address"),
    ])

    /// The headers that thread a mail about a ticket in the requester's mail client, and bring
    /// their answer back to it: the support desk signs them, the notification service writes them.
    public struct MailThread: Codable, Sendable, Equatable {
        /// `Message-ID`, without angle brackets: `ticket-<n>.<sequence>-<signature>@<domain>`.
        public var messageID: String
        /// `In-Reply-To`: the requester's last mail, or the ticket's first mail.
        public var inReplyTo: String?
        /// `References`, oldest first.
        public var references: [String]
        /// `Reply-To`: the ticket's signed reply address.
        public var replyTo: String
        /// `From`: the network's support address.
        public var from: String?
        public init(messageID: String, inReplyTo: String?, references: [String], replyTo: String, from: String?) {
            self.messageID = messageID
            self.inReplyTo = inReplyTo
            self.references = references
            self.replyTo = replyTo
            self.from = from
        }
        static let schema = JSONSchema.object([
            .required("messageID", .text), .optional("inReplyTo", .text),
            .required("references", .array(.text, maxItems: 20)), .required("replyTo", .email),
            .optional("from", .email),
        ])
    }

    public struct TicketOpened: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "opened")
        public static let summary = "A ticket was opened for a school; the requester gets a confirmation."
        public static let schema = SupportDesk.ticketEventSchema
        public var ticket: Ticket
        public var by: String
        public var text: String?
        public var mail: MailThread?
        public init(ticket: Ticket, by: String, text: String? = nil) {
            self.ticket = ticket
            self.by = by
            self.text = text
        }
    }

    public struct TicketReplied: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "replied")
        public static let summary = "A public reply was added; the requester (or the agents) are told."
        public static let schema = SupportDesk.ticketEventSchema
        public var ticket: Ticket
        public var by: String
        public var text: String?
        public var mail: MailThread?
        public init(ticket: Ticket, by: String, text: String? = nil) {
            self.ticket = ticket
            self.by = by
            self.text = text
        }
    }

    public struct TicketNoted: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "noted")
        public static let summary = "An internal note was added; never sent to the requester."
        public static let schema = SupportDesk.ticketEventSchema
        public var ticket: Ticket
        public var by: String
        public var text: String?
        public var mail: MailThread?
        public init(ticket: Ticket, by: String, text: String? = nil) {
            self.ticket = ticket
            self.by = by
            self.text = text
        }
    }

    public struct TicketAssigned: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "assigned")
        public static let summary = "A ticket was taken, given to an agent, or unassigned (no assignee)."
        public static let schema = SupportDesk.ticketEventSchema
        public var ticket: Ticket
        public var by: String
        public var text: String?
        public var mail: MailThread?
        public init(ticket: Ticket, by: String, text: String? = nil) {
            self.ticket = ticket
            self.by = by
            self.text = text
        }
    }

    public struct TicketEscalated: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "escalated")
        public static let summary = "A ticket went to level 2, the IT group of the school's Schulträger, with a reason."
        public static let schema = SupportDesk.ticketEventSchema
        public var ticket: Ticket
        public var by: String
        public var text: String?
        public var mail: MailThread?
        public init(ticket: Ticket, by: String, text: String? = nil) {
            self.ticket = ticket
            self.by = by
            self.text = text
        }
    }

    public struct TicketDeescalated: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "de-escalated")
        public static let summary = "A ticket went back to level 1."
        public static let schema = SupportDesk.ticketEventSchema
        public var ticket: Ticket
        public var by: String
        public var text: String?
        public var mail: MailThread?
        public init(ticket: Ticket, by: String, text: String? = nil) {
            self.ticket = ticket
            self.by = by
            self.text = text
        }
    }

    public struct TicketPending: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "pending")
        public static let summary = "The desk waits on the requester; the SLA is paused."
        public static let schema = SupportDesk.ticketEventSchema
        public var ticket: Ticket
        public var by: String
        public var text: String?
        public var mail: MailThread?
        public init(ticket: Ticket, by: String, text: String? = nil) {
            self.ticket = ticket
            self.by = by
            self.text = text
        }
    }

    public struct TicketResolved: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "resolved")
        public static let summary = "A ticket was resolved; the requester is told and may reopen it."
        public static let schema = SupportDesk.ticketEventSchema
        public var ticket: Ticket
        public var by: String
        public var text: String?
        public var mail: MailThread?
        public init(ticket: Ticket, by: String, text: String? = nil) {
            self.ticket = ticket
            self.by = by
            self.text = text
        }
    }

    public struct TicketClosed: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "closed")
        public static let summary = "A ticket was closed (by an agent or automatically after the resolved period)."
        public static let schema = SupportDesk.ticketEventSchema
        public var ticket: Ticket
        public var by: String
        public var text: String?
        public var mail: MailThread?
        public init(ticket: Ticket, by: String, text: String? = nil) {
            self.ticket = ticket
            self.by = by
            self.text = text
        }
    }

    public struct TicketReopened: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "reopened")
        public static let summary = "A resolved or closed ticket was reopened."
        public static let schema = SupportDesk.ticketEventSchema
        public var ticket: Ticket
        public var by: String
        public var text: String?
        public var mail: MailThread?
        public init(ticket: Ticket, by: String, text: String? = nil) {
            self.ticket = ticket
            self.by = by
            self.text = text
        }
    }

    public struct TicketMerged: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "merged")
        public static let summary = "A ticket was merged into another (mergedInto); work goes on there."
        public static let schema = SupportDesk.ticketEventSchema
        public var ticket: Ticket
        public var by: String
        public var text: String?
        public var mail: MailThread?
        public init(ticket: Ticket, by: String, text: String? = nil) {
            self.ticket = ticket
            self.by = by
            self.text = text
        }
    }

}
