// What a requester (a teacher at a registered school) does through the portal: stage the files of
// a request in parts, open a ticket, see its public conversation, reply, confirm it solved or
// reopen it. Each names the address the portal's signed link proved; the desk checks it is the
// school's contact (to open) or the ticket's requester (for everything else).

extension SupportDesk {
    /// The most files a request from the portal brings, and the most bytes each.
    public static let maxPortalFiles = 3
    public static let maxPortalFileBytes = 5 << 20
    /// The most bytes of one staged part (a message has at most 1 MiB, base64 inflates by a third).
    public static let maxUploadPartBytes = 512 << 10

    /// One part of a file a requester adds: the desk keeps it for an hour, until a request names it.
    public struct StageUpload: DescribedPayload, PublicRequest {
        public static let messageType = SupportDesk.type("upload", "stage")
        public static let summary = """
            Keeps one part (at most 512 KiB, base64) of a file a requester adds on the portal, for an hour, \
            until a ticket or a reply names its upload id.
            """
        public var uploadID: String
        /// The address the portal's link proved: only it can name the upload later.
        public var email: String
        public var index: Int
        public var count: Int
        public var data: String
        public init(uploadID: String, email: String, index: Int, count: Int, data: String) {
            self.uploadID = uploadID
            self.email = email
            self.index = index
            self.count = count
            self.data = data
        }
        public static let schema = JSONSchema.object([
            .required("uploadID", .string(.init(pattern: "^[A-Za-z0-9-]+$", minLength: 8, maxLength: 64))),
            .required("email", .email), .required("index", .integer(minimum: 0, maximum: 11)),
            .required("count", .integer(minimum: 1, maximum: 12)), .required("data", .string()),
        ])
    }

    public struct UploadStaged: DescribedPayload {
        public static let messageType = SupportDesk.type("upload", "staged")
        public static let summary = "How many parts of an upload the desk holds."
        public var uploadID: String
        public var received: Int
        public init(uploadID: String, received: Int) {
            self.uploadID = uploadID
            self.received = received
        }
        public static let schema = JSONSchema.object([
            .required("uploadID", .text), .required("received", .integer(minimum: 0)),
        ])
    }

    /// A staged file a request names, with the name the requester's computer gave it.
    public struct UploadRef: Codable, Sendable, Equatable {
        public var uploadID: String
        public var filename: String
        public init(uploadID: String, filename: String) {
            self.uploadID = uploadID
            self.filename = filename
        }
        static let schema = JSONSchema.object([.required("uploadID", .text), .required("filename", .string())])
    }

    /// A teacher's request from the portal: a new ticket for their school.
    public struct SubmitTicket: DescribedPayload, PublicRequest {
        public static let messageType = SupportDesk.type("ticket", "submit")
        public static let summary = """
            A school contact opens a ticket on the portal (the address its link proved must be a registry \
            contact of the school), with up to three screenshots or PDFs staged before.
            """
        public var schulnummer: String
        public var requester: Requester
        public var category: Category
        public var title: String
        public var description: String
        public var uploads: [UploadRef]
        public init(
            schulnummer: String, requester: Requester, category: Category, title: String, description: String,
            uploads: [UploadRef] = []
        ) {
            self.schulnummer = schulnummer
            self.requester = requester
            self.category = category
            self.title = title
            self.description = description
            self.uploads = uploads
        }
        public static let schema = JSONSchema.object([
            .required("schulnummer", .text), .required("requester", Requester.schema),
            .required("category", .oneOf(Category.self)), .required("title", .text), .required("description", .text),
            .required("uploads", .array(UploadRef.schema, maxItems: SupportDesk.maxPortalFiles)),
        ])
    }

    /// What a requester does on their ticket's page.
    public struct RequesterAction: DescribedPayload, PublicRequest {
        public static let messageType = SupportDesk.type("ticket", "requester-act")
        public static let summary = """
            The requester replies on their ticket's page (with files staged before), confirms it solved, or \
            reopens it; the address the portal's link proved must be the ticket's requester's.
            """
        public enum Action: String, Codable, Sendable, CaseIterable {
            case reply, solved, reopen
            /// "Wurde Ihr Problem gelöst?" – yes: a resolved ticket closes; recorded for the reports.
            case satisfied
            /// – no: the ticket reopens (within the reopen window); recorded for the reports.
            case unsatisfied
        }
        public var ticketID: Int
        public var email: String
        public var action: Action
        public var text: String?
        public var uploads: [UploadRef]?
        public init(ticketID: Int, email: String, action: Action, text: String? = nil, uploads: [UploadRef]? = nil) {
            self.ticketID = ticketID
            self.email = email
            self.action = action
            self.text = text
            self.uploads = uploads
        }
        public static let schema = JSONSchema.object([
            .required("ticketID", .integer(minimum: 1)), .required("email", .email),
            .required("action", .oneOf(Action.self)), .optional("text", .string()),
            .optional("uploads", .array(UploadRef.schema, maxItems: SupportDesk.maxPortalFiles)),
        ])
    }

