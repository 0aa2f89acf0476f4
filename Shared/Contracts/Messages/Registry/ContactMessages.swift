// Contacts and persons: assign and remove roles, list contacts, erase a person.

extension Registry {
    public struct AssignContact: DescribedPayload {
        public static let messageType = Registry.type("contact", "assign")
        public static let summary = """
            Gives a person a role, in a network (coordinator, schulaufsicht, speaker) or at an \
            institution (medienbeauftragte and beratungslehrkraft at a school, schultraeger-it at a \
            Schulträger). The person is known by work e-mail; name and phone are updated.
            """
        public var role: ContactRole
        public var networkID: String?
        public var institutionID: String?
        /// The body a network role serves in; a coordinator serves in the Bildungsbüro unless told otherwise.
        public var body: BodyKind?
        public var person: Person
        public init(
            role: ContactRole, networkID: String? = nil, institutionID: String? = nil, body: BodyKind? = nil,
            person: Person
        ) {
            self.role = role
            self.networkID = networkID
            self.institutionID = institutionID
            self.body = body
            self.person = person
        }
        public static let schema = JSONSchema.object([
            .required("role", .oneOf(ContactRole.self)),
            .optional("networkID", .text, "for roles held in a network"),
            .optional("institutionID", .text, "for roles held at an institution"),
            .optional("body", .oneOf(BodyKind.self), "for roles held in a network: the body served in"),
            .required("person", Person.schema),
        ])
    }

    public struct RemoveContact: DescribedPayload {
        public static let messageType = Registry.type("contact", "remove")
        public static let summary = "Takes a role from a person; the person stays until erased."
        public var role: ContactRole
        public var email: String
        public var networkID: String?
        public var institutionID: String?
        public init(role: ContactRole, email: String, networkID: String? = nil, institutionID: String? = nil) {
            self.role = role
            self.email = email
            self.networkID = networkID
            self.institutionID = institutionID
        }
        public static let schema = JSONSchema.object([
            .required("role", .oneOf(ContactRole.self)), .required("email", .email),
            .optional("networkID", .text), .optional("institutionID", .text),
        ])
    }

    public struct ListContacts: DescribedPayload {
        public static let messageType = Registry.type("contact", "list")
        public static let summary = "Asks for contacts, by role, network or institution."
        public var role: ContactRole?
        public var networkID: String?
        public var institutionID: String?
        public init(role: ContactRole? = nil, networkID: String? = nil, institutionID: String? = nil) {
            self.role = role
            self.networkID = networkID
            self.institutionID = institutionID
        }
        public static let schema = JSONSchema.object([
            .optional("role", .oneOf(ContactRole.self)), .optional("networkID", .text),
            .optional("institutionID", .text),
        ])
    }

    public struct ErasePerson: DescribedPayload {
        public static let messageType = Registry.type("person", "erase")
        public static let summary = """
            Erases a person on request (DSGVO Art. 17): their data and roles go, and every service \
            that holds them is told.
            """
        public var email: String
        public init(email: String) { self.email = email }
        public static let schema = JSONSchema.object([.required("email", .email)])
    }

    public struct ContactAssigned: DescribedPayload {
        public static let messageType = Registry.type("contact", "assigned")
        public static let summary = "A person got a role (or their contact data in it changed)."
        public var contact: Contact
        public init(contact: Contact) { self.contact = contact }
        public static let schema = JSONSchema.object([.required("contact", Contact.schema)])
    }

    public struct ContactRemoved: DescribedPayload {
        public static let messageType = Registry.type("contact", "removed")
        public static let summary = "A person no longer holds a role."
        public var contact: Contact
        public init(contact: Contact) { self.contact = contact }
        public static let schema = JSONSchema.object([.required("contact", Contact.schema)])
    }

    public struct PersonErased: DescribedPayload {
        public static let messageType = Registry.type("person", "erased")
        public static let summary = "A person was erased; every service removes what it holds about them."
        public var personID: String
        public var email: String
        public init(personID: String, email: String) {
            self.personID = personID
            self.email = email
        }
        public static let schema = JSONSchema.object([.required("personID", .text), .required("email", .email)])
    }

    /// The reply to assign and remove.
    public struct ContactDetails: DescribedPayload {
        public static let messageType = Registry.type("contact", "details")
        public static let summary = "A person in a role."
        public var contact: Contact
        public init(contact: Contact) { self.contact = contact }
        public static let schema = JSONSchema.object([.required("contact", Contact.schema)])
    }

    public struct ContactList: DescribedPayload {
        public static let messageType = Registry.type("contact", "list-result")
        public static let summary = "Contacts matching a filter."
        public var contacts: [Contact]
        public init(contacts: [Contact]) { self.contacts = contacts }
        public static let schema = JSONSchema.object([.required("contacts", .array(Contact.schema))])
    }

    /// The reply to erase.
    public struct PersonErasure: DescribedPayload {
        public static let messageType = Registry.type("person", "erasure")
        public static let summary =
            "What an erasure removed here, and the request id under which the other services confirm theirs."
        /// The person's id; for someone never registered here, the request id.
        public var personID: String
        public var rolesRemoved: Int
        /// What `rbnctl erase-status` takes.
        public var requestID: String
        public init(personID: String, rolesRemoved: Int, requestID: String? = nil) {
            self.personID = personID
            self.rolesRemoved = rolesRemoved
            self.requestID = requestID ?? personID
        }
        public static let schema = JSONSchema.object([
            .required("personID", .text), .required("rolesRemoved", .integer(minimum: 0)),
            .required("requestID", .text),
        ])
    }
}

// The schools an address speaks for, for the portal's sign-in: asked only by the portal (and
// operators), which never shows whether an address is known.
extension Registry {
    /// Asks which active schools an address is a registry contact of (or the official address of).
    public struct FindContactSchools: DescribedPayload, PublicRequest {
        public static let messageType = Registry.type("contact", "schools")
        public static let summary = """
            Asks which active schools an e-mail address is a contact of, or the official address of; for the \
            portal's sign-in, which answers the same whether or not it is known.
            """
        public var email: String
        public init(email: String) { self.email = email }
        public static let schema = JSONSchema.object([.required("email", .email)])
    }

    /// A school as a contact's sign-in lists it.
    public struct SchoolRef: Codable, Sendable, Equatable {
        public var institutionID: String
        public var name: String
        public var networkID: String
        public init(institutionID: String, name: String, networkID: String) {
            self.institutionID = institutionID
            self.name = name
            self.networkID = networkID
        }
        static let schema = JSONSchema.object([
            .required("institutionID", .text), .required("name", .text), .required("networkID", .text),
        ])
    }

    public struct ContactSchools: DescribedPayload {
        public static let messageType = Registry.type("contact", "schools-result")
        public static let summary =
            "The active schools an address speaks for (none when it is not known), and its name."
        public var name: String?
        public var schools: [SchoolRef]
        public init(name: String?, schools: [SchoolRef]) {
            self.name = name
            self.schools = schools
        }
        public static let schema = JSONSchema.object([
            .optional("name", .text), .required("schools", .array(SchoolRef.schema)),
        ])
    }
}
