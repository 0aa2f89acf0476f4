// Reports: tickets per network, Schulträger, category and status; SLA compliance; median times.

extension SupportDesk {
    public struct TicketReport: DescribedPayload {
        public static let messageType = SupportDesk.type("report", "tickets")
        public static let summary = "Asks for ticket figures within the sender's scope, for tickets opened in a period."
        public var networkID: String?
        public var openedFrom: String?
        public var openedUntil: String?
        public init(networkID: String? = nil, openedFrom: String? = nil, openedUntil: String? = nil) {
            self.networkID = networkID
            self.openedFrom = openedFrom
            self.openedUntil = openedUntil
        }
        public static let schema = JSONSchema.object([
            .optional("networkID", .text), .optional("openedFrom", .dateTime), .optional("openedUntil", .dateTime),
        ])
    }

    public struct TicketFigures: DescribedPayload {
        public static let messageType = SupportDesk.type("report", "tickets-result")
        public static let summary = """
            Ticket counts by network, Schulträger, category and status; per SLA clock how many were met, \
            breached or still running; median first response and resolution in business seconds.
            """
        public struct Count: Codable, Sendable, Equatable {
            public var networkID: String
            public var schultraegerID: String?
            public var category: Category
            public var status: Status
            public var tickets: Int
            public init(networkID: String, schultraegerID: String?, category: Category, status: Status, tickets: Int) {
                self.networkID = networkID
                self.schultraegerID = schultraegerID
                self.category = category
                self.status = status
                self.tickets = tickets
            }
        }
        public struct Compliance: Codable, Sendable, Equatable {
            public var met: Int
            public var breached: Int
            public var running: Int
            /// Business seconds, over the clocks that stopped; absent when none did.
            public var median: Int?
            public init(met: Int, breached: Int, running: Int, median: Int?) {
                self.met = met
                self.breached = breached
                self.running = running
                self.median = median
            }
            static let schema = JSONSchema.object([
                .required("met", .integer(minimum: 0)), .required("breached", .integer(minimum: 0)),
                .required("running", .integer(minimum: 0)), .optional("median", .integer(minimum: 0)),
            ])
        }
        /// The requesters' answers to "Wurde Ihr Problem gelöst?" for a network and the level their
        /// ticket was resolved at.
        public struct Satisfaction: Codable, Sendable, Equatable {
            public var networkID: String
            public var level: Int
            public var yes: Int
            public var no: Int
            /// The share of yes, 0 to 1.
            public var share: Double { yes + no == 0 ? 0 : Double(yes) / Double(yes + no) }
            public init(networkID: String, level: Int, yes: Int, no: Int) {
                self.networkID = networkID
                self.level = level
                self.yes = yes
                self.no = no
            }
            private enum CodingKeys: String, CodingKey { case networkID, level, yes, no }
        }
        public var counts: [Count]
        public var firstResponse: Compliance
        public var resolution: Compliance
        public var satisfaction: [Satisfaction]?
        public init(
            counts: [Count], firstResponse: Compliance, resolution: Compliance, satisfaction: [Satisfaction]? = nil
        ) {
            self.satisfaction = satisfaction
            self.counts = counts
            self.firstResponse = firstResponse
            self.resolution = resolution
        }
        public static let schema = JSONSchema.object([
            .required(
                "counts",
                .array(
                    .object([
                        .required("networkID", .text), .optional("schultraegerID", .text),
                        .required("category", .oneOf(Category.self)), .required("status", .oneOf(Status.self)),
                        .required("tickets", .integer(minimum: 1)),
                    ]))),
            .required("firstResponse", Compliance.schema), .required("resolution", Compliance.schema),
            .optional(
                "satisfaction",
                .array(
                    .object([
                        .required("networkID", .text), .required("level", .integer(minimum: 1, maximum: 2)),
                        .required("yes", .integer(minimum: 0)), .required("no", .integer(minimum: 0)),
                    ])), "answers to 'Wurde Ihr Problem gelöst?' by network and level"),
        ])
    }
}
