// The needs survey (Bedarfserhebung): what support each school needs, per area, with urgency.

extension SupportDesk {
    public enum NeedArea: String, Codable, Sendable, CaseIterable {
        case hardware, network
        case learningPlatform = "learning-platform"
        case accounts, software, devices
        case dataProtection = "data-protection"
        case training, other
    }

    public enum Urgency: String, Codable, Sendable, CaseIterable {
        case low, medium, high
    }

    /// A network's survey of a school year: the areas it asks about, open until closed.
    public struct NeedsCampaign: Codable, Sendable, Equatable {
        public var networkID: String
        public var schoolYear: String
        public var areas: [NeedArea]
        public var openedAt: String
        public var openedBy: String
        public var closedAt: String?
        public init(
            networkID: String, schoolYear: String, areas: [NeedArea], openedAt: String, openedBy: String,
            closedAt: String? = nil
        ) {
            self.networkID = networkID
            self.schoolYear = schoolYear
            self.areas = areas
            self.openedAt = openedAt
            self.openedBy = openedBy
            self.closedAt = closedAt
        }
        static let schema = JSONSchema.object([
            .required("networkID", .text), .required("schoolYear", .schoolYear),
            .required("areas", .array(.oneOf(NeedArea.self), minItems: 1)), .required("openedAt", .dateTime),
            .required("openedBy", .text), .optional("closedAt", .dateTime, "absent: open"),
        ])
    }

    /// Opens a network's survey for a school year with its areas (all when absent); opening it again
    /// changes the areas while it is open. Its coordinators and admins.
    public struct OpenNeedsSurvey: DescribedPayload {
        public static let messageType = SupportDesk.type("need", "open-survey")
        public static let summary = """
            Opens a network's needs survey for a school year with the areas it asks about (all when absent); \
            the schools answer it on the portal, agents record answers taken otherwise. Again: new areas.
            """
        public var networkID: String
        public var schoolYear: String
        public var areas: [NeedArea]?
        public init(networkID: String, schoolYear: String, areas: [NeedArea]? = nil) {
            self.networkID = networkID
            self.schoolYear = schoolYear
            self.areas = areas
        }
        public static let schema = JSONSchema.object([
            .required("networkID", .text), .required("schoolYear", .schoolYear),
            .optional(
                "areas", .array(.oneOf(NeedArea.self), minItems: 1, maxItems: NeedArea.allCases.count),
                "all when absent"),
        ])
    }

    /// Closes a network's survey of a school year: its answers stay for the reports.
    public struct CloseNeedsSurvey: DescribedPayload {
        public static let messageType = SupportDesk.type("need", "close-survey")
        public static let summary =
            "Closes a network's needs survey of a school year; its answers stay for the reports."
        public var networkID: String
        public var schoolYear: String
        public init(networkID: String, schoolYear: String) {
            self.networkID = networkID
            self.schoolYear = schoolYear
        }
        public static let schema = JSONSchema.object([
            .required("networkID", .text), .required("schoolYear", .schoolYear),
        ])
    }

    public struct ListNeedsSurveys: DescribedPayload {
        public static let messageType = SupportDesk.type("need", "list-surveys")
        public static let summary = "Asks for the needs surveys of the agent's networks (of one network), newest first."
        public var networkID: String?
        public init(networkID: String? = nil) { self.networkID = networkID }
        public static let schema = JSONSchema.object([.optional("networkID", .text)])
    }

    public struct NeedsSurveys: DescribedPayload {
        public static let messageType = SupportDesk.type("need", "surveys")
        public static let summary = "Needs surveys, newest school year first."
        public var campaigns: [NeedsCampaign]
        public init(campaigns: [NeedsCampaign]) { self.campaigns = campaigns }
        public static let schema = JSONSchema.object([.required("campaigns", .array(NeedsCampaign.schema))])
    }

    public struct RecordNeed: DescribedPayload {
        public static let messageType = SupportDesk.type("need", "record")
        public static let summary = """
            Records a school's support need in an area for the survey of its network that is open (or of the \
            school year given); the latest answer per area and year counts.
            """
        public var schulnummer: String
        public var area: NeedArea
        public var urgency: Urgency
        public var note: String?
        /// The survey's school year; absent: the one open for the school's network.
        public var schoolYear: String?
        public init(
            schulnummer: String, area: NeedArea, urgency: Urgency, note: String? = nil, schoolYear: String? = nil
        ) {
            self.schoolYear = schoolYear
            self.schulnummer = schulnummer
            self.area = area
            self.urgency = urgency
            self.note = note
        }
        public static let schema = JSONSchema.object([
            .required("schulnummer", .text), .required("area", .oneOf(NeedArea.self)),
            .required("urgency", .oneOf(Urgency.self)), .optional("note", .text),
            .optional("schoolYear", .schoolYear, "absent: the survey open for the school's network"),
        ])
    }

    public struct NeedsReport: DescribedPayload {
        public static let messageType = SupportDesk.type("need", "report")
        public static let summary = """
            Asks for a school year's answers per network, Schulträger, area and urgency (of one school when \
            given), each with the count of the year before.
            """
        public var networkID: String?
        public var schultraegerID: String?
        /// Absent: the newest school year with a survey in the agent's scope.
        public var schoolYear: String?
        public var schulnummer: String?
        public init(
            networkID: String? = nil, schultraegerID: String? = nil, schoolYear: String? = nil,
            schulnummer: String? = nil
        ) {
            self.networkID = networkID
            self.schultraegerID = schultraegerID
            self.schoolYear = schoolYear
            self.schulnummer = schulnummer
        }
        public static let schema = JSONSchema.object([
            .optional("networkID", .text), .optional("schultraegerID", .text),
            .optional("schoolYear", .schoolYear, "absent: the newest with a survey"), .optional("schulnummer", .text),
        ])
    }

