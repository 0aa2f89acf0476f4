import Foundation

/// Values the support desk's messages share.
public enum SupportDesk {
    public static let service = "supportdesk"

    static func type(_ aggregate: String, _ name: String) -> MessageType {
        MessageType(service: service, aggregate: aggregate, name: name)
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case new, open, pending, resolved, closed, merged
    }

    public enum Priority: String, Codable, Sendable, CaseIterable {
        case low, normal, high, critical
    }

    public enum Category: String, Codable, Sendable, CaseIterable {
        case hardware, network
        case learningPlatform = "learning-platform"
        case accounts, software, devices
        case dataProtection = "data-protection"
        case other
    }

    public enum SLAState: String, Codable, Sendable, CaseIterable {
        case ok, warning, breached, met
    }

    /// Who asked: a school contact, or an agent on their behalf.
    public struct Requester: Codable, Sendable, Equatable {
        public var name: String
        public var email: String
        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
        static let schema = JSONSchema.object([.required("name", .text), .required("email", .email)])
    }

    /// One SLA clock of a ticket.
    public struct Clock: Codable, Sendable, Equatable {
        public var state: SLAState
        /// Business seconds used and allowed.
        public var used: Int
        public var target: Int
        /// When it breaches if it keeps running (RFC 3339); absent while paused or stopped.
        public var dueAt: String?
        public init(state: SLAState, used: Int, target: Int, dueAt: String? = nil) {
            self.state = state
            self.used = used
            self.target = target
            self.dueAt = dueAt
        }
        static let schema = JSONSchema.object([
            .required("state", .oneOf(SLAState.self)), .required("used", .integer(minimum: 0)),
            .required("target", .integer(minimum: 0)), .optional("dueAt", .dateTime),
        ])
    }

    /// A ticket as events and replies carry it: enough to notify the right people and route.
    public struct Ticket: Codable, Sendable, Equatable {
        public var id: Int
        public var title: String
        public var status: Status
        public var priority: Priority
        public var category: Category
        /// 1 (the school and the 1st-level team) or 2 (the Schulträger's IT).
        public var level: Int
        public var schulnummer: String
        public var schoolName: String
        public var networkID: String
        public var schultraegerID: String?
        /// The group a level-2 ticket is routed to: the Schulträger's IT group.
        public var itGroupEmail: String?
        public var requester: Requester
        public var assignee: String?
        public var openedAt: String
        public var firstResponse: Clock
        public var resolution: Clock
        public var mergedInto: Int?
        /// Lower-case words agents file the ticket under.
        public var tags: [String]?
        /// The requester's answer to "Wurde Ihr Problem gelöst?", once given.
        public var satisfied: Bool?

        public init(
            id: Int, title: String, status: Status, priority: Priority, category: Category, level: Int,
            schulnummer: String, schoolName: String, networkID: String, schultraegerID: String?,
            itGroupEmail: String?, requester: Requester, assignee: String?, openedAt: String, firstResponse: Clock,
            resolution: Clock, mergedInto: Int? = nil, tags: [String]? = nil, satisfied: Bool? = nil
        ) {
            self.tags = tags
            self.satisfied = satisfied
            self.id = id
            self.title = title
            self.status = status
            self.priority = priority
            self.category = category
            self.level = level
            self.schulnummer = schulnummer
            self.schoolName = schoolName
            self.networkID = networkID
            self.schultraegerID = schultraegerID
            self.itGroupEmail = itGroupEmail
            self.requester = requester
            self.assignee = assignee
            self.openedAt = openedAt
            self.firstResponse = firstResponse
            self.resolution = resolution
            self.mergedInto = mergedInto
        }

        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("title", .text), .required("status", .oneOf(Status.self)),
            .required("priority", .oneOf(Priority.self)), .required("category", .oneOf(Category.self)),
            .required("level", .integer(minimum: 1, maximum: 2)), .required("schulnummer", .text),
            .required("schoolName", .text), .required("networkID", .text), .optional("schultraegerID", .text),
            .optional("itGroupEmail", .email), .required("requester", Requester.schema),
            .optional("assignee", .text), .required("openedAt", .dateTime),
            .required("firstResponse", Clock.schema), .required("resolution", Clock.schema),
            .optional("mergedInto", .integer(minimum: 1)),
            .optional("tags", .array(.text, maxItems: SupportDesk.maxTags)),
            .optional("satisfied", .boolean, "the requester's answer to whether their problem was solved"),
        ])
    }
}

extension SupportDesk {
    /// An agent of the desk, known by their broker user (the AMQP `user_id` of what they send).
    public struct Agent: Codable, Sendable, Equatable {
        public enum Role: String, Codable, Sendable, CaseIterable {
            /// 1st level: tickets at level 1 of the given schools or networks.
            case firstLevel = "first-level"
            /// 2nd level: tickets at level 2 of the given Schulträger.
            case secondLevel = "second-level"
            /// A network's coordinator: every ticket of the given networks.
            case coordinator
            /// Everything, and the agents themselves.
            case admin
        }

        public var id: String
        public var name: String
        public var role: Role
        public var schools: [String]
        public var networks: [String]
        public var schultraeger: [String]
        /// Where SLA warnings and breaches reach the agent; none, none reach them.
        public var email: String?

        public init(
            id: String, name: String, role: Role, schools: [String] = [], networks: [String] = [],
            schultraeger: [String] = [], email: String? = nil
        ) {
            self.id = id
            self.name = name
            self.role = role
            self.schools = schools
            self.networks = networks
            self.schultraeger = schultraeger
            self.email = email
        }

        static let schema = JSONSchema.object([
            .required("id", .text, "the agent's broker user"), .required("name", .text),
            .required("role", .oneOf(Role.self)), .required("schools", .array(.text)),
            .required("networks", .array(.text)), .required("schultraeger", .array(.text)),
            .optional("email", .email),
        ])
    }
}
