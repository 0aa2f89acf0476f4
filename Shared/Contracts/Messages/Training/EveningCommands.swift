// Parent evenings: the commands and queries, and their replies.

extension Training {
    public struct RequestEvening: DescribedPayload {
        public static let messageType = Training.type("evening", "request")
        public static let summary = "A Kita, school or family centre of a network asks for a parent evening."
        public var networkID: String
        public var institutionID: String
        public var institutionName: String
        public var contact: Contact
        public var wish: String?
        /// The requester's own reference (a form's submission id, a seed's key): asking again with
        /// the same reference and institution returns the evening asked for before.
        public var reference: String?
        public init(
            networkID: String, institutionID: String, institutionName: String, contact: Contact, wish: String? = nil,
            reference: String? = nil
        ) {
            self.reference = reference
            self.networkID = networkID
            self.institutionID = institutionID
            self.institutionName = institutionName
            self.contact = contact
            self.wish = wish
        }
        public static let schema = JSONSchema.object([
            .required("networkID", .text), .required("institutionID", .text), .required("institutionName", .text),
            .required("contact", Contact.schema), .optional("wish", .text), .optional("reference", .text),
        ])
    }

    public struct ScheduleEvening: DescribedPayload {
        public static let messageType = Training.type("evening", "schedule")
        public static let summary = """
            The coordinator schedules a requested evening (or changes its schedule): topic from the \
            catalogue, speaker, day and time, in person or online, capacity (online up to 300).
            """
        public var eveningID: Int
        public var topicID: String
        public var speaker: String
        public var date: String
        public var starts: String
        public var ends: String
        public var mode: Mode
        public var place: String?
        public var link: String?
        public var capacity: Int
        public var offerHoldHours: Int?
        public init(
            eveningID: Int, topicID: String, speaker: String, date: String, starts: String, ends: String, mode: Mode,
            place: String? = nil, link: String? = nil, capacity: Int, offerHoldHours: Int? = nil
        ) {
            self.eveningID = eveningID
            self.topicID = topicID
            self.speaker = speaker
            self.date = date
            self.starts = starts
            self.ends = ends
            self.mode = mode
            self.place = place
            self.link = link
            self.capacity = capacity
            self.offerHoldHours = offerHoldHours
        }
        public static let schema = JSONSchema.object([
            .required("eveningID", .integer(minimum: 1)), .required("topicID", .text), .required("speaker", .text),
            .required("date", .date), .required("starts", .timeOfDay), .required("ends", .timeOfDay),
            .required("mode", .oneOf(Mode.self)), .optional("place", .text), .optional("link", .text),
            .required("capacity", .integer(minimum: 1, maximum: 300)),
            .optional("offerHoldHours", .integer(minimum: 1), "default 48, never past the evening's start"),
        ])
    }

    public struct CancelEvening: DescribedPayload {
        public static let messageType = Training.type("evening", "cancel")
        public static let summary = "Cancels an evening with a reason; every registered parent is told."
        public var eveningID: Int
        public var reason: String
        public init(eveningID: Int, reason: String) {
            self.eveningID = eveningID
            self.reason = reason
        }
        public static let schema = JSONSchema.object([
            .required("eveningID", .integer(minimum: 1)), .required("reason", .text),
        ])
    }

    public struct GetEvening: DescribedPayload {
        public static let messageType = Training.type("evening", "get")
        public static let summary = "Asks for an evening with its registrations and questions."
        public var eveningID: Int
        public init(eveningID: Int) { self.eveningID = eveningID }
        public static let schema = JSONSchema.object([.required("eveningID", .integer(minimum: 1))])
    }

    public struct ListEvenings: DescribedPayload {
        public static let messageType = Training.type("evening", "list")
        public static let summary = "Asks for the evenings, of one network when given."
        public var networkID: String?
        public init(networkID: String? = nil) { self.networkID = networkID }
        public static let schema = JSONSchema.object([.optional("networkID", .text)])
    }

    public struct EveningDetails: DescribedPayload {
        public static let messageType = Training.type("evening", "details")
        public static let summary = "An evening, how its places stand, its registrations and the questions asked."
        public var evening: Evening
        public var confirmed: Int
        public var offered: Int
        public var waitlisted: Int
        public var registrations: [Registration]
        public init(evening: Evening, confirmed: Int, offered: Int, waitlisted: Int, registrations: [Registration]) {
            self.evening = evening
            self.confirmed = confirmed
            self.offered = offered
            self.waitlisted = waitlisted
            self.registrations = registrations
        }
        public static let schema = JSONSchema.object([
            .required("evening", Evening.schema), .required("confirmed", .integer(minimum: 0)),
            .required("offered", .integer(minimum: 0)), .required("waitlisted", .integer(minimum: 0)),
            .required("registrations", .array(Registration.schema)),
        ])
    }

