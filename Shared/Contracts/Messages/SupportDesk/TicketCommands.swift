// Ticket commands and queries, and their replies.

extension SupportDesk {
    public struct OpenTicket: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "open")
        public static let summary = "Opens a ticket for a registered, active school."
        public var schulnummer: String
        public var title: String
        public var description: String
        public var category: Category
        public var priority: Priority
        public var requester: Requester
        public init(
            schulnummer: String, title: String, description: String, category: Category, priority: Priority = .normal,
            requester: Requester
        ) {
            self.schulnummer = schulnummer
            self.title = title
            self.description = description
            self.category = category
            self.priority = priority
            self.requester = requester
        }
        public static let schema = JSONSchema.object([
            .required("schulnummer", .text), .required("title", .text), .required("description", .text),
            .required("category", .oneOf(Category.self)), .required("priority", .oneOf(Priority.self)),
            .required("requester", Requester.schema),
        ])
    }

    /// A change to one ticket: a reply, a note, or a step of its lifecycle.
    public struct ChangeTicket: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "change")
        public static let summary = """
            Changes a ticket: reply (public), note (internal), pending, resolve, close, reopen, \
            escalate (with a reason), de-escalate, phone (what the requester said on the phone, recorded as \
            their entry by the agent). 'by' is the agent, or 'requester' for the requester's own reply.
            """
        public enum Action: String, Codable, Sendable, CaseIterable {
            case reply, note, pending, resolve, close, reopen, escalate
            case deescalate = "de-escalate"
            /// The requester's call or answer taken by phone: their entry, recorded by the agent.
            case phone
        }
        public var ticketID: Int
        public var action: Action
        public var by: String
        public var text: String?
        public init(ticketID: Int, action: Action, by: String, text: String? = nil) {
            self.ticketID = ticketID
            self.action = action
            self.by = by
            self.text = text
        }
        public static let schema = JSONSchema.object([
            .required("ticketID", .integer(minimum: 1)), .required("action", .oneOf(Action.self)),
            .required("by", .text), .optional("text", .text, "required for reply, note, escalate and resolve"),
        ])
    }

    public struct GetTicket: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "get")
        public static let summary = "Asks for a ticket with its conversation and history."
        public var ticketID: Int
        public init(ticketID: Int) { self.ticketID = ticketID }
        public static let schema = JSONSchema.object([.required("ticketID", .integer(minimum: 1))])
    }

    /// One entry of a ticket's history: who did what, when, from which command.
    public struct HistoryEntry: Codable, Sendable, Equatable {
        public var at: String
        public var by: String
        public var action: String
        public var text: String?
        /// Public replies reach the requester; notes and changes do not.
        public var isPublic: Bool
        public var messageID: String
        /// The agent who recorded the requester's entry (a phone call).
        public var recordedBy: String?
        public init(
            at: String, by: String, action: String, text: String?, isPublic: Bool, messageID: String,
            recordedBy: String? = nil
        ) {
            self.recordedBy = recordedBy
            self.at = at
            self.by = by
            self.action = action
            self.text = text
            self.isPublic = isPublic
            self.messageID = messageID
        }
        static let schema = JSONSchema.object([
            .required("at", .dateTime), .required("by", .text), .required("action", .text),
            .optional("text", .string()),
            .required("isPublic", .boolean), .required("messageID", .text),
            .optional("recordedBy", .text, "the agent who recorded the requester's phone call"),
        ])
    }

    /// Another ticket, by id and title: a link, or a possible duplicate.
    public struct TicketRef: Codable, Sendable, Equatable {
        public var id: Int
        public var title: String
        public var status: Status
        public init(id: Int, title: String, status: Status) {
            self.id = id
            self.title = title
            self.status = status
        }
        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("title", .text), .required("status", .oneOf(Status.self)),
        ])
    }

    /// The reply to open, change, merge, link and get.
    public struct TicketDetails: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "details")
        public static let summary = """
            A ticket with its description, history (oldest first) and linked tickets; when just opened, \
            recent open tickets of the same school with similar titles, as possible duplicates.
            """
        public var ticket: Ticket
        public var description: String
        public var history: [HistoryEntry]
        public var links: [TicketRef]
        public var similar: [TicketRef]?
        /// Knowledge-base articles linked to the ticket, by id.
        public var articles: [Int]?
        /// Files kept on the ticket (from mails), oldest first.
        public var attachments: [AttachmentRef]?
        public init(
            ticket: Ticket, description: String, history: [HistoryEntry], links: [TicketRef] = [],
            similar: [TicketRef]? = nil, articles: [Int]? = nil, attachments: [AttachmentRef]? = nil
        ) {
            self.ticket = ticket
            self.description = description
            self.history = history
            self.links = links
            self.similar = similar
            self.articles = articles
            self.attachments = attachments
        }
        public static let schema = JSONSchema.object([
            .required("ticket", Ticket.schema), .required("description", .string()),
            .required("history", .array(HistoryEntry.schema)), .required("links", .array(TicketRef.schema)),
            .optional("similar", .array(TicketRef.schema), "possible duplicates, on open only"),
            .optional("articles", .array(.integer(minimum: 1)), "linked knowledge-base articles"),
            .optional("attachments", .array(AttachmentRef.schema), "files kept on the ticket, from mails"),
        ])
    }

    public struct MergeTicket: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "merge")
        public static let summary = "Merges a ticket into another of the same school; work goes on there."
        public var ticketID: Int
        public var into: Int
        public init(ticketID: Int, into: Int) {
            self.ticketID = ticketID
            self.into = into
        }
        public static let schema = JSONSchema.object([
            .required("ticketID", .integer(minimum: 1)), .required("into", .integer(minimum: 1)),
        ])
    }

    public struct LinkTickets: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "link")
        public static let summary = "Links two related tickets (both stay as they are)."
        public var ticketID: Int
        public var other: Int
        public init(ticketID: Int, other: Int) {
            self.ticketID = ticketID
            self.other = other
        }
        public static let schema = JSONSchema.object([
            .required("ticketID", .integer(minimum: 1)), .required("other", .integer(minimum: 1)),
        ])
    }

    /// Every support-desk message type with a schema.
    public static let messages: [any DescribedPayload.Type] =
        [
            OpenTicket.self, ChangeTicket.self, GetTicket.self, TicketDetails.self,
            TicketOpened.self, TicketReplied.self, TicketNoted.self, TicketAssigned.self, TicketEscalated.self,
            TicketDeescalated.self, TicketPending.self, TicketResolved.self, TicketClosed.self, TicketReopened.self,
            TicketMerged.self, SLAWarning.self, SLABreached.self, SaveAgent.self, AgentDetails.self, AssignTickets.self,
            AssignResult.self, MergeTicket.self, LinkTickets.self, ListTickets.self, TicketList.self,
            PublishArticle.self,
            ArticlePublished.self, FindArticles.self, ArticleList.self, LinkArticle.self, RecordNeed.self,
            NeedsReport.self, NeedsSummary.self, TicketReport.self, TicketFigures.self, PersonErased.self,
            ListAgents.self, AgentList.self, RemoveAgent.self, AgentRemoved.self, GetAttachment.self,
            AttachmentPart.self, ListQuarantine.self, QuarantineList.self, ShowQuarantined.self, QuarantineDetails.self,
            DecideQuarantined.self, QuarantineRejected.self, MailBounced.self, FindPublicArticles.self,
            PublicArticleList.self, AnswerNeed.self, GetSchoolNeeds.self, SchoolNeeds.self,
        ] + requesterMessages + agentBasicsMessages + [
            OpenNeedsSurvey.self, CloseNeedsSurvey.self, ListNeedsSurveys.self, NeedsSurveys.self,
        ]
}