    public struct NeedsSummary: DescribedPayload {
        public static let messageType = SupportDesk.type("need", "report-result")
        public static let summary = """
            Schools per network, Schulträger, area and urgency in a school year, with the year before.
            """
        public struct Row: Codable, Sendable, Equatable {
            public var networkID: String
            public var schultraegerID: String?
            public var area: NeedArea
            public var urgency: Urgency
            /// Schools with this need in the school year.
            public var schools: Int
            /// The same in the year before.
            public var previous: Int?
            public init(
                networkID: String, schultraegerID: String?, area: NeedArea, urgency: Urgency, schools: Int,
                previous: Int? = nil
            ) {
                self.previous = previous
                self.networkID = networkID
                self.schultraegerID = schultraegerID
                self.area = area
                self.urgency = urgency
                self.schools = schools
            }
        }
        public var rows: [Row]
        /// The school year counted, and the one compared with.
        public var schoolYear: String?
        public var previousYear: String?
        public init(rows: [Row], schoolYear: String? = nil, previousYear: String? = nil) {
            self.rows = rows
            self.schoolYear = schoolYear
            self.previousYear = previousYear
        }
        public static let schema = JSONSchema.object([
            .required(
                "rows",
                .array(
                    .object([
                        .required("networkID", .text), .optional("schultraegerID", .text),
                        .required("area", .oneOf(NeedArea.self)), .required("urgency", .oneOf(Urgency.self)),
                        .required("schools", .integer(minimum: 0)), .optional("previous", .integer(minimum: 0)),
                    ]))),
            .optional("schoolYear", .schoolYear), .optional("previousYear", .schoolYear),
        ])
    }
}

// The survey as a school answers it on the portal: one area at a time, by a contact of the school.
extension SupportDesk {
    /// A school's answer for one area; no urgency means no need (an earlier answer is withdrawn).
    public struct AnswerNeed: DescribedPayload, PublicRequest {
        public static let messageType = SupportDesk.type("need", "answer")
        public static let summary = """
            A school contact answers the needs survey for one area on the portal (the address its link proved \\
            must be a registry contact of the school); no urgency: no need.
            """
        public var schulnummer: String
        public var email: String
        public var area: NeedArea
        public var urgency: Urgency?
        public var note: String?
        public init(schulnummer: String, email: String, area: NeedArea, urgency: Urgency?, note: String? = nil) {
            self.schulnummer = schulnummer
            self.email = email
            self.area = area
            self.urgency = urgency
            self.note = note
        }
        public static let schema = JSONSchema.object([
            .required("schulnummer", .text), .required("email", .email), .required("area", .oneOf(NeedArea.self)),
            .optional("urgency", .oneOf(Urgency.self), "absent: no need"),
            .optional("note", .string(.init(maxLength: 2000))),
        ])
    }

    /// Asks for a school's answers, for one of its contacts.
    public struct GetSchoolNeeds: DescribedPayload, PublicRequest {
        public static let messageType = SupportDesk.type("need", "school-get")
        public static let summary = "Asks for a school's last answers to the needs survey, for a contact of the school."
        public var schulnummer: String
        public var email: String
        public init(schulnummer: String, email: String) {
            self.schulnummer = schulnummer
            self.email = email
        }
        public static let schema = JSONSchema.object([.required("schulnummer", .text), .required("email", .email)])
    }

    public struct NeedAnswer: Codable, Sendable, Equatable {
        public var area: NeedArea
        public var urgency: Urgency
        public var note: String?
        public var recordedAt: String
        public init(area: NeedArea, urgency: Urgency, note: String?, recordedAt: String) {
            self.area = area
            self.urgency = urgency
            self.note = note
            self.recordedAt = recordedAt
        }
        static let schema = JSONSchema.object([
            .required("area", .oneOf(NeedArea.self)), .required("urgency", .oneOf(Urgency.self)),
            .optional("note", .string()), .required("recordedAt", .dateTime),
        ])
    }

    public struct SchoolNeeds: DescribedPayload {
        public static let messageType = SupportDesk.type("need", "school-result")
        public static let summary = "A school's last answers to the needs survey, per area with a need."
        public var schulnummer: String
        public var schoolName: String
        public var answers: [NeedAnswer]
        /// The open survey's school year and areas, and the school's answers of the year before.
        public var schoolYear: String?
        public var areas: [NeedArea]?
        public var previous: [NeedAnswer]?
        public init(
            schulnummer: String, schoolName: String, answers: [NeedAnswer], schoolYear: String? = nil,
            areas: [NeedArea]? = nil, previous: [NeedAnswer]? = nil
        ) {
            self.schoolYear = schoolYear
            self.areas = areas
            self.previous = previous
            self.schulnummer = schulnummer
            self.schoolName = schoolName
            self.answers = answers
        }
        public static let schema = JSONSchema.object([
            .required("schulnummer", .text), .required("schoolName", .text),
            .required("answers", .array(NeedAnswer.schema)), .optional("schoolYear", .schoolYear),
            .optional("areas", .array(.oneOf(NeedArea.self))), .optional("previous", .array(NeedAnswer.schema)),
        ])
    }
}
