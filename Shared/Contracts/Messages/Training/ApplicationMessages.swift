// Applications of schools for a round: places while there are any, then a waiting list; a freed
// place is offered to the next school and held for a while; withdrawals at any time. Every step is
// an event carrying the application and its round, so whoever tells the school needs nothing else.

extension Training {
    public struct ApplyForRound: DescribedPayload {
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
        public init(roundID: String, schulnummer: String, students: [Student], teachers: [Teacher]) {
            self.roundID = roundID
            self.schulnummer = schulnummer
            self.students = students
            self.teachers = teachers
        }
        public static let schema = JSONSchema.object([
            .required("roundID", .text), .required("schulnummer", .text),
            .required("students", .array(Student.schema, minItems: 1)),
            .required("teachers", .array(Teacher.schema, minItems: 1)),
        ])
    }

    public struct WithdrawApplication: DescribedPayload {
        public static let messageType = Training.type("application", "withdraw")
        public static let summary = "A school withdraws; a place it held goes to the next school on the waiting list."
        public var applicationID: Int
        public var reason: String?
        public init(applicationID: Int, reason: String? = nil) {
            self.applicationID = applicationID
            self.reason = reason
        }
        public static let schema = JSONSchema.object([
            .required("applicationID", .integer(minimum: 1)), .optional("reason", .text),
        ])
    }

    public struct AcceptOffer: DescribedPayload {
        public static let messageType = Training.type("application", "accept")
        public static let summary = "A school takes the place offered to it, before the offer expires."
        public var applicationID: Int
        public init(applicationID: Int) { self.applicationID = applicationID }
        public static let schema = JSONSchema.object([.required("applicationID", .integer(minimum: 1))])
    }

    public struct GetApplication: DescribedPayload {
        public static let messageType = Training.type("application", "get")
        public static let summary = "Asks for an application with its round."
        public var applicationID: Int
        public init(applicationID: Int) { self.applicationID = applicationID }
        public static let schema = JSONSchema.object([.required("applicationID", .integer(minimum: 1))])
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
