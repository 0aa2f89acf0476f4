// Parent evenings: what happened to an evening or a registration, for whoever tells people.

extension Training {
    /// An evening was requested, scheduled (or moved) or cancelled; a cancellation lists the
    /// registrations to tell.
    public protocol EveningEvent: DescribedPayload {
        var evening: Evening { get }
        var registrations: [Registration] { get }
        var reason: String? { get }
        init(evening: Evening, registrations: [Registration], reason: String?)
    }

    static let eveningEventSchema = JSONSchema.object([
        .required("evening", Evening.schema), .required("registrations", .array(Registration.schema)),
        .optional("reason", .text),
    ])

    public struct EveningRequested: EveningEvent {
        public static let messageType = Training.type("evening", "requested")
        public static let summary = "An institution asked for a parent evening; the coordinator schedules it."
        public static let schema = Training.eveningEventSchema
        public var evening: Evening
        public var registrations: [Registration]
        public var reason: String?
        public init(evening: Evening, registrations: [Registration] = [], reason: String? = nil) {
            self.evening = evening
            self.registrations = registrations
            self.reason = reason
        }
    }

    public struct EveningScheduled: EveningEvent {
        public static let messageType = Training.type("evening", "scheduled")
        public static let summary = """
            An evening was scheduled, or its schedule changed; the registered parents (listed) are told of a change.
            """
        public static let schema = Training.eveningEventSchema
        public var evening: Evening
        public var registrations: [Registration]
        public var reason: String?
        public init(evening: Evening, registrations: [Registration] = [], reason: String? = nil) {
            self.evening = evening
            self.registrations = registrations
            self.reason = reason
        }
    }

    public struct EveningCancelled: EveningEvent {
        public static let messageType = Training.type("evening", "cancelled")
        public static let summary = "An evening was cancelled; every registered parent (listed) is told."
        public static let schema = Training.eveningEventSchema
        public var evening: Evening
        public var registrations: [Registration]
        public var reason: String?
        public init(evening: Evening, registrations: [Registration] = [], reason: String? = nil) {
            self.evening = evening
            self.registrations = registrations
            self.reason = reason
        }
    }

    /// A registration's step, with its evening.
    public protocol RegistrationEvent: DescribedPayload {
        var registration: Registration { get }
        var evening: Evening { get }
        init(registration: Registration, evening: Evening)
    }

    static let registrationEventSchema = JSONSchema.object([
        .required("registration", Registration.schema), .required("evening", Evening.schema),
    ])

    public struct RegistrationConfirmed: RegistrationEvent {
        public static let messageType = Training.type("registration", "confirmed")
        public static let summary = "A parent has a place (on registering, or by taking an offer)."
        public static let schema = Training.registrationEventSchema
        public var registration: Registration
        public var evening: Evening
        public init(registration: Registration, evening: Evening) {
            self.registration = registration
            self.evening = evening
        }
    }

    public struct RegistrationWaitlisted: RegistrationEvent {
        public static let messageType = Training.type("registration", "waitlisted")
        public static let summary = "The evening is full; the parent is on the waiting list."
        public static let schema = Training.registrationEventSchema
        public var registration: Registration
        public var evening: Evening
        public init(registration: Registration, evening: Evening) {
            self.registration = registration
            self.evening = evening
        }
    }

    public struct RegistrationOffered: RegistrationEvent {
        public static let messageType = Training.type("registration", "offered")
        public static let summary = "A place freed up and is held for this parent until offerExpiresAt."
        public static let schema = Training.registrationEventSchema
        public var registration: Registration
        public var evening: Evening
        public init(registration: Registration, evening: Evening) {
            self.registration = registration
            self.evening = evening
        }
    }

    public struct RegistrationCancelled: RegistrationEvent {
        public static let messageType = Training.type("registration", "cancelled")
        public static let summary = "A parent cancelled their registration."
        public static let schema = Training.registrationEventSchema
        public var registration: Registration
        public var evening: Evening
        public init(registration: Registration, evening: Evening) {
            self.registration = registration
            self.evening = evening
        }
    }

    public struct RegistrationExpired: RegistrationEvent {
        public static let messageType = Training.type("registration", "expired")
        public static let summary = "The place held for a parent was not taken in time and went on."
        public static let schema = Training.registrationEventSchema
        public var registration: Registration
        public var evening: Evening
        public init(registration: Registration, evening: Evening) {
            self.registration = registration
            self.evening = evening
        }
    }

    public static let eveningMessages: [any DescribedPayload.Type] =
        [
            RequestEvening.self, ScheduleEvening.self, CancelEvening.self, GetEvening.self, ListEvenings.self,
            EveningDetails.self, EveningList.self, ListTopics.self, TopicList.self, RegisterParent.self,
            CancelRegistration.self, AcceptRegistrationOffer.self, RecordEveningAttendance.self, GiveFeedback.self,
            RegistrationDetails.self, EveningRequested.self, EveningScheduled.self, EveningCancelled.self,
            RegistrationConfirmed.self, RegistrationWaitlisted.self, RegistrationOffered.self,
            RegistrationCancelled.self,
            RegistrationExpired.self, ErasePerson.self, PersonErased.self,
        ] + publicEveningMessages
}
