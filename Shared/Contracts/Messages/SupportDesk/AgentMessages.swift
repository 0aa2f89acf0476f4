// Agents and assignment.

extension SupportDesk {
    public struct SaveAgent: DescribedPayload {
        public static let messageType = SupportDesk.type("agent", "save")
        public static let summary = "Adds or changes an agent and their scope; only an admin may."
        public var agent: Agent
        public init(_ agent: Agent) { self.agent = agent }
        public static let schema = JSONSchema.object([.required("agent", Agent.schema)])
    }

    public struct AgentDetails: DescribedPayload {
        public static let messageType = SupportDesk.type("agent", "details")
        public static let summary = "An agent and their scope."
        public var agent: Agent
        public init(agent: Agent) { self.agent = agent }
        public static let schema = JSONSchema.object([.required("agent", Agent.schema)])
    }

    /// Asks for one agent (`id`) or every agent; for admins and operators.
    public struct ListAgents: DescribedPayload {
        public static let messageType = SupportDesk.type("agent", "list")
        public static let summary =
            "Asks for the agents and their scopes (one, with its id); admins and operators only."
        public var id: String?
        public init(id: String? = nil) { self.id = id }
        public static let schema = JSONSchema.object([.optional("id", .text, "one agent")])
    }

    public struct AgentList: DescribedPayload {
        public static let messageType = SupportDesk.type("agent", "list-result")
        public static let summary = "The agents asked for, by id."
        public var agents: [Agent]
        public init(agents: [Agent]) { self.agents = agents }
        public static let schema = JSONSchema.object([.required("agents", .array(Agent.schema))])
    }

    /// Removes an agent: their tickets are left unassigned, each with an entry in its history.
    public struct RemoveAgent: DescribedPayload {
        public static let messageType = SupportDesk.type("agent", "remove")
        public static let summary = """
            Removes an agent; their open tickets are left unassigned, each with an entry in its history. \
            Admins and operators only.
            """
        public var id: String
        public init(id: String) { self.id = id }
        public static let schema = JSONSchema.object([.required("id", .text)])
    }

    public struct AgentRemoved: DescribedPayload {
        public static let messageType = SupportDesk.type("agent", "removed")
        public static let summary = "An agent was removed; the tickets that were theirs are unassigned."
        public var agent: Agent
        public var unassigned: [Int]
        public var by: String
        public init(agent: Agent, unassigned: [Int], by: String) {
            self.agent = agent
            self.unassigned = unassigned
            self.by = by
        }
        public static let schema = JSONSchema.object([
            .required("agent", Agent.schema), .required("unassigned", .array(.integer(minimum: 1))),
            .required("by", .text, "who removed them"),
        ])
    }

    /// Take, give or unassign many tickets at once.
    public struct AssignTickets: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "assign")
        public static let summary = """
            Assigns tickets: to the sender (take), to another agent (give), or to nobody (unassign). \
            Each ticket is done or refused on its own.
            """
        /// The tickets, each once, at most ``maxTickets``: the answer carries a view of each, so more
        /// is refused as invalid; a repeated id counts once.
        public var ticketIDs: [Int]
        public static let maxTickets = 500
        /// The agent to assign to; absent to unassign.
        public var to: String?
        public init(ticketIDs: [Int], to: String?) {
            self.ticketIDs = ticketIDs
            self.to = to
        }
        public static let schema = JSONSchema.object([
            .required(
                "ticketIDs", .array(.integer(minimum: 1), minItems: 1, maxItems: maxTickets, uniqueItems: true),
                "at most 500 tickets at once"),
            .optional("to", .text, "an agent id; absent to unassign"),
        ])
    }

    public struct AssignResult: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "assign-result")
        public static let summary = "The tickets assigned, and those refused with the reason."
        public struct Refused: Codable, Sendable, Equatable {
            public var ticketID: Int
            public var code: String
            public var message: String
            public init(ticketID: Int, code: String, message: String) {
                self.ticketID = ticketID
                self.code = code
                self.message = message
            }
        }
        public var tickets: [Ticket]
        public var refused: [Refused]
        public init(tickets: [Ticket], refused: [Refused]) {
            self.tickets = tickets
            self.refused = refused
        }
        public static let schema = JSONSchema.object([
            .required("tickets", .array(Ticket.schema)),
            .required(
                "refused",
                .array(
                    .object([
                        .required("ticketID", .integer(minimum: 1)), .required("code", .text),
                        .required("message", .text),
                    ]))),
        ])
    }
}
