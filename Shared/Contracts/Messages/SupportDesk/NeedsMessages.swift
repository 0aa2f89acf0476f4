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

    public struct RecordNeed: DescribedPayload {
        public static let messageType = SupportDesk.type("need", "record")
        public static let summary = "Records a school's support need in an area (the latest answer per area counts)."
        public var schulnummer: String
        public var area: NeedArea
        public var urgency: Urgency
        public var note: String?
        public init(schulnummer: String, area: NeedArea, urgency: Urgency, note: String? = nil) {
            self.schulnummer = schulnummer
            self.area = area
            self.urgency = urgency
            self.note = note
        }
        public static let schema = JSONSchema.object([
            .required("schulnummer", .text), .required("area", .oneOf(NeedArea.self)),
            .required("urgency", .oneOf(Urgency.self)), .optional("note", .text),
        ])
    }

    public struct NeedsReport: DescribedPayload {
        public static let messageType = SupportDesk.type("need", "report")
        public static let summary = "Asks for the survey's answers aggregated per network, Schulträger and area."
        public var networkID: String?
        public var schultraegerID: String?
        public init(networkID: String? = nil, schultraegerID: String? = nil) {
            self.networkID = networkID
            self.schultraegerID = schultraegerID
        }
        public static let schema = JSONSchema.object([
            .optional("networkID", .text), .optional("schultraegerID", .text),
        ])
    }

    public struct NeedsSummary: DescribedPayload {
        public static let messageType = SupportDesk.type("need", "report-result")
        public static let summary = "Schools per network, Schulträger, area and urgency."
        public struct Row: Codable, Sendable, Equatable {
            public var networkID: String
            public var schultraegerID: String?
            public var area: NeedArea
            public var urgency: Urgency
            public var schools: Int
            public init(networkID: String, schultraegerID: String?, area: NeedArea, urgency: Urgency, schools: Int) {
                self.networkID = networkID
                self.schultraegerID = schultraegerID
                self.area = area
                self.urgency = urgency
                self.schools = schools
            }
        }
        public var rows: [Row]
        public init(rows: [Row]) { self.rows = rows }
        public static let schema = JSONSchema.object([
            .required(
                "rows",
                .array(
                    .object([
                        .required("networkID", .text), .optional("schultraegerID", .text),
                        .required("area", .oneOf(NeedArea.self)), .required("urgency", .oneOf(Urgency.self)),
                        .required("schools", .integer(minimum: 1)),
                    ])))
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
        public init(schulnummer: String, schoolName: String, answers: [NeedAnswer]) {
            self.schulnummer = schulnummer
            self.schoolName = schoolName
            self.answers = answers
        }
        public static let schema = JSONSchema.object([
            .required("schulnummer", .text), .required("schoolName", .text),
            .required("answers", .array(NeedAnswer.schema)),
        ])
    }
}
