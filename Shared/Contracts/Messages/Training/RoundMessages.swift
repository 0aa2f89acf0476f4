// Rounds and their workshops: created by the Bildungsbüro, rescheduled or cancelled with events so
// that everyone registered is told.

extension Training {
    public struct CreateRound: DescribedPayload {
        public static let messageType = Training.type("round", "create")
        public static let summary = """
            Creates a Medienscouts round of a network for a school year, with its workshops, capacity (in \
            schools) and application period. Creating it again with the same id and content changes nothing.
            """
        /// A slug; made from the network, school year and kind when absent.
        public var id: String?
        public var networkID: String
        public var schoolYear: String
        public var kind: RoundKind
        public var title: String
        /// Default 10.
        public var capacity: Int?
        public var applicationOpens: String
        public var applicationCloses: String
        public var workshops: [Workshop]
        /// Default 48.
        public var offerHoldHours: Int?
        /// Default: all workshops.
        public var workshopsForCertificate: Int?
        public init(
            id: String? = nil, networkID: String, schoolYear: String, kind: RoundKind = .qualification, title: String,
            capacity: Int? = nil, applicationOpens: String, applicationCloses: String, workshops: [Workshop],
            offerHoldHours: Int? = nil, workshopsForCertificate: Int? = nil
        ) {
            self.id = id
            self.networkID = networkID
            self.schoolYear = schoolYear
            self.kind = kind
            self.title = title
            self.capacity = capacity
            self.applicationOpens = applicationOpens
            self.applicationCloses = applicationCloses
            self.workshops = workshops
            self.offerHoldHours = offerHoldHours
            self.workshopsForCertificate = workshopsForCertificate
        }
        public static let schema = JSONSchema.object([
            .optional("id", .text), .required("networkID", .text), .required("schoolYear", .schoolYear),
            .required("kind", .oneOf(RoundKind.self)), .required("title", .text),
            .optional("capacity", .integer(minimum: 1), "places, in schools; default 10"),
            .required("applicationOpens", .date), .required("applicationCloses", .date),
            .required("workshops", .array(Workshop.schema, minItems: 1)),
            .optional("offerHoldHours", .integer(minimum: 1), "default 48"),
            .optional("workshopsForCertificate", .integer(minimum: 1), "default: all workshops"),
        ])
    }

    /// A round with how its places stand.
    public struct RoundDetails: DescribedPayload {
        public static let messageType = Training.type("round", "details")
        public static let summary = "A round, its places and its applications."
        public var round: Round
        public var confirmed: Int
        public var offered: Int
        public var waitlisted: Int
        public var applications: [Application]
        /// What departs from the usual plan (7 to 10 schools, the hybrid workshop format), for the
        /// coordinator to confirm; absent from services that predate it.
        public var warnings: [String]?
        public init(
            round: Round, confirmed: Int, offered: Int, waitlisted: Int, applications: [Application],
            warnings: [String]? = nil
        ) {
            self.warnings = warnings
            self.round = round
            self.confirmed = confirmed
            self.offered = offered
            self.waitlisted = waitlisted
            self.applications = applications
        }
        public static let schema = JSONSchema.object([
            .required("round", Round.schema), .required("confirmed", .integer(minimum: 0)),
            .required("offered", .integer(minimum: 0)), .required("waitlisted", .integer(minimum: 0)),
            .required("applications", .array(Application.schema)),
            .optional("warnings", .array(.text), "what departs from the usual plan"),
        ])
    }

    public struct GetRound: DescribedPayload {
        public static let messageType = Training.type("round", "get")
        public static let summary = "Asks for a round with its places and applications."
        public var roundID: String
        public init(roundID: String) { self.roundID = roundID }
        public static let schema = JSONSchema.object([.required("roundID", .text)])
    }

    public struct ListRounds: DescribedPayload {
        public static let messageType = Training.type("round", "list")
        public static let summary = "Asks for the rounds, of one network or school year when given."
        public var networkID: String?
        public var schoolYear: String?
        public init(networkID: String? = nil, schoolYear: String? = nil) {
            self.networkID = networkID
            self.schoolYear = schoolYear
        }
        public static let schema = JSONSchema.object([
            .optional("networkID", .text), .optional("schoolYear", .schoolYear),
        ])
    }

