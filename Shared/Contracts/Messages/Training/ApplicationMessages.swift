// Applications of schools for a round: places while there are any, then a waiting list; a freed
// place is offered to the next school and held for a while; withdrawals at any time. Every step is
// an event carrying the application and its round, so whoever tells the school needs nothing else.

extension Training {
    public struct ApplyForRound: DescribedPayload, PublicRequest {
        public static let messageType = Training.type("application", "submit")
        public static let summary = """
            A registered Sek I school applies for a round with up to 4 students (first name and grade; a \
            parent's consent under 16) and up to 2 Beratungslehrkräfte. It gets a place while there are \
            any, else a place on the waiting list.
            """
        public var roundID: String
        public var schulnummer: String
        public var students: [Student]
        public var teachers: [Teacher]
        /// From the portal: the school contact's address its link proved, which must be the school's.
        public var email: String?
        public init(
            roundID: String, schulnummer: String, students: [Student], teachers: [Teacher], email: String? = nil
        ) {
            self.email = email
            self.roundID = roundID
            self.schulnummer = schulnummer
            self.students = students
            self.teachers = teachers
        }
        public static let schema = JSONSchema.object([
            .required("roundID", .text), .required("schulnummer", .text),
            .required("students", .array(Student.schema, minItems: 1)),
            .required("teachers", .array(Teacher.schema, minItems: 1)), .optional("email", .email),
        ])
    }

    public struct WithdrawApplication: DescribedPayload, PublicRequest {
        public static let messageType = Training.type("application", "withdraw")
        public static let summary = "A school withdraws; a place it held goes to the next school on the waiting list."
        public var applicationID: Int
        public var reason: String?
        /// From the portal: a contact's address of the applying school.
        public var email: String?
        public init(applicationID: Int, reason: String? = nil, email: String? = nil) {
            self.applicationID = applicationID
            self.reason = reason
            self.email = email
        }
        public static let schema = JSONSchema.object([
            .required("applicationID", .integer(minimum: 1)), .optional("reason", .text), .optional("email", .email),
        ])
    }

    public struct AcceptOffer: DescribedPayload, PublicRequest {
        public static let messageType = Training.type("application", "accept")
        public static let summary = "A school takes the place offered to it, before the offer expires."
        public var applicationID: Int
        /// From the portal: a contact's address of the applying school.
        public var email: String?
        public init(applicationID: Int, email: String? = nil) {
            self.applicationID = applicationID
            self.email = email
        }
        public static let schema = JSONSchema.object([
            .required("applicationID", .integer(minimum: 1)), .optional("email", .email),
        ])
    }

    public struct GetApplication: DescribedPayload, PublicRequest {
        public static let messageType = Training.type("application", "get")
        public static let summary =
            "Asks for an application with its round; from the portal, for a contact of its school."
        public var applicationID: Int
        /// From the portal: a contact's address of the applying school.
        public var email: String?
        public init(applicationID: Int, email: String? = nil) {
            self.applicationID = applicationID
            self.email = email
        }
        public static let schema = JSONSchema.object([
            .required("applicationID", .integer(minimum: 1)), .optional("email", .email),
        ])
    }

    /// Asks for the open rounds of a network and a school's applications, for a contact of the school.
    public struct GetSchoolRounds: DescribedPayload, PublicRequest {
        public static let messageType = Training.type("application", "school-rounds")
        public static let summary = """
            Asks for the rounds of a school's network not yet over, with its application to each, for a contact \
            of the school (the portal's proven address).
            """
        public var schulnummer: String
        public var email: String?
        public init(schulnummer: String, email: String? = nil) {
            self.schulnummer = schulnummer
            self.email = email
        }
        public static let schema = JSONSchema.object([.required("schulnummer", .text), .optional("email", .email)])
    }

    /// Asks for a network's Medienscouts rounds not yet over, as the public sees them.
    public struct ListPublicRounds: DescribedPayload, PublicRequest {
        public static let messageType = Training.type("round", "list-public")
        public static let summary = "Asks for a network's rounds not yet over, with their free places, for the public."
        public var networkID: String
        public init(networkID: String) { self.networkID = networkID }
        public static let schema = JSONSchema.object([.required("networkID", .text)])
    }

    public struct PublicRoundList: DescribedPayload {
        public static let messageType = Training.type("round", "public-list")
        public static let summary = "A network's rounds not yet over, with their free places; no applications."
        public var rounds: [SchoolRound]
        public init(rounds: [SchoolRound]) { self.rounds = rounds }
        public static let schema = JSONSchema.object([.required("rounds", .array(SchoolRound.schema))])
    }

