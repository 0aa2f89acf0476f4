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
