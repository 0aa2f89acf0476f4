// The notification service's recipients: what it keeps of a person to send to them, and the
// preferences they (or an operator on their behalf) set.

extension Notifications {
    /// The categories a recipient can opt out of. Critical messages (a cancelled workshop, an
    /// offered place with a deadline) are sent regardless.
    public enum Category: String, Codable, Sendable, CaseIterable {
        case tickets, sla, training, evenings, reminders, welcome
    }

    /// Where a recipient's messages go: by e-mail (over SMTP, or into the maildir without a mail
    /// server) or as a signed HTTP POST to their webhook.
    public enum RecipientChannel: String, Codable, Sendable, CaseIterable {
        case email, webhook
    }

    /// A recipient as the notification service knows them: only what sending needs.
    public struct Recipient: Codable, Sendable, Equatable {
        public var email: String
        public var name: String?
        /// `de` (the default) or `en`.
        public var language: String
        public var channel: RecipientChannel
        public var webhookURL: String?
        public var optOuts: [Category]
        /// SLA warnings once a day in one mail instead of one by one.
        public var digest: Bool
        public init(
            email: String, name: String? = nil, language: String = "de", channel: RecipientChannel = .email,
            webhookURL: String? = nil, optOuts: [Category] = [], digest: Bool = false
        ) {
            self.email = email
            self.name = name
            self.language = language
            self.channel = channel
            self.webhookURL = webhookURL
            self.optOuts = optOuts
            self.digest = digest
        }
        static let schema = JSONSchema.object([
            .required("email", .email), .optional("name", .text),
            .required("language", .string(.init(values: ["de", "en"]))),
            .required("channel", .oneOf(RecipientChannel.self)), .optional("webhookURL", .text),
            .required("optOuts", .array(.oneOf(Category.self))), .required("digest", .boolean),
        ])
    }

    /// Changes a recipient's preferences; what is absent stays as it was. A recipient not yet
    /// known is created, so preferences can be set before the first message.
    /// From the portal (the recipient's signed link), language, opt-outs and digest only: a webhook
    /// is set by operators.
    public struct SetPreferences: DescribedPayload, PublicRequest {
        public static let messageType = Notifications.type("recipient", "set-preferences")
        public static let summary = """
            Sets a recipient's language, channel (e-mail or webhook), opt-outs per category and daily digest; \
            fields left out keep their value.
            """
        public var email: String
        public var language: String?
        public var channel: RecipientChannel?
        public var webhookURL: String?
        public var optOuts: [Category]?
        public var digest: Bool?
        public init(
            email: String, language: String? = nil, channel: RecipientChannel? = nil, webhookURL: String? = nil,
            optOuts: [Category]? = nil, digest: Bool? = nil
        ) {
            self.email = email
            self.language = language
            self.channel = channel
            self.webhookURL = webhookURL
            self.optOuts = optOuts
            self.digest = digest
        }
        public static let schema = JSONSchema.object([
            .required("email", .email), .optional("language", .string(.init(values: ["de", "en"]))),
            .optional("channel", .oneOf(RecipientChannel.self)), .optional("webhookURL", .text),
            .optional("optOuts", .array(.oneOf(Category.self))), .optional("digest", .boolean),
        ])
    }

    public struct GetRecipient: DescribedPayload, PublicRequest {
        public static let messageType = Notifications.type("recipient", "get")
        public static let summary = "Asks for a recipient and their preferences, by address."
        public var email: String
        public init(email: String) { self.email = email }
        public static let schema = JSONSchema.object([.required("email", .email)])
    }

    public struct RecipientDetails: DescribedPayload {
        public static let messageType = Notifications.type("recipient", "details")
        public static let summary = "A recipient and their preferences."
        public var recipient: Recipient
        public init(recipient: Recipient) { self.recipient = recipient }
        public static let schema = JSONSchema.object([.required("recipient", Recipient.schema)])
    }
}
