// Figures per network: Medienscouts rounds, schools qualified and certified scouts; parent
// evenings by topic with registrations, attendance and ratings; which areas of the
// Medienkompetenzrahmen the offers covered.

extension Training {
    public struct TrainingReport: DescribedPayload {
        public static let messageType = Training.type("report", "figures")
        public static let summary =
            "Asks for the training figures per network, of one network or school year when given."
        public var networkID: String?
        /// Rounds of this school year, and evenings from its 1 August to 31 July.
        public var schoolYear: String?
        public init(networkID: String? = nil, schoolYear: String? = nil) {
            self.networkID = networkID
            self.schoolYear = schoolYear
        }
        public static let schema = JSONSchema.object([
            .optional("networkID", .text), .optional("schoolYear", .schoolYear),
        ])
    }

    public struct TrainingFigures: DescribedPayload {
        public static let messageType = Training.type("report", "figures-result")
        public static let summary = "Training figures per network."

        public struct Network: Codable, Sendable, Equatable {
            public var networkID: String
            public var rounds: Int
            /// Schools with a place in a round.
            public var schoolsTaking: Int
            /// Schools whose team holds a certificate.
            public var schoolsQualified: Int
            public var certifiedScouts: Int
            public var certifiedTeachers: Int
            public var evenings: [EveningTopic]
            /// Offers (rounds and evenings) per area of the Medienkompetenzrahmen (`"3"`: 4 offers).
            public var areas: [String: Int]
            public init(
                networkID: String, rounds: Int, schoolsTaking: Int, schoolsQualified: Int, certifiedScouts: Int,
                certifiedTeachers: Int, evenings: [EveningTopic], areas: [String: Int]
            ) {
                self.networkID = networkID
                self.rounds = rounds
                self.schoolsTaking = schoolsTaking
                self.schoolsQualified = schoolsQualified
                self.certifiedScouts = certifiedScouts
                self.certifiedTeachers = certifiedTeachers
                self.evenings = evenings
                self.areas = areas
            }
        }

        public struct EveningTopic: Codable, Sendable, Equatable {
            public var topicID: String
            public var title: String
            public var evenings: Int
            public var registrations: Int
            public var attended: Int
            public var ratings: Int
            /// Mean rating, 1–5; absent without ratings.
            public var meanRating: Double?
            public init(
                topicID: String, title: String, evenings: Int, registrations: Int, attended: Int, ratings: Int,
                meanRating: Double?
            ) {
                self.topicID = topicID
                self.title = title
                self.evenings = evenings
                self.registrations = registrations
                self.attended = attended
                self.ratings = ratings
                self.meanRating = meanRating
            }
        }

        public var networks: [Network]
        public init(networks: [Network]) { self.networks = networks }

        public static let schema = JSONSchema.object([
            .required(
                "networks",
                .array(
                    .object([
                        .required("networkID", .text), .required("rounds", .integer(minimum: 0)),
                        .required("schoolsTaking", .integer(minimum: 0)),
                        .required("schoolsQualified", .integer(minimum: 0)),
                        .required("certifiedScouts", .integer(minimum: 0)),
                        .required("certifiedTeachers", .integer(minimum: 0)),
                        .required(
                            "evenings",
                            .array(
                                .object([
                                    .required("topicID", .text), .required("title", .text),
                                    .required("evenings", .integer(minimum: 0)),
                                    .required("registrations", .integer(minimum: 0)),
                                    .required("attended", .integer(minimum: 0)),
                                    .required("ratings", .integer(minimum: 0)), .optional("meanRating", .number),
                                ]))),
                        .required("areas", .object([]), "offers per area number 1–6"),
                    ])))
        ])
    }

    public static let reportMessages: [any DescribedPayload.Type] = [TrainingReport.self, TrainingFigures.self]
}
