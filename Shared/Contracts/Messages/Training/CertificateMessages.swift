// Attendance per workshop and participant, and certificates by the round's completion rule.

extension Training {
    public struct RecordAttendance: DescribedPayload {
        public static let messageType = Training.type("attendance", "record")
        public static let summary = """
            Records who of a school's team attended a workshop (participant keys s1 … s4, t1, t2); \
            recording again replaces the list for that workshop.
            """
        public var applicationID: Int
        public var workshop: Int
        public var present: [String]
        public init(applicationID: Int, workshop: Int, present: [String]) {
            self.applicationID = applicationID
            self.workshop = workshop
            self.present = present
        }
        public static let schema = JSONSchema.object([
            .required("applicationID", .integer(minimum: 1)), .required("workshop", .integer(minimum: 1)),
            .required("present", .array(.string(.init(pattern: "^[st][1-4]$")))),
        ])
    }

    /// A participant's attendance in a round.
    public struct Attendance: Codable, Sendable, Equatable {
        /// `s1` … `s4`, `t1`, `t2`.
        public var participant: String
        public var name: String
        public var workshops: [Int]
        public init(participant: String, name: String, workshops: [Int]) {
            self.participant = participant
            self.name = name
            self.workshops = workshops
        }
        static let schema = JSONSchema.object([
            .required("participant", .text), .required("name", .text),
            .required("workshops", .array(.integer(minimum: 1))),
        ])
    }

    public struct AttendanceSheet: DescribedPayload {
        public static let messageType = Training.type("attendance", "sheet")
        public static let summary = "A school team's attendance in its round, per participant."
        public var applicationID: Int
        public var attendance: [Attendance]
        public init(applicationID: Int, attendance: [Attendance]) {
            self.applicationID = applicationID
            self.attendance = attendance
        }
        public static let schema = JSONSchema.object([
            .required("applicationID", .integer(minimum: 1)), .required("attendance", .array(Attendance.schema)),
        ])
    }

    /// A certificate: its number can be checked with `training.certificate.verify`.
    public struct Certificate: Codable, Sendable, Equatable {
        public var number: String
        public var roundID: String
        public var roundTitle: String
        public var schoolYear: String
        public var schulnummer: String
        public var schoolName: String
        /// `s1` … `t2`.
        public var participant: String
        public var name: String
        /// Student or teacher (Beratungslehrkraft).
        public var role: String
        public var workshopsAttended: Int
        public var issuedOn: String
        public init(
            number: String, roundID: String, roundTitle: String, schoolYear: String, schulnummer: String,
            schoolName: String, participant: String, name: String, role: String, workshopsAttended: Int,
            issuedOn: String
        ) {
            self.number = number
            self.roundID = roundID
            self.roundTitle = roundTitle
            self.schoolYear = schoolYear
            self.schulnummer = schulnummer
            self.schoolName = schoolName
            self.participant = participant
            self.name = name
            self.role = role
            self.workshopsAttended = workshopsAttended
            self.issuedOn = issuedOn
        }
        static let schema = JSONSchema.object([
            .required("number", .string(.init(pattern: "^MS-[0-9]{4}-[0-9A-Z]{6}-[0-9A-Z]$"))),
            .required("roundID", .text), .required("roundTitle", .text), .required("schoolYear", .schoolYear),
            .required("schulnummer", .text), .required("schoolName", .text), .required("participant", .text),
            .required("name", .text), .required("role", .string(.init(values: ["student", "teacher"]))),
            .required("workshopsAttended", .integer(minimum: 0)), .required("issuedOn", .date),
        ])
    }

    public struct IssueCertificates: DescribedPayload {
        public static let messageType = Training.type("certificate", "issue")
        public static let summary = """
            Issues a certificate to every participant of a round who meets its completion rule and has \
            none yet; issuing again adds only those who newly qualify.
            """
        public var roundID: String
        public init(roundID: String) { self.roundID = roundID }
        public static let schema = JSONSchema.object([.required("roundID", .text)])
    }

    public struct CertificateList: DescribedPayload {
        public static let messageType = Training.type("certificate", "list")
        public static let summary = "Certificates (those issued by a command, or found by a check)."
        public var certificates: [Certificate]
        public init(certificates: [Certificate]) { self.certificates = certificates }
        public static let schema = JSONSchema.object([.required("certificates", .array(Certificate.schema))])
    }

    public struct VerifyCertificate: DescribedPayload {
        public static let messageType = Training.type("certificate", "verify")
        public static let summary = "Checks a certificate number: the certificate when it is genuine."
        public var number: String
        public init(number: String) { self.number = number }
        public static let schema = JSONSchema.object([.required("number", .text)])
    }

    public struct CertificateIssued: DescribedPayload {
        public static let messageType = Training.type("certificate", "issued")
        public static let summary = "A participant completed a round and got a certificate."
        public var certificate: Certificate
        /// Where the school's teachers are told.
        public var teachers: [Teacher]
        public init(certificate: Certificate, teachers: [Teacher]) {
            self.certificate = certificate
            self.teachers = teachers
        }
        public static let schema = JSONSchema.object([
            .required("certificate", Certificate.schema), .required("teachers", .array(Teacher.schema)),
        ])
    }

    public static let messages: [any DescribedPayload.Type] =
        [
            CreateRound.self, RoundDetails.self, GetRound.self, ListRounds.self, RoundList.self, RoundCreated.self,
            RescheduleWorkshop.self, CancelWorkshop.self, WorkshopRescheduled.self, WorkshopCancelled.self,
            ApplyForRound.self, WithdrawApplication.self, AcceptOffer.self, GetApplication.self, GetSchoolRounds.self,
            SchoolRounds.self, ListPublicRounds.self, PublicRoundList.self,
            ApplicationDetails.self,
            ApplicationReceived.self, ApplicationConfirmed.self, ApplicationWaitlisted.self, ApplicationOffered.self,
            ApplicationWithdrawn.self, ApplicationExpired.self, RecordAttendance.self, AttendanceSheet.self,
            IssueCertificates.self, CertificateList.self, VerifyCertificate.self, CertificateIssued.self,
        ] + eveningMessages + reportMessages
}
