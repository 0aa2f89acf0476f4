import Foundation

/// Values the training service's messages share: Medienscouts rounds with their workshops, the
/// schools' applications, attendance and certificates. Days are `yyyy-MM-dd`, times of day `HH:mm`
/// (Europe/Berlin), instants RFC 3339.
public enum Training {
    public static let service = "training"

    static func type(_ aggregate: String, _ name: String) -> MessageType {
        MessageType(service: service, aggregate: aggregate, name: name)
    }

    public enum Mode: String, Codable, Sendable, CaseIterable {
        case inPerson = "in-person"
        case online
    }

    /// A qualification round, or an Aufbauworkshop round open only to schools whose team completed one.
    public enum RoundKind: String, Codable, Sendable, CaseIterable {
        case qualification
        case aufbau
    }

    /// One workshop day of a round.
    public struct Workshop: Codable, Sendable, Equatable {
        /// 1 … the round's number of workshops.
        public var number: Int
        public var date: String
        public var starts: String
        public var ends: String
        public var mode: Mode
        /// Where, for a workshop in person.
        public var place: String?
        /// The video link, for an online workshop.
        public var link: String?
        /// Two trainers.
        public var trainers: [String]
        public var cancelled: Bool
        public init(
            number: Int, date: String, starts: String, ends: String, mode: Mode, place: String? = nil,
            link: String? = nil, trainers: [String], cancelled: Bool = false
        ) {
            self.number = number
            self.date = date
            self.starts = starts
            self.ends = ends
            self.mode = mode
            self.place = place
            self.link = link
            self.trainers = trainers
            self.cancelled = cancelled
        }
        static let schema = JSONSchema.object([
            .required("number", .integer(minimum: 1)), .required("date", .date), .required("starts", .timeOfDay),
            .required("ends", .timeOfDay), .required("mode", .oneOf(Mode.self)),
            .optional("place", .text, "for a workshop in person"), .optional("link", .text, "for an online workshop"),
            .required("trainers", .array(.text, minItems: 2)), .required("cancelled", .boolean),
        ])
    }

    /// A Medienscouts round of a network in a school year, run by its Bildungsbüro.
    public struct Round: Codable, Sendable, Equatable {
        public var id: String
        public var networkID: String
        /// E.g. `2026/27`.
        public var schoolYear: String
        public var kind: RoundKind
        public var title: String
        /// Places, in schools.
        public var capacity: Int
        public var applicationOpens: String
        public var applicationCloses: String
        public var workshops: [Workshop]
        /// How long an offered place is held for a school from the waiting list, in hours.
        public var offerHoldHours: Int
        /// Workshops a participant must attend for the certificate.
        public var workshopsForCertificate: Int
        public init(
            id: String, networkID: String, schoolYear: String, kind: RoundKind, title: String, capacity: Int,
            applicationOpens: String, applicationCloses: String, workshops: [Workshop], offerHoldHours: Int,
            workshopsForCertificate: Int
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
        static let schema = JSONSchema.object([
            .required("id", .text), .required("networkID", .text), .required("schoolYear", .schoolYear),
            .required("kind", .oneOf(RoundKind.self)), .required("title", .text),
            .required("capacity", .integer(minimum: 1)), .required("applicationOpens", .date),
            .required("applicationCloses", .date), .required("workshops", .array(Workshop.schema, minItems: 1)),
            .required("offerHoldHours", .integer(minimum: 1)),
            .required("workshopsForCertificate", .integer(minimum: 1)),
        ])
    }

    /// A Medienscout: first name and grade only (data minimisation); under 16 with the date a
    /// parent's consent was recorded.
    public struct Student: Codable, Sendable, Equatable {
        public var firstName: String
        public var grade: Int
        public var under16: Bool
        public var parentalConsentOn: String?
        public init(firstName: String, grade: Int, under16: Bool = true, parentalConsentOn: String? = nil) {
            self.firstName = firstName
            self.grade = grade
            self.under16 = under16
            self.parentalConsentOn = parentalConsentOn
        }
        static let schema = JSONSchema.object([
            .required("firstName", .text), .required("grade", .integer(minimum: 5, maximum: 13)),
            .required("under16", .boolean),
            .optional("parentalConsentOn", .date, "when a parent's consent was recorded; required under 16"),
        ])
    }

    /// A Beratungslehrkraft: name and work e-mail.
    public struct Teacher: Codable, Sendable, Equatable {
        public var name: String
        public var email: String
        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
        static let schema = JSONSchema.object([.required("name", .text), .required("email", .email)])
    }

    public enum ApplicationStatus: String, Codable, Sendable, CaseIterable {
        /// Has a place.
        case confirmed
        /// Waits for a place.
        case waitlisted
        /// A freed place is held for the school until `offerExpiresAt`.
        case offered
        case withdrawn
        /// The offer passed without an answer; the place went on.
        case expired
    }

    /// A school's application for a round: its team, and where it stands.
    public struct Application: Codable, Sendable, Equatable {
        public var id: Int
        public var roundID: String
        public var schulnummer: String
        public var schoolName: String
        /// Up to 4 students; participant keys `s1` … `s4` in order.
        public var students: [Student]
        /// Up to 2 teachers; participant keys `t1`, `t2`.
        public var teachers: [Teacher]
        public var status: ApplicationStatus
        /// Place on the waiting list (1 = next), while waitlisted.
        public var waitlistPosition: Int?
        public var offerExpiresAt: String?
        public var appliedAt: String
        public init(
            id: Int, roundID: String, schulnummer: String, schoolName: String, students: [Student], teachers: [Teacher],
            status: ApplicationStatus, waitlistPosition: Int? = nil, offerExpiresAt: String? = nil, appliedAt: String
        ) {
            self.id = id
            self.roundID = roundID
            self.schulnummer = schulnummer
            self.schoolName = schoolName
            self.students = students
            self.teachers = teachers
            self.status = status
            self.waitlistPosition = waitlistPosition
            self.offerExpiresAt = offerExpiresAt
            self.appliedAt = appliedAt
        }
        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("roundID", .text), .required("schulnummer", .text),
            .required("schoolName", .text), .required("students", .array(Student.schema)),
            .required("teachers", .array(Teacher.schema)), .required("status", .oneOf(ApplicationStatus.self)),
            .optional("waitlistPosition", .integer(minimum: 1)), .optional("offerExpiresAt", .dateTime),
            .required("appliedAt", .dateTime),
        ])
    }
}

extension JSONSchema {
    /// `HH:mm`.
    static let timeOfDay = JSONSchema.string(.init(pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$"))
    /// `2026/27`.
    static let schoolYear = JSONSchema.string(.init(pattern: "^[0-9]{4}/[0-9]{2}$"))
}
