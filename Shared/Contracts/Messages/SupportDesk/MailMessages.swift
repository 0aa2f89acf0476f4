// Mail into the support desk: attachments, and the quarantine a coordinator decides on.

extension SupportDesk {
    /// A file kept on a ticket (from a mail); its bytes come with ``GetAttachment``.
    public struct AttachmentRef: Codable, Sendable, Equatable {
        public var id: Int
        /// Safe as a file name anywhere: no path, no control characters, a suffix that fits the type.
        public var name: String
        /// The type sniffed from the bytes, e.g. `application/pdf`.
        public var type: String
        public var size: Int
        public var addedBy: String
        public var addedAt: String
        public init(id: Int, name: String, type: String, size: Int, addedBy: String, addedAt: String) {
            self.id = id
            self.name = name
            self.type = type
            self.size = size
            self.addedBy = addedBy
            self.addedAt = addedAt
        }
        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("name", .text), .required("type", .text),
            .required("size", .integer(minimum: 0)), .required("addedBy", .text),
            .required("addedAt", .dateTime),
        ])
    }

    public struct GetAttachment: DescribedPayload {
        public static let messageType = SupportDesk.type("attachment", "get")
        public static let summary = """
            Asks for a part of an attachment's bytes (at most 512 KiB from an offset), for an agent whose \
            scope covers its ticket.
            """
        public var id: Int
        public var offset: Int?
        public init(id: Int, offset: Int? = nil) {
            self.id = id
            self.offset = offset
        }
        public static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .optional("offset", .integer(minimum: 0), "0 when absent"),
        ])
    }

    public struct AttachmentPart: DescribedPayload {
        public static let messageType = SupportDesk.type("attachment", "part")
        public static let summary = "A part of an attachment's bytes, base64; the next offset when more follow."
        public var attachment: AttachmentRef
        public var offset: Int
        public var base64: String
        public var nextOffset: Int?
        public init(attachment: AttachmentRef, offset: Int, base64: String, nextOffset: Int?) {
            self.attachment = attachment
            self.offset = offset
            self.base64 = base64
            self.nextOffset = nextOffset
        }
        public static let schema = JSONSchema.object([
            .required("attachment", AttachmentRef.schema), .required("offset", .integer(minimum: 0)),
            .required("base64", .string()), .optional("nextOffset", .integer(minimum: 1)),
        ])
    }

    /// Why a mail was quarantined.
    public enum QuarantineReason: String, Codable, Sendable, CaseIterable {
        case unknownSender = "unknown-sender"
        case spoofedSender = "spoofed-sender"
        case tooLarge = "too-large"
        case unparseable
        case ambiguousSender = "ambiguous-sender"
        case closedTicket = "closed-ticket"
    }

    /// What a coordinator decided about a quarantined mail.
    public enum QuarantineDecision: String, Codable, Sendable, CaseIterable {
        /// Into a new ticket of a school, or onto a ticket.
        case accept
        /// Not a ticket; the sender may be answered.
        case reject
    }

    /// A mail the intake could not take, as the quarantine keeps it.
    public struct QuarantinedMail: Codable, Sendable, Equatable {
        public var id: Int
        public var receivedAt: String
        public var reason: QuarantineReason
        public var detail: String
        public var sender: String?
        public var subject: String
        public var size: Int
        public var decision: QuarantineDecision?
        public var decidedBy: String?
        public var decidedAt: String?
        /// The ticket an accepted mail went to.
        public var ticketID: Int?
        public init(
            id: Int, receivedAt: String, reason: QuarantineReason, detail: String, sender: String?, subject: String,
            size: Int, decision: QuarantineDecision? = nil, decidedBy: String? = nil, decidedAt: String? = nil,
            ticketID: Int? = nil
        ) {
            self.id = id
            self.receivedAt = receivedAt
            self.reason = reason
            self.detail = detail
            self.sender = sender
            self.subject = subject
            self.size = size
            self.decision = decision
            self.decidedBy = decidedBy
            self.decidedAt = decidedAt
            self.ticketID = ticketID
        }
        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("receivedAt", .dateTime),
            .required("reason", .oneOf(QuarantineReason.self)), .required("detail", .string()),
            .optional("sender", .string()), .required("subject", .string()), .required("size", .integer(minimum: 0)),
            .optional("decision", .oneOf(QuarantineDecision.self)), .optional("decidedBy", .text),
            .optional("decidedAt", .dateTime), .optional("ticketID", .integer(minimum: 1)),
        ])
    }

    public struct ListQuarantine: DescribedPayload {
        public static let messageType = SupportDesk.type("quarantine", "list")
        public static let summary = """
            Asks for the quarantined mails, newest first: the undecided ones, or all; admins and \
            coordinators only.
            """
        public var includeDecided: Bool?
        public var limit: Int?
        public init(includeDecided: Bool? = nil, limit: Int? = nil) {
            self.includeDecided = includeDecided
            self.limit = limit
        }
        public static let schema = JSONSchema.object([
            .optional("includeDecided", .boolean),
            .optional("limit", .integer(minimum: 1, maximum: 500), "50 when absent"),
        ])
    }

    public struct QuarantineList: DescribedPayload {
        public static let messageType = SupportDesk.type("quarantine", "list-result")
        public static let summary = "Quarantined mails, newest first."
        public var mails: [QuarantinedMail]
        public init(mails: [QuarantinedMail]) { self.mails = mails }
        public static let schema = JSONSchema.object([.required("mails", .array(QuarantinedMail.schema))])
    }

    public struct ShowQuarantined: DescribedPayload {
        public static let messageType = SupportDesk.type("quarantine", "show")
        public static let summary =
            "Asks for one quarantined mail with its headers and text; admins and coordinators only."
        public var id: Int
        public init(id: Int) { self.id = id }
        public static let schema = JSONSchema.object([.required("id", .integer(minimum: 1))])
    }

    public struct QuarantineDetails: DescribedPayload {
        public static let messageType = SupportDesk.type("quarantine", "details")
        public static let summary = "A quarantined mail: its record, its main headers, its text and its files' names."
        public var mail: QuarantinedMail
        /// `From`, `To`, `Date`, `Subject`, `Message-ID` and the MTA's verdict, as sent.
        public var headers: [String]
        /// The text, at most 20,000 characters.
        public var text: String
        public var attachments: [String]
        public init(mail: QuarantinedMail, headers: [String], text: String, attachments: [String]) {
            self.mail = mail
            self.headers = headers
            self.text = text
            self.attachments = attachments
        }
        public static let schema = JSONSchema.object([
            .required("mail", QuarantinedMail.schema), .required("headers", .array(.string())),
            .required("text", .string()), .required("attachments", .array(.string())),
        ])
    }

    public struct DecideQuarantined: DescribedPayload {
        public static let messageType = SupportDesk.type("quarantine", "decide")
        public static let summary = """
            Decides on a quarantined mail: accept it into a new ticket of a school, or onto a ticket as \
            the requester's reply; or reject it, with an answer to its sender if one is given. Admins \
            and coordinators only, within their scope.
            """
        public var id: Int
        public var decision: QuarantineDecision
        /// Accept into a new ticket of this school.
        public var schulnummer: String?
        /// Accept onto this ticket.
        public var ticketID: Int?
        /// Reject, and tell the sender this.
        public var answer: String?
        public init(
            id: Int, decision: QuarantineDecision, schulnummer: String? = nil, ticketID: Int? = nil,
            answer: String? = nil
        ) {
            self.id = id
            self.decision = decision
            self.schulnummer = schulnummer
            self.ticketID = ticketID
            self.answer = answer
        }
        public static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("decision", .oneOf(QuarantineDecision.self)),
            .optional("schulnummer", .text, "accept: a new ticket of this school"),
            .optional("ticketID", .integer(minimum: 1), "accept: onto this ticket"),
            .optional("answer", .string(.init(minLength: 1, maxLength: 5000)), "reject: the answer to the sender"),
        ])
    }

    public struct QuarantineRejected: DescribedPayload {
        public static let messageType = SupportDesk.type("quarantine", "rejected")
        public static let summary = """
            A coordinator rejected a quarantined mail and answers its sender (the notification service \
            mails the answer).
            """
        public var id: Int
        public var to: String
        public var subject: String
        public var answer: String
        public var by: String
        public init(id: Int, to: String, subject: String, answer: String, by: String) {
            self.id = id
            self.to = to
            self.subject = subject
            self.answer = answer
            self.by = by
        }
        public static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("to", .email), .required("subject", .string()),
            .required("answer", .text), .required("by", .text),
        ])
    }

    public struct MailBounced: DescribedPayload {
        public static let messageType = SupportDesk.type("mail", "bounced")
        public static let summary = """
            A mail about a ticket came back undelivered (a delivery status notification naming our \
            Message-ID); the notification service marks that delivery failed.
            """
        public var ticketID: Int
        /// Our `Message-ID` of the mail that bounced, without angle brackets.
        public var messageID: String
        /// The status the report gave, e.g. `5.1.1 user unknown`.
        public var status: String?
        public init(ticketID: Int, messageID: String, status: String?) {
            self.ticketID = ticketID
            self.messageID = messageID
            self.status = status
        }
        public static let schema = JSONSchema.object([
            .required("ticketID", .integer(minimum: 1)), .required("messageID", .text), .optional("status", .text),
        ])
    }
}
