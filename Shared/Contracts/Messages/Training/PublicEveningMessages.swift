// What the public sees of parent evenings, through the portal: the evening without the people
// behind it (no requester's contact, no other parent), and a parent's own registration.

extension Training {
    /// The most people one registration brings, the parent included.
    public static let maxPeople = 6

    /// An evening as its public page shows it.
    public struct PublicEvening: Codable, Sendable, Equatable {
        public var id: Int
        public var networkID: String
        /// The school or institution that hosts it.
        public var institutionName: String
        public var status: EveningStatus
        public var topic: Topic?
        public var speaker: String?
        public var date: String?
        public var starts: String?
        public var ends: String?
        public var mode: Mode?
        /// Where it takes place, in person; an online evening's link goes only to those with a place.
        public var place: String?
        public var capacity: Int?
        /// Places not taken or held for an offer.
        public var freePlaces: Int
        /// Registrations waiting for a place.
        public var waiting: Int
        /// Whether a parent can register now: scheduled, not begun.
        public var open: Bool
        public init(
            id: Int, networkID: String, institutionName: String, status: EveningStatus, topic: Topic?, speaker: String?,
            date: String?, starts: String?, ends: String?, mode: Mode?, place: String?, capacity: Int?,
            freePlaces: Int, waiting: Int, open: Bool
        ) {
            self.id = id
            self.networkID = networkID
            self.institutionName = institutionName
            self.status = status
            self.topic = topic
            self.speaker = speaker
            self.date = date
            self.starts = starts
            self.ends = ends
            self.mode = mode
            self.place = place
            self.capacity = capacity
            self.freePlaces = freePlaces
            self.waiting = waiting
            self.open = open
        }
        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("networkID", .text),
            .required("institutionName", .text), .required("status", .oneOf(EveningStatus.self)),
            .optional("topic", Topic.schema), .optional("speaker", .text), .optional("date", .date),
            .optional("starts", .timeOfDay), .optional("ends", .timeOfDay), .optional("mode", .oneOf(Mode.self)),
            .optional("place", .text), .optional("capacity", .integer(minimum: 1, maximum: 300)),
            .required("freePlaces", .integer(minimum: 0)), .required("waiting", .integer(minimum: 0)),
            .required("open", .boolean),
        ])
    }

    /// Asks for the scheduled evenings the public may see: of a network, or one evening.
    public struct ListPublicEvenings: DescribedPayload, PublicRequest {
        public static let messageType = Training.type("evening", "list-public")
        public static let summary = """
            Asks for the scheduled evenings as the public sees them (no contacts, no registrations), of one \\
            network or one evening, those not yet over.
            """
        public var networkID: String?
        public var eveningID: Int?
        public init(networkID: String? = nil, eveningID: Int? = nil) {
            self.networkID = networkID
            self.eveningID = eveningID
        }
        public static let schema = JSONSchema.object([
            .optional("networkID", .text), .optional("eveningID", .integer(minimum: 1)),
        ])
    }

    public struct PublicEveningList: DescribedPayload {
        public static let messageType = Training.type("evening", "public-list")
        public static let summary = "Scheduled evenings as the public sees them, soonest first."
        public var evenings: [PublicEvening]
        public init(evenings: [PublicEvening]) { self.evenings = evenings }
        public static let schema = JSONSchema.object([.required("evenings", .array(PublicEvening.schema))])
    }

    /// A parent's own registration, as their page shows it.
    public struct ParentRegistration: DescribedPayload {
        public static let messageType = Training.type("registration", "parent-view")
        public static let summary = "A parent's registration as their page shows it, with the evening."
        public var registrationID: Int
        public var name: String
        public var status: RegistrationStatus
        public var people: Int
        public var waitlistPosition: Int?
        public var offerExpiresAt: String?
        public var evening: PublicEvening
        /// An online evening's link, for a parent with a place.
        public var link: String?
        public init(
            registrationID: Int, name: String, status: RegistrationStatus, people: Int, waitlistPosition: Int?,
            offerExpiresAt: String?, evening: PublicEvening, link: String?
        ) {
            self.registrationID = registrationID
            self.name = name
            self.status = status
            self.people = people
            self.waitlistPosition = waitlistPosition
            self.offerExpiresAt = offerExpiresAt
            self.evening = evening
            self.link = link
        }
        public static let schema = JSONSchema.object([
            .required("registrationID", .integer(minimum: 1)), .required("name", .text),
            .required("status", .oneOf(RegistrationStatus.self)),
            .required("people", .integer(minimum: 1, maximum: Training.maxPeople)),
            .optional("waitlistPosition", .integer(minimum: 1)), .optional("offerExpiresAt", .dateTime),
            .required("evening", PublicEvening.schema), .optional("link", .text),
        ])
    }

    /// Asks for a parent's registration; from the portal with the address its link proved.
    public struct GetParentRegistration: DescribedPayload, PublicRequest {
        public static let messageType = Training.type("registration", "get")
        public static let summary = """
            Asks for a registration as its parent sees it; from the portal it names the parent's address, which \\
            must be the registration's.
            """
        public var registrationID: Int
        public var email: String?
        public init(registrationID: Int, email: String? = nil) {
            self.registrationID = registrationID
            self.email = email
        }
        public static let schema = JSONSchema.object([
            .required("registrationID", .integer(minimum: 1)), .optional("email", .email),
        ])
    }

    static let publicEveningMessages: [any DescribedPayload.Type] = [
        ListPublicEvenings.self, PublicEveningList.self, GetParentRegistration.self, ParentRegistration.self,
    ]
}
