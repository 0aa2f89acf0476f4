// Finding tickets: filters, full-text search, sorting and paging.

extension SupportDesk {
    public struct ListTickets: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "list")
        public static let summary = """
            Asks for the tickets in the sender's scope that match every filter given, with full-text \
            search over titles, descriptions, replies and notes; sorted and paged.
            """
        public enum Sort: String, Codable, Sendable, CaseIterable {
            case newest, oldest, priority
        }
        public var status: [Status]?
        public var level: Int?
        public var schulnummer: String?
        public var networkID: String?
        public var schultraegerID: String?
        public var category: Category?
        public var priority: Priority?
        /// An agent id; `me` for the sender.
        public var assignee: String?
        public var unassigned: Bool?
        /// Only tickets whose SLA warning or breach was announced and that are still open.
        public var breaching: Bool?
        public var openedFrom: String?
        public var openedUntil: String?
        /// Words to find (all of them), in titles, descriptions, replies and notes.
        public var text: String?
        /// Only tickets with this tag.
        public var tag: String?
        public var sort: Sort?
        public var limit: Int?
        public var offset: Int?

        public init(
            status: [Status]? = nil, level: Int? = nil, schulnummer: String? = nil, networkID: String? = nil,
            schultraegerID: String? = nil, category: Category? = nil, priority: Priority? = nil,
            assignee: String? = nil,
            unassigned: Bool? = nil, breaching: Bool? = nil, openedFrom: String? = nil, openedUntil: String? = nil,
            text: String? = nil, tag: String? = nil, sort: Sort? = nil, limit: Int? = nil, offset: Int? = nil
        ) {
            self.tag = tag
            self.status = status
            self.level = level
            self.schulnummer = schulnummer
            self.networkID = networkID
            self.schultraegerID = schultraegerID
            self.category = category
            self.priority = priority
            self.assignee = assignee
            self.unassigned = unassigned
            self.breaching = breaching
            self.openedFrom = openedFrom
            self.openedUntil = openedUntil
            self.text = text
            self.sort = sort
            self.limit = limit
            self.offset = offset
        }

        public static let schema = JSONSchema.object([
            .optional(
                "status", .array(.oneOf(Status.self), maxItems: Status.allCases.count, uniqueItems: true),
                "each status once; a repeated one counts once"), .optional("level", .integer(minimum: 1, maximum: 2)),
            .optional("schulnummer", .text), .optional("networkID", .text), .optional("schultraegerID", .text),
            .optional("category", .oneOf(Category.self)), .optional("priority", .oneOf(Priority.self)),
            .optional("assignee", .text, "an agent id, or 'me'"), .optional("unassigned", .boolean),
            .optional("breaching", .boolean), .optional("openedFrom", .dateTime), .optional("openedUntil", .dateTime),
            .optional("text", .text), .optional("tag", .text), .optional("sort", .oneOf(Sort.self)),
            .optional("limit", .integer(minimum: 1, maximum: 500)), .optional("offset", .integer(minimum: 0)),
        ])
    }

    public struct TicketList: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "list-result")
        public static let summary = "A page of tickets, and how many match in all (counted up to a limit)."
        /// Counting stops here, so a list costs the same in a store of any size.
        public static let countLimit = 1000
        public var tickets: [Ticket]
        /// How many match, up to ``countLimit``.
        public var total: Int
        /// More than `total` match: counting stopped at ``countLimit``.
        public var totalCapped: Bool
        public init(tickets: [Ticket], total: Int, totalCapped: Bool = false) {
            self.tickets = tickets
            self.total = total
            self.totalCapped = totalCapped
        }
        public static let schema = JSONSchema.object([
            .required("tickets", .array(Ticket.schema)),
            .required("total", .integer(minimum: 0), "how many match, counted up to 1000"),
            .required("totalCapped", .boolean, "more than 'total' match"),
        ])
    }
}