    /// A round as a school sees it, with its own application if it has one.
    public struct SchoolRound: Codable, Sendable, Equatable {
        public var round: Round
        public var freePlaces: Int
        public var waiting: Int
        /// Whether the school may apply now: in the application period, not applied yet.
        public var open: Bool
        public var application: Application?
        public init(round: Round, freePlaces: Int, waiting: Int, open: Bool, application: Application?) {
            self.round = round
            self.freePlaces = freePlaces
            self.waiting = waiting
            self.open = open
            self.application = application
        }
        static let schema = JSONSchema.object([
            .required("round", Round.schema), .required("freePlaces", .integer(minimum: 0)),
            .required("waiting", .integer(minimum: 0)), .required("open", .boolean),
            .optional("application", Application.schema),
        ])
    }

    public struct SchoolRounds: DescribedPayload {
        public static let messageType = Training.type("application", "school-rounds-result")
        public static let summary = "The rounds of a school's network not yet over, with the school's applications."
        public var schulnummer: String
        public var schoolName: String
        public var rounds: [SchoolRound]
        public init(schulnummer: String, schoolName: String, rounds: [SchoolRound]) {
            self.schulnummer = schulnummer
            self.schoolName = schoolName
            self.rounds = rounds
        }
        public static let schema = JSONSchema.object([
            .required("schulnummer", .text), .required("schoolName", .text),
            .required("rounds", .array(SchoolRound.schema)),
        ])
    }

    /// The reply to an application command: the application and its round.
    public struct ApplicationDetails: DescribedPayload {
        public static let messageType = Training.type("application", "details")
        public static let summary = "An application and its round."
        public var application: Application
        public var round: Round
        public init(application: Application, round: Round) {
            self.application = application
            self.round = round
        }
        public static let schema = JSONSchema.object([
            .required("application", Application.schema), .required("round", Round.schema),
        ])
    }

    /// The shape every application event shares.
    public protocol ApplicationEvent: DescribedPayload {
        var application: Application { get }
        var round: Round { get }
        init(application: Application, round: Round)
    }

    static let applicationEventSchema = JSONSchema.object([
        .required("application", Application.schema), .required("round", Round.schema),
    ])

    public struct ApplicationReceived: ApplicationEvent {
        public static let messageType = Training.type("application", "received")
        public static let summary = "A school's application arrived; its teachers get a confirmation of receipt."
        public static let schema = Training.applicationEventSchema
        public var application: Application
        public var round: Round
        public init(application: Application, round: Round) {
            self.application = application
            self.round = round
        }
    }

    public struct ApplicationConfirmed: ApplicationEvent {
        public static let messageType = Training.type("application", "confirmed")
        public static let summary = "A school has a place in the round (on applying, or by taking an offer)."
        public static let schema = Training.applicationEventSchema
        public var application: Application
        public var round: Round
        public init(application: Application, round: Round) {
            self.application = application
            self.round = round
        }
    }

    public struct ApplicationWaitlisted: ApplicationEvent {
        public static let messageType = Training.type("application", "waitlisted")
        public static let summary = "The round is full; the school is on the waiting list at the position given."
        public static let schema = Training.applicationEventSchema
        public var application: Application
        public var round: Round
        public init(application: Application, round: Round) {
            self.application = application
            self.round = round
        }
    }

    public struct ApplicationOffered: ApplicationEvent {
        public static let messageType = Training.type("application", "offered")
        public static let summary = "A place freed up and is held for this school until offerExpiresAt."
        public static let schema = Training.applicationEventSchema
        public var application: Application
        public var round: Round
        public init(application: Application, round: Round) {
            self.application = application
            self.round = round
        }
    }

    public struct ApplicationWithdrawn: ApplicationEvent {
        public static let messageType = Training.type("application", "withdrawn")
        public static let summary = "A school withdrew its application."
        public static let schema = Training.applicationEventSchema
        public var application: Application
        public var round: Round
        public init(application: Application, round: Round) {
            self.application = application
            self.round = round
        }
    }

    public struct ApplicationExpired: ApplicationEvent {
        public static let messageType = Training.type("application", "expired")
        public static let summary = "The place held for a school was not taken in time and went on."
        public static let schema = Training.applicationEventSchema
        public var application: Application
        public var round: Round
        public init(application: Application, round: Round) {
            self.application = application
            self.round = round
        }
    }
}
