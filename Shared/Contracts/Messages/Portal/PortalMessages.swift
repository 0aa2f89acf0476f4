// The portal: the public's web pages. It owns no domain data; what it publishes are requests for
// mail that proves an address (double opt-in, sign-in links), which the notification service sends.

/// The portal's messages.
public enum Portal {
    public static let service = "portal"

    static func type(_ aggregate: String, _ name: String) -> MessageType {
        MessageType(service: service, aggregate: aggregate, name: name)
    }

    /// A parent asked on the portal for a place at an evening. Nothing is registered yet: the
    /// notification service mails a confirmation link, and only opening it registers (double
    /// opt-in), so nobody is registered with an address they do not read.
    public struct RegistrationRequested: DescribedPayload {
        public static let messageType = Portal.type("registration", "requested")
        public static let summary = """
            A parent asked for a place at an evening on the portal; the confirmation mail's link registers them \
            (double opt-in).
            """
        public var eveningID: Int
        public var networkID: String
        /// The evening's topic and date, for the mail.
        public var topic: String
        public var date: String?
        public var starts: String?
        public var name: String
        public var email: String
        /// How many people come, the parent included.
        public var people: Int
        /// The language the parent used the portal in: `de` or `en`.
        public var language: String
        public init(
            eveningID: Int, networkID: String, topic: String, date: String?, starts: String?, name: String,
            email: String, people: Int, language: String
        ) {
            self.eveningID = eveningID
            self.networkID = networkID
            self.topic = topic
            self.date = date
            self.starts = starts
            self.name = name
            self.email = email
            self.people = people
            self.language = language
        }
        public static let schema = JSONSchema.object([
            .required("eveningID", .integer(minimum: 1)), .required("networkID", .text), .required("topic", .text),
            .optional("date", .date), .optional("starts", .timeOfDay), .required("name", .text),
            .required("email", .email), .required("people", .integer(minimum: 1, maximum: Training.maxPeople)),
            .required("language", .string(.init(values: ["de", "en"]))),
        ])
    }

    /// A school contact asked on the portal for a sign-in link, and the address is a registry
    /// contact of an active school (for any other address nothing is published, and the page says
    /// the same). The notification service mails the link.
    public struct SignInRequested: DescribedPayload {
        public static let messageType = Portal.type("sign-in", "requested")
        public static let summary = """
            A school contact asked for a sign-in link on the portal; the notification service mails it to the \
            address the registry has.
            """
        public var email: String
        public var name: String?
        /// `de` or `en`.
        public var language: String
        public init(email: String, name: String?, language: String) {
            self.email = email
            self.name = name
            self.language = language
        }
        public static let schema = JSONSchema.object([
            .required("email", .email), .optional("name", .text),
            .required("language", .string(.init(values: ["de", "en"]))),
        ])
    }

    public static let messages: [any DescribedPayload.Type] = [RegistrationRequested.self, SignInRequested.self]
}
