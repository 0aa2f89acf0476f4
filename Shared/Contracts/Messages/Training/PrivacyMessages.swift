// Data protection: participants' personal data is erased after the retention period, on the
// registry's person.erased, and on an erasure request; each erasure is confirmed by an event.

extension Training {
    public struct ErasePerson: DescribedPayload {
        public static let messageType = Training.type("person", "erase")
        public static let summary = """
            An erasure request (Art. 17 DSGVO): every teacher, parent and contact entry with this e-mail \
            address loses its personal data; confirmed by training.person.erased.
            """
        /// The request's id, echoed in the confirmation.
        public var requestID: String
        public var email: String
        public init(requestID: String, email: String) {
            self.requestID = requestID
            self.email = email
        }
        public static let schema = JSONSchema.object([.required("requestID", .text), .required("email", .email)])
    }

    public struct PersonErased: PersonErasedConfirmation {
        public static let messageType = Training.type("person", "erased")
        public static let summary = """
            The training service erased a person (on a request, or on registry.person.erased): how many \
            entries it changed. Carries no personal data.
            """
        /// The erasure request's id, or the registry's person id.
        public var requestID: String
        public var service: String
        public var entries: Int
        public init(requestID: String, service: String = Training.service, entries: Int) {
            self.requestID = requestID
            self.service = service
            self.entries = entries
        }
    }
}
