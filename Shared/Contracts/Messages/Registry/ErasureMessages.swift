// Data-protection erasure across the suite: the registry takes the request, announces it with
// registry.person.erased, and records each holding service's confirmation.

extension Registry {
    /// The services that hold personal data and confirm an erasure, besides the registry itself.
    public static var erasingServices: [String] { SuiteCatalogue.services.filter(\.confirmsErasure).map(\.name) }

    public struct GetErasureStatus: DescribedPayload {
        public static let messageType = Registry.type("erasure", "status")
        public static let summary = "Asks which services confirmed an erasure request."
        public var requestID: String
        public init(requestID: String) { self.requestID = requestID }
        public static let schema = JSONSchema.object([.required("requestID", .text)])
    }

    /// One service's part of an erasure.
    public struct ErasureConfirmation: Codable, Sendable, Equatable {
        public var service: String
        /// When it confirmed; absent while it has not.
        public var confirmedAt: String?
        /// How many entries it changed or removed.
        public var entries: Int?
        public init(service: String, confirmedAt: String? = nil, entries: Int? = nil) {
            self.service = service
            self.confirmedAt = confirmedAt
            self.entries = entries
        }
        static let schema = JSONSchema.object([
            .required("service", .text), .optional("confirmedAt", .dateTime),
            .optional("entries", .integer(minimum: 0)),
        ])
    }

    public struct ErasureStatus: DescribedPayload {
        public static let messageType = Registry.type("erasure", "status-result")
        public static let summary = "An erasure request and each service's confirmation (none holds the address)."
        public var requestID: String
        public var requestedAt: String
        public var services: [ErasureConfirmation]
        public init(requestID: String, requestedAt: String, services: [ErasureConfirmation]) {
            self.requestID = requestID
            self.requestedAt = requestedAt
            self.services = services
        }
        /// Whether every service confirmed.
        public var complete: Bool { services.allSatisfy { $0.confirmedAt != nil } }
        public static let schema = JSONSchema.object([
            .required("requestID", .text), .required("requestedAt", .dateTime),
            .required("services", .array(ErasureConfirmation.schema)),
        ])
    }
}

/// A service's confirmation that it erased a person: under the erasure's request id (the
/// registry's person id), how many entries it changed. Carries no personal data. The registry
/// records these for `rbnctl erase-status`.
public protocol PersonErasedConfirmation: DescribedPayload {
    var requestID: String { get }
    var service: String { get }
    var entries: Int { get }
}

extension PersonErasedConfirmation {
    public static var schema: JSONSchema {
        JSONSchema.object([
            .required("requestID", .text), .required("service", .text), .required("entries", .integer(minimum: 0)),
        ])
    }
}

extension SupportDesk {
    public struct PersonErased: PersonErasedConfirmation {
        public static let messageType = SupportDesk.type("person", "erased")
        public static let summary = """
            The support desk removed a person's name and address from its tickets (on registry.person.erased): \
            how many tickets. Carries no personal data.
            """
        public var requestID: String
        public var service: String
        public var entries: Int
        public init(requestID: String, service: String = SupportDesk.service, entries: Int) {
            self.requestID = requestID
            self.service = service
            self.entries = entries
        }
    }
}

extension Notifications {
    public struct PersonErased: PersonErasedConfirmation {
        public static let messageType = Notifications.type("person", "erased")
        public static let summary = """
            The notification service forgot a person (on registry.person.erased): pending messages, reminders, \
            preferences, and address and text of sent ones; how many entries. Carries no personal data.
            """
        public var requestID: String
        public var service: String
        public var entries: Int
        public init(requestID: String, service: String = Notifications.service, entries: Int) {
            self.requestID = requestID
            self.service = service
            self.entries = entries
        }
    }
}
