// The notification service's messages: every delivery's outcome as an event, and what operators
// ask for (the log, the failures, a retry, a preview of a template).

/// Values the notification service's messages share.
public enum Notifications {
    public static let service = "notification"

    static func type(_ aggregate: String, _ name: String) -> MessageType {
        MessageType(service: service, aggregate: aggregate, name: name)
    }

    public enum Channel: String, Codable, Sendable, CaseIterable {
        case email, webhook, maildir
    }

    public enum DeliveryStatus: String, Codable, Sendable, CaseIterable {
        /// Waiting for its (next) attempt.
        case pending
        case sent
        /// Permanently failed, or out of attempts.
        case failed
    }

    /// One message to one recipient over one channel, because of one event.
    public struct Delivery: Codable, Sendable, Equatable {
        public var id: Int
        /// The event that caused it; with recipient and channel, what makes it unique.
        public var eventID: String
        public var eventType: String
        public var kind: String
        public var recipient: String
        public var channel: Channel
        public var language: String
        public var subject: String
        public var status: DeliveryStatus
        public var attempts: Int
        public var lastError: String?
        public var createdAt: String
        public var sentAt: String?
        public init(
            id: Int, eventID: String, eventType: String, kind: String, recipient: String, channel: Channel,
            language: String, subject: String, status: DeliveryStatus, attempts: Int, lastError: String? = nil,
            createdAt: String, sentAt: String? = nil
        ) {
            self.id = id
            self.eventID = eventID
            self.eventType = eventType
            self.kind = kind
            self.recipient = recipient
            self.channel = channel
            self.language = language
            self.subject = subject
            self.status = status
            self.attempts = attempts
            self.lastError = lastError
            self.createdAt = createdAt
            self.sentAt = sentAt
        }
        static let schema = JSONSchema.object([
            .required("id", .integer(minimum: 1)), .required("eventID", .text), .required("eventType", .text),
            .required("kind", .text), .required("recipient", .text), .required("channel", .oneOf(Channel.self)),
            .required("language", .string(.init(values: ["de", "en"]))), .required("subject", .text),
            .required("status", .oneOf(DeliveryStatus.self)), .required("attempts", .integer(minimum: 0)),
            .optional("lastError", .text), .required("createdAt", .dateTime), .optional("sentAt", .dateTime),
        ])
    }

    public struct DeliverySent: DescribedPayload {
        public static let messageType = Notifications.type("delivery", "sent")
        public static let summary = "A message reached its channel (the mail server took it, the file is written)."
        public var delivery: Delivery
        public init(delivery: Delivery) { self.delivery = delivery }
        public static let schema = JSONSchema.object([.required("delivery", Delivery.schema)])
    }

    public struct DeliveryFailed: DescribedPayload {
        public static let messageType = Notifications.type("delivery", "failed")
        public static let summary = """
            A message could not be delivered: a permanent refusal, or every attempt used; lastError says why. \
            'rbnctl notify retry' sends it again.
            """
        public var delivery: Delivery
        public init(delivery: Delivery) { self.delivery = delivery }
        public static let schema = JSONSchema.object([.required("delivery", Delivery.schema)])
    }

    public struct ListDeliveries: DescribedPayload {
        public static let messageType = Notifications.type("delivery", "list")
        public static let summary = "Asks for deliveries, newest first: of a status, to a recipient, or of an event."
        public var status: DeliveryStatus?
        public var recipient: String?
        public var eventID: String?
        public var limit: Int?
        public init(status: DeliveryStatus? = nil, recipient: String? = nil, eventID: String? = nil, limit: Int? = nil)
        {
            self.status = status
            self.recipient = recipient
            self.eventID = eventID
            self.limit = limit
        }
        public static let schema = JSONSchema.object([
            .optional("status", .oneOf(DeliveryStatus.self)), .optional("recipient", .text),
            .optional("eventID", .text), .optional("limit", .integer(minimum: 1, maximum: 1000)),
        ])
    }

    public struct DeliveryList: DescribedPayload {
        public static let messageType = Notifications.type("delivery", "list-result")
        public static let summary = "Deliveries, newest first."
        public var deliveries: [Delivery]
        public init(deliveries: [Delivery]) { self.deliveries = deliveries }
        public static let schema = JSONSchema.object([.required("deliveries", .array(Delivery.schema))])
    }

    public struct RetryDeliveries: DescribedPayload {
        public static let messageType = Notifications.type("delivery", "retry")
        public static let summary = "Sends failed deliveries again (all failed ones when no ids are given)."
        public var ids: [Int]?
        public init(ids: [Int]? = nil) { self.ids = ids }
        public static let schema = JSONSchema.object([.optional("ids", .array(.integer(minimum: 1)))])
    }

    public struct PreviewMessage: DescribedPayload {
        public static let messageType = Notifications.type("message", "preview")
        public static let summary = "Renders a message kind with its sample data, in a language (de or en)."
        public var kind: String
        public var language: String?
        public init(kind: String, language: String? = nil) {
            self.kind = kind
            self.language = language
        }
        public static let schema = JSONSchema.object([
            .required("kind", .text), .optional("language", .string(.init(values: ["de", "en"]))),
        ])
    }

    public struct RenderedMessage: DescribedPayload {
        public static let messageType = Notifications.type("message", "rendered")
        public static let summary = "A rendered message: subject and text."
        public var kind: String
        public var language: String
        public var subject: String
        public var text: String
        public init(kind: String, language: String, subject: String, text: String) {
            self.kind = kind
            self.language = language
            self.subject = subject
            self.text = text
        }
        public static let schema = JSONSchema.object([
            .required("kind", .text), .required("language", .text), .required("subject", .text),
            .required("text", .text),
        ])
    }

    public static let messages: [any DescribedPayload.Type] = [
        DeliverySent.self, DeliveryFailed.self, ListDeliveries.self, DeliveryList.self, RetryDeliveries.self,
        PreviewMessage.self, RenderedMessage.self, SetPreferences.self, GetRecipient.self, RecipientDetails.self,
        PersonErased.self,
    ]
}