    public struct RoundList: DescribedPayload {
        public static let messageType = Training.type("round", "list-result")
        public static let summary = "Rounds with how their places stand."
        public var rounds: [RoundDetails]
        public init(rounds: [RoundDetails]) { self.rounds = rounds }
        public static let schema = JSONSchema.object([.required("rounds", .array(RoundDetails.schema))])
    }

    public struct RoundCreated: DescribedPayload {
        public static let messageType = Training.type("round", "created")
        public static let summary = "A round was created; its application period and workshops are set."
        public var round: Round
        public init(round: Round) { self.round = round }
        public static let schema = JSONSchema.object([.required("round", Round.schema)])
    }

    public struct RescheduleWorkshop: DescribedPayload {
        public static let messageType = Training.type("workshop", "reschedule")
        public static let summary = "Moves a workshop to another day, time, mode or place; everyone registered is told."
        public var roundID: String
        public var number: Int
        public var date: String
        public var starts: String
        public var ends: String
        /// Unchanged when absent.
        public var mode: Mode?
        public var place: String?
        public var link: String?
        public init(
            roundID: String, number: Int, date: String, starts: String, ends: String, mode: Mode? = nil,
            place: String? = nil, link: String? = nil
        ) {
            self.roundID = roundID
            self.number = number
            self.date = date
            self.starts = starts
            self.ends = ends
            self.mode = mode
            self.place = place
            self.link = link
        }
        public static let schema = JSONSchema.object([
            .required("roundID", .text), .required("number", .integer(minimum: 1)), .required("date", .date),
            .required("starts", .timeOfDay), .required("ends", .timeOfDay), .optional("mode", .oneOf(Mode.self)),
            .optional("place", .text), .optional("link", .text),
        ])
    }

    public struct CancelWorkshop: DescribedPayload {
        public static let messageType = Training.type("workshop", "cancel")
        public static let summary = "Cancels a workshop, with a reason; everyone registered is told."
        public var roundID: String
        public var number: Int
        public var reason: String
        public init(roundID: String, number: Int, reason: String) {
            self.roundID = roundID
            self.number = number
            self.reason = reason
        }
        public static let schema = JSONSchema.object([
            .required("roundID", .text), .required("number", .integer(minimum: 1)), .required("reason", .text),
        ])
    }

    /// A workshop changed: the round, the workshop as it is now and as it was, and the schools to tell.
    public struct WorkshopRescheduled: DescribedPayload {
        public static let messageType = Training.type("workshop", "rescheduled")
        public static let summary = """
            A workshop moved; every school with a place (and its teachers) is told.
            """
        public var round: Round
        public var workshop: Workshop
        public var previous: Workshop
        /// The applications with a place, whose participants must be told.
        public var applications: [Application]
        public init(round: Round, workshop: Workshop, previous: Workshop, applications: [Application]) {
            self.round = round
            self.workshop = workshop
            self.previous = previous
            self.applications = applications
        }
        public static let schema = JSONSchema.object([
            .required("round", Round.schema), .required("workshop", Workshop.schema),
            .required("previous", Workshop.schema), .required("applications", .array(Application.schema)),
        ])
    }

    public struct WorkshopCancelled: DescribedPayload {
        public static let messageType = Training.type("workshop", "cancelled")
        public static let summary = "A workshop was cancelled; every school with a place (and its teachers) is told."
        public var round: Round
        public var workshop: Workshop
        public var reason: String
        public var applications: [Application]
        public init(round: Round, workshop: Workshop, reason: String, applications: [Application]) {
            self.round = round
            self.workshop = workshop
            self.reason = reason
            self.applications = applications
        }
        public static let schema = JSONSchema.object([
            .required("round", Round.schema), .required("workshop", Workshop.schema), .required("reason", .text),
            .required("applications", .array(Application.schema)),
        ])
    }
}
