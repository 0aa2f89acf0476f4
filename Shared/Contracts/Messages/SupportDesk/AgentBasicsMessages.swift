// The agents' everyday tools: priority, category and tags; canned replies (macros) per network;
// and the requester's answer to "Wurde Ihr Problem gelöst?".

extension SupportDesk {
    /// At most this many tags on a ticket, each at most `maxTagLength` characters.
    public static let maxTags = 10
    public static let maxTagLength = 32

    /// Changes what a ticket is, not where it stands: priority (the SLA targets follow), category, tags.
    public struct UpdateTicket: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "update")
        public static let summary = """
            Changes a ticket's priority (its SLA targets follow, the time used stays), category or tags \
            (lower-case words; at most 10 on a ticket). Absent fields stay as they are.
            """
        public var ticketID: Int
        public var priority: Priority?
        public var category: Category?
        public var addTags: [String]?
        public var removeTags: [String]?
        public init(
            ticketID: Int, priority: Priority? = nil, category: Category? = nil, addTags: [String]? = nil,
            removeTags: [String]? = nil
        ) {
            self.ticketID = ticketID
            self.priority = priority
            self.category = category
            self.addTags = addTags
            self.removeTags = removeTags
        }
        public static let schema = JSONSchema.object([
            .required("ticketID", .integer(minimum: 1)), .optional("priority", .oneOf(Priority.self)),
            .optional("category", .oneOf(Category.self)),
            .optional("addTags", .array(.text, maxItems: SupportDesk.maxTags)),
            .optional("removeTags", .array(.text, maxItems: SupportDesk.maxTags)),
        ])
    }

    /// A ticket's priority, category or tags changed; the text says what (`priority: normal → high`).
    public struct TicketUpdated: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "updated")
        public static let summary = "A ticket's priority, category or tags changed; the text says what."
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

    /// A canned reply: a text with placeholders `{{requester}}`, `{{school}}`, `{{ticket}}`,
    /// `{{title}}` and `{{agent}}`, for one network or (without one) for all.
    public struct Macro: Codable, Sendable, Equatable {
        public var id: Int
        public var networkID: String?
        public var title: String
        public var text: String
        public var updatedBy: String
        public var updatedAt: String
        public init(id: Int, networkID: String?, title: String, text: String, updatedBy: String, updatedAt: String) {
            self.id = id
            self.networkID = networkID
            self.title = title
            self.text = text
            self.updatedBy = updatedBy
            self.updatedAt = updatedAt
        }
        /// The placeholders a macro's text may use.
        public static let placeholders = ["requester", "school", "ticket", "title", "agent"]
        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .optional("networkID", .text, "absent: for every network"),
            .required("title", .text), .required("text", .string()), .required("updatedBy", .text),
            .required("updatedAt", .dateTime),
        ])
    }

    /// Saves a canned reply (a new one without `macroID`); a network's coordinator for their network,
    /// an admin for any or all.
    public struct SaveMacro: DescribedPayload {
        public static let messageType = SupportDesk.type("macro", "save")
        public static let summary = """
            Saves a canned reply for a network (or, by an admin, for all): a title and a text with the \
            placeholders {{requester}}, {{school}}, {{ticket}}, {{title}} and {{agent}}.
            """
        public var macroID: Int?
        public var networkID: String?
        public var title: String
        public var text: String
        public init(macroID: Int? = nil, networkID: String? = nil, title: String, text: String) {
            self.macroID = macroID
            self.networkID = networkID
            self.title = title
            self.text = text
        }
        public static let schema = JSONSchema.object([
            .optional("macroID", .integer(minimum: 1), "absent: a new macro"),
            .optional("networkID", .text, "absent: for every network (admins only)"),
            .required("title", .text), .required("text", .string(.init(minLength: 1, maxLength: 20_000))),
        ])
    }

    public struct GetMacro: DescribedPayload {
        public static let messageType = SupportDesk.type("macro", "get")
        public static let summary = "Asks for a canned reply."
        public var macroID: Int
        public init(macroID: Int) { self.macroID = macroID }
        public static let schema = JSONSchema.object([.required("macroID", .integer(minimum: 1))])
    }

    public struct MacroDetails: DescribedPayload {
        public static let messageType = SupportDesk.type("macro", "details")
        public static let summary = "A canned reply."
        public var macro: Macro
        public init(macro: Macro) { self.macro = macro }
        public static let schema = JSONSchema.object([.required("macro", Macro.schema)])
    }

    public struct ListMacros: DescribedPayload {
        public static let messageType = SupportDesk.type("macro", "list")
        public static let summary = "Asks for the canned replies the agent may use: their networks' and those for all."
        public var networkID: String?
        public init(networkID: String? = nil) { self.networkID = networkID }
        public static let schema = JSONSchema.object([.optional("networkID", .text)])
    }

    public struct MacroList: DescribedPayload {
        public static let messageType = SupportDesk.type("macro", "list-result")
        public static let summary = "Canned replies, by title."
        public var macros: [Macro]
        public init(macros: [Macro]) { self.macros = macros }
        public static let schema = JSONSchema.object([.required("macros", .array(Macro.schema))])
    }

    /// Answers or notes on a ticket with a canned reply, its placeholders filled in for the ticket.
    public struct ApplyMacro: DescribedPayload {
        public static let messageType = SupportDesk.type("macro", "apply")
        public static let summary = """
            Replies (public) or notes (internal) on a ticket with a canned reply of the ticket's network or \
            for all, its placeholders filled in; as a reply or note written by hand.
            """
        public enum As: String, Codable, Sendable, CaseIterable {
            case reply, note
        }
        public var ticketID: Int
        public var macroID: Int
        public var `as`: As
        public init(ticketID: Int, macroID: Int, as: As = .reply) {
            self.ticketID = ticketID
            self.macroID = macroID
            self.as = `as`
        }
        public static let schema = JSONSchema.object([
            .required("ticketID", .integer(minimum: 1)), .required("macroID", .integer(minimum: 1)),
            .required("as", .oneOf(As.self)),
        ])
    }

    /// The requester answered "Wurde Ihr Problem gelöst?": yes closes a resolved ticket, no reopens
    /// it (within the reopen window).
    public struct TicketRated: TicketEvent {
        public static let messageType = SupportDesk.type("ticket", "rated")
        public static let summary = """
            The requester answered whether their problem was solved; the text is 'yes' or 'no'. Reports count \
            the share of yes per network and level.
            """
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

    static let agentBasicsMessages: [any DescribedPayload.Type] = [
        UpdateTicket.self, TicketUpdated.self, SaveMacro.self, GetMacro.self, MacroDetails.self, ListMacros.self,
        MacroList.self, ApplyMacro.self, TicketRated.self,
    ]
}
