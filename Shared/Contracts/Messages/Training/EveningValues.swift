// Parent evenings (Eltern+Medien): an institution asks for one, the coordinator schedules it with
// a topic and a speaker, parents register (waiting list and held offers as for Medienscouts), ask
// questions in advance and give feedback afterwards.

extension Training {
    /// A topic of the catalogue, mapped to sub-competences of the Medienkompetenzrahmen NRW.
    public struct Topic: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        /// Codes like `3.4`.
        public var competences: [String]
        public init(id: String, title: String, competences: [String]) {
            self.id = id
            self.title = title
            self.competences = competences
        }
        static let schema = JSONSchema.object([
            .required("id", .text), .required("title", .text),
            .required("competences", .array(.string(.init(pattern: "^[1-6]\\.[1-4]$")))),
        ])
    }

    public enum EveningStatus: String, Codable, Sendable, CaseIterable {
        case requested, scheduled, cancelled
    }

    /// Whom the requesting institution names.
    public struct Contact: Codable, Sendable, Equatable {
        public var name: String
        public var email: String
        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
        static let schema = JSONSchema.object([.required("name", .text), .required("email", .email)])
    }

    public struct Evening: Codable, Sendable, Equatable {
        public var id: Int
        public var networkID: String
        public var institutionID: String
        public var institutionName: String
        public var contact: Contact
        /// What the institution wished for (topic, dates), in its words.
        public var wish: String?
        public var status: EveningStatus
        public var topic: Topic?
        public var speaker: String?
        public var date: String?
        public var starts: String?
        public var ends: String?
        public var mode: Mode?
        public var place: String?
        public var link: String?
        public var capacity: Int?
        public var offerHoldHours: Int
        /// The requester's own reference, which makes a repeated request return this evening.
        public var reference: String?
        public init(
            id: Int, networkID: String, institutionID: String, institutionName: String, contact: Contact,
            wish: String? = nil, status: EveningStatus, topic: Topic? = nil, speaker: String? = nil,
            date: String? = nil,
            starts: String? = nil, ends: String? = nil, mode: Mode? = nil, place: String? = nil, link: String? = nil,
            capacity: Int? = nil, offerHoldHours: Int, reference: String? = nil
        ) {
            self.reference = reference
            self.id = id
            self.networkID = networkID
            self.institutionID = institutionID
            self.institutionName = institutionName
            self.contact = contact
            self.wish = wish
            self.status = status
            self.topic = topic
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
        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("networkID", .text), .required("institutionID", .text),
            .required("institutionName", .text), .required("contact", Contact.schema), .optional("wish", .text),
            .required("status", .oneOf(EveningStatus.self)), .optional("topic", Topic.schema),
            .optional("speaker", .text), .optional("date", .date), .optional("starts", .timeOfDay),
            .optional("ends", .timeOfDay), .optional("mode", .oneOf(Mode.self)), .optional("place", .text),
            .optional("link", .text), .optional("capacity", .integer(minimum: 1, maximum: 300)),
            .required("offerHoldHours", .integer(minimum: 1)), .optional("reference", .text),
        ])
    }

    public enum RegistrationStatus: String, Codable, Sendable, CaseIterable {
        case confirmed, waitlisted, offered, cancelled, expired
    }

    /// A parent's registration: name, e-mail and consent to be contacted, nothing more.
    public struct Registration: Codable, Sendable, Equatable {
        public var id: Int
        public var eveningID: Int
        public var name: String
        public var email: String
        public var consentToContact: Bool
        /// Asked in advance, for the speaker.
        public var question: String?
        public var status: RegistrationStatus
        public var waitlistPosition: Int?
        public var offerExpiresAt: String?
        public var registeredAt: String
        public var attended: Bool
        /// 1 … 5, after the evening.
        public var rating: Int?
        public var comment: String?
        /// How many people come, the parent included; absent is 1.
        public var people: Int?
        /// The places the registration takes.
        public var seats: Int { max(people ?? 1, 1) }
        public init(
            id: Int, eveningID: Int, name: String, email: String, consentToContact: Bool, question: String? = nil,
            status: RegistrationStatus, waitlistPosition: Int? = nil, offerExpiresAt: String? = nil,
            registeredAt: String, attended: Bool = false, rating: Int? = nil, comment: String? = nil,
            people: Int? = nil
        ) {
            self.people = people
            self.id = id
            self.eveningID = eveningID
            self.name = name
            self.email = email
            self.consentToContact = consentToContact
            self.question = question
            self.status = status
            self.waitlistPosition = waitlistPosition
            self.offerExpiresAt = offerExpiresAt
            self.registeredAt = registeredAt
            self.attended = attended
            self.rating = rating
            self.comment = comment
        }
        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("eveningID", .integer(minimum: 1)),
            .required("name", .text), .required("email", .email), .required("consentToContact", .boolean),
            .optional("question", .text), .required("status", .oneOf(RegistrationStatus.self)),
            .optional("waitlistPosition", .integer(minimum: 1)), .optional("offerExpiresAt", .dateTime),
            .required("registeredAt", .dateTime), .required("attended", .boolean),
            .optional("rating", .integer(minimum: 1, maximum: 5)), .optional("comment", .text),
            .optional("people", .integer(minimum: 1, maximum: Training.maxPeople)),
        ])
    }
}