    /// Asks for a ticket as its requester sees it.
    public struct GetRequesterTicket: DescribedPayload, PublicRequest {
        public static let messageType = SupportDesk.type("ticket", "requester-get")
        public static let summary = """
            Asks for a ticket as its requester sees it: the public conversation, never internal notes; the \
            address the portal's link proved must be the ticket's requester's.
            """
        public var ticketID: Int
        public var email: String
        public init(ticketID: Int, email: String) {
            self.ticketID = ticketID
            self.email = email
        }
        public static let schema = JSONSchema.object([
            .required("ticketID", .integer(minimum: 1)), .required("email", .email),
        ])
    }

    /// One public step of a ticket's conversation.
    public struct PublicEntry: Codable, Sendable, Equatable {
        public var at: String
        /// Written by the requester (else by the support desk).
        public var fromRequester: Bool
        /// `opened`, `reply`, `reopen`, `resolve`, `close`.
        public var kind: String
        public var text: String?
        public init(at: String, fromRequester: Bool, kind: String, text: String?) {
            self.at = at
            self.fromRequester = fromRequester
            self.kind = kind
            self.text = text
        }
        static let schema = JSONSchema.object([
            .required("at", .dateTime), .required("fromRequester", .boolean), .required("kind", .text),
            .optional("text", .string()),
        ])
    }

    /// A ticket as its requester sees it.
    public struct RequesterTicket: DescribedPayload {
        public static let messageType = SupportDesk.type("ticket", "requester-view")
        public static let summary = "A ticket as its requester sees it: title, state and the public conversation."
        public var ticketID: Int
        public var title: String
        public var status: Status
        public var schoolName: String
        public var category: Category
        public var openedAt: String
        public var conversation: [PublicEntry]
        public var attachments: [AttachmentRef]
        /// Whether a reply now reopens it (resolved or closed, within the reopen window).
        public var reopenable: Bool
        /// The requester's answer to "Wurde Ihr Problem gelöst?", once given.
        public var satisfied: Bool?
        public init(
            ticketID: Int, title: String, status: Status, schoolName: String, category: Category, openedAt: String,
            conversation: [PublicEntry], attachments: [AttachmentRef], reopenable: Bool, satisfied: Bool? = nil
        ) {
            self.satisfied = satisfied
            self.ticketID = ticketID
            self.title = title
            self.status = status
            self.schoolName = schoolName
            self.category = category
            self.openedAt = openedAt
            self.conversation = conversation
            self.attachments = attachments
            self.reopenable = reopenable
        }
        public static let schema = JSONSchema.object([
            .required("ticketID", .integer(minimum: 1)), .required("title", .text),
            .required("status", .oneOf(Status.self)), .required("schoolName", .text),
            .required("category", .oneOf(Category.self)), .required("openedAt", .dateTime),
            .required("conversation", .array(PublicEntry.schema)),
            .required("attachments", .array(AttachmentRef.schema)),
            .required("reopenable", .boolean),
            .optional("satisfied", .boolean, "the requester's answer to whether their problem was solved"),
        ])
    }

    /// Asks for a part of a file on the requester's own ticket (at most 512 KiB from an offset).
    public struct GetRequesterAttachment: DescribedPayload, PublicRequest {
        public static let messageType = SupportDesk.type("attachment", "requester-get")
        public static let summary = """
            Asks for a part of a file on a ticket as its requester (the address the portal's link proved must be \
            the ticket's requester's), at most 512 KiB from an offset.
            """
        public var ticketID: Int
        public var email: String
        public var attachmentID: Int
        public var offset: Int?
        public init(ticketID: Int, email: String, attachmentID: Int, offset: Int? = nil) {
            self.ticketID = ticketID
            self.email = email
            self.attachmentID = attachmentID
            self.offset = offset
        }
        public static let schema = JSONSchema.object([
            .required("ticketID", .integer(minimum: 1)), .required("email", .email),
            .required("attachmentID", .integer(minimum: 1)), .optional("offset", .integer(minimum: 0)),
        ])
    }

    static let requesterMessages: [any DescribedPayload.Type] = [
        GetRequesterAttachment.self,
        StageUpload.self, UploadStaged.self, SubmitTicket.self, RequesterAction.self, GetRequesterTicket.self,
        RequesterTicket.self,
    ]
}