    public struct EveningList: DescribedPayload {
        public static let messageType = Training.type("evening", "list-result")
        public static let summary = "Evenings with how their places stand."
        public var evenings: [EveningDetails]
        public init(evenings: [EveningDetails]) { self.evenings = evenings }
        public static let schema = JSONSchema.object([.required("evenings", .array(EveningDetails.schema))])
    }

    public struct ListTopics: DescribedPayload {
        public static let messageType = Training.type("topic", "list")
        public static let summary = "Asks for the catalogue of parent-evening topics."
        public init() {}
        public static let schema = JSONSchema.object([])
    }

    public struct TopicList: DescribedPayload {
        public static let messageType = Training.type("topic", "list-result")
        public static let summary = "The catalogue of parent-evening topics with their Medienkompetenzrahmen codes."
        public var topics: [Topic]
        public init(topics: [Topic]) { self.topics = topics }
        public static let schema = JSONSchema.object([.required("topics", .array(Topic.schema))])
    }

    public struct RegisterParent: DescribedPayload, PublicRequest {
        public static let messageType = Training.type("registration", "submit")
        public static let summary = """
            A parent registers for a scheduled evening with name, e-mail, how many people come and consent to \
            be contacted, optionally with a question for the speaker; places while there are enough, else the \
            waiting list. From the portal, once the parent opened the confirmation link (double opt-in).
            """
        public var eveningID: Int
        public var name: String
        public var email: String
        public var consentToContact: Bool
        public var question: String?
        /// How many people come, the parent included (1 when absent).
        public var people: Int?
        public init(
            eveningID: Int, name: String, email: String, consentToContact: Bool, question: String? = nil,
            people: Int? = nil
        ) {
            self.eveningID = eveningID
            self.name = name
            self.email = email
            self.consentToContact = consentToContact
            self.question = question
            self.people = people
        }
        public static let schema = JSONSchema.object([
            .required("eveningID", .integer(minimum: 1)), .required("name", .text), .required("email", .email),
            .required("consentToContact", .boolean), .optional("question", .text),
            .optional("people", .integer(minimum: 1, maximum: Training.maxPeople)),
        ])
    }

    public struct CancelRegistration: DescribedPayload, PublicRequest {
        public static let messageType = Training.type("registration", "cancel")
        public static let summary = """
            A parent cancels (or declines an offered place); a place they held is offered to the next on the \
            waiting list. From the portal it names the parent's address, which must be the registration's.
            """
        public var registrationID: Int
        /// The address the portal's link proved; required from the portal.
        public var email: String?
        public init(registrationID: Int, email: String? = nil) {
            self.registrationID = registrationID
            self.email = email
        }
        public static let schema = JSONSchema.object([
            .required("registrationID", .integer(minimum: 1)), .optional("email", .email),
        ])
    }

    public struct AcceptRegistrationOffer: DescribedPayload, PublicRequest {
        public static let messageType = Training.type("registration", "accept")
        public static let summary = """
            A parent takes the place offered, before the offer expires. From the portal it names the parent's \
            address, which must be the registration's.
            """
        public var registrationID: Int
        /// The address the portal's link proved; required from the portal.
        public var email: String?
        public init(registrationID: Int, email: String? = nil) {
            self.registrationID = registrationID
            self.email = email
        }
        public static let schema = JSONSchema.object([
            .required("registrationID", .integer(minimum: 1)), .optional("email", .email),
        ])
    }

    public struct RecordEveningAttendance: DescribedPayload {
        public static let messageType = Training.type("evening", "attendance")
        public static let summary = "Records which registered parents came (replacing an earlier record)."
        public var eveningID: Int
        public var present: [Int]
        public init(eveningID: Int, present: [Int]) {
            self.eveningID = eveningID
            self.present = present
        }
        public static let schema = JSONSchema.object([
            .required("eveningID", .integer(minimum: 1)), .required("present", .array(.integer(minimum: 1))),
        ])
    }

    public struct GiveFeedback: DescribedPayload {
        public static let messageType = Training.type("registration", "feedback")
        public static let summary = "A parent rates an evening they registered for (1–5) with a comment, once it began."
        public var registrationID: Int
        public var rating: Int
        public var comment: String?
        public init(registrationID: Int, rating: Int, comment: String? = nil) {
            self.registrationID = registrationID
            self.rating = rating
            self.comment = comment
        }
        public static let schema = JSONSchema.object([
            .required("registrationID", .integer(minimum: 1)), .required("rating", .integer(minimum: 1, maximum: 5)),
            .optional("comment", .text),
        ])
    }

    public struct RegistrationDetails: DescribedPayload {
        public static let messageType = Training.type("registration", "details")
        public static let summary = "A registration and its evening."
        public var registration: Registration
        public var evening: Evening
        public init(registration: Registration, evening: Evening) {
            self.registration = registration
            self.evening = evening
        }
        public static let schema = JSONSchema.object([
            .required("registration", Registration.schema), .required("evening", Evening.schema),
        ])
    }
}
