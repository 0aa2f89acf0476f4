// Institutions: register, update, retire, list, look up a school; registered, updated, retired.

extension Registry {
    public struct RegisterInstitution: DescribedPayload {
        public static let messageType = Registry.type("institution", "register")
        public static let summary = """
            Registers an institution as a member of a network: a school under its Schulnummer (with \
            Schulform, Schulträger and legal form), a Schulträger with its IT group, or a partner. \
            Registering the same institution again with the same data changes nothing.
            """
        /// A school's Schulnummer; for other kinds a slug, made from the name when absent.
        public var id: String?
        public var kind: InstitutionKind
        public var name: String
        public var networkID: String
        public var joinedOn: String?
        public var address: Address?
        public var school: SchoolFacts?
        public var itGroup: ITGroup?
        /// The official address (for a school, its office's from the school master data).
        public var email: String?
        /// A Schulträger's official number (`Traegernummer` of `key_traeger.csv`), by which school
        /// files name it.
        public var traegernummer: String?
        public init(
            id: String? = nil, kind: InstitutionKind, name: String, networkID: String, joinedOn: String? = nil,
            address: Address? = nil, school: SchoolFacts? = nil, itGroup: ITGroup? = nil, email: String? = nil,
            traegernummer: String? = nil
        ) {
            self.traegernummer = traegernummer
            self.email = email
            self.id = id
            self.kind = kind
            self.name = name
            self.networkID = networkID
            self.joinedOn = joinedOn
            self.address = address
            self.school = school
            self.itGroup = itGroup
        }
        public static let schema = JSONSchema.object([
            .optional("id", .text, "required for a school: its 6-digit Schulnummer"),
            .required("kind", .oneOf(InstitutionKind.self)), .required("name", .text),
            .required("networkID", .text), .optional("joinedOn", .date, "today when absent"),
            .optional("address", Address.schema), .optional("school", SchoolFacts.schema),
            .optional("itGroup", ITGroup.schema), .optional("email", .email, "the official address"),
            .optional("traegernummer", .text, "a Schulträger's official number (key_traeger.csv)"),
        ])
    }

    public struct UpdateInstitution: DescribedPayload {
        public static let messageType = Registry.type("institution", "update")
        public static let summary = "Changes an institution's data; absent fields stay as they are."
        public var id: String
        public var name: String?
        public var networkID: String?
        public var address: Address?
        public var school: SchoolFacts?
        public var itGroup: ITGroup?
        public var email: String?
        public var traegernummer: String?
        public init(
            id: String, name: String? = nil, networkID: String? = nil, address: Address? = nil,
            school: SchoolFacts? = nil, itGroup: ITGroup? = nil, email: String? = nil, traegernummer: String? = nil
        ) {
            self.traegernummer = traegernummer
            self.email = email
            self.id = id
            self.name = name
            self.networkID = networkID
            self.address = address
            self.school = school
            self.itGroup = itGroup
        }
        public static let schema = JSONSchema.object([
            .required("id", .text), .optional("name", .text),
            .optional("networkID", .text, "moves the institution to another network"),
            .optional("address", Address.schema), .optional("school", SchoolFacts.schema),
            .optional("itGroup", ITGroup.schema), .optional("email", .email, "the official address"),
            .optional("traegernummer", .text, "a Schulträger's official number (key_traeger.csv)"),
        ])
    }

    public struct RetireInstitution: DescribedPayload {
        public static let messageType = Registry.type("institution", "retire")
        public static let summary = "Ends an institution's membership (school closed, partner left)."
        public var id: String
        public var leftOn: String?
        public var reason: String?
        public init(id: String, leftOn: String? = nil, reason: String? = nil) {
            self.id = id
            self.leftOn = leftOn
            self.reason = reason
        }
        public static let schema = JSONSchema.object([
            .required("id", .text), .optional("leftOn", .date, "today when absent"), .optional("reason", .text),
        ])
    }

    public struct ListInstitutions: DescribedPayload {
        public static let messageType = Registry.type("institution", "list")
        public static let summary = "Asks for institutions, filtered; retired ones only when asked."
        public var networkID: String?
        public var kind: InstitutionKind?
        public var schulform: String?
        public var schultraegerID: String?
        /// Part of the name, any case.
        public var text: String?
        public var includeRetired: Bool?
        public init(
            networkID: String? = nil, kind: InstitutionKind? = nil, schulform: String? = nil,
            schultraegerID: String? = nil, text: String? = nil, includeRetired: Bool? = nil
        ) {
            self.networkID = networkID
            self.kind = kind
            self.schulform = schulform
            self.schultraegerID = schultraegerID
            self.text = text
            self.includeRetired = includeRetired
        }
        public static let schema = JSONSchema.object([
            .optional("networkID", .text), .optional("kind", .oneOf(InstitutionKind.self)),
            .optional("schulform", .text), .optional("schultraegerID", .text), .optional("text", .text),
            .optional("includeRetired", .boolean),
        ])
    }

    public struct LookUpSchool: DescribedPayload {
        public static let messageType = Registry.type("school", "look-up")
        public static let summary = "Asks for a school by its Schulnummer."
        public var schulnummer: String
        public init(schulnummer: String) { self.schulnummer = schulnummer }
        public static let schema = JSONSchema.object([.required("schulnummer", .text)])
    }

    public struct InstitutionRegistered: DescribedPayload {
        public static let messageType = Registry.type("institution", "registered")
        public static let summary = "An institution became a member of a network."
        public var institution: Institution
        public init(institution: Institution) { self.institution = institution }
        public static let schema = JSONSchema.object([.required("institution", Institution.schema)])
    }

    public struct InstitutionUpdated: DescribedPayload {
        public static let messageType = Registry.type("institution", "updated")
        public static let summary = """
            An institution's data changed (also when its Schulträger's name or IT group changed); carries \
            the whole institution.
            """
        public var institution: Institution
        public init(institution: Institution) { self.institution = institution }
        public static let schema = JSONSchema.object([.required("institution", Institution.schema)])
    }

    public struct InstitutionRetired: DescribedPayload {
        public static let messageType = Registry.type("institution", "retired")
        public static let summary = "An institution left its network; nothing new may be opened for it."
        public var institution: Institution
        public var reason: String?
        public init(institution: Institution, reason: String? = nil) {
            self.institution = institution
            self.reason = reason
        }
        public static let schema = JSONSchema.object([
            .required("institution", Institution.schema), .optional("reason", .text),
        ])
    }

    /// The reply to register, update, retire and look up.
    public struct InstitutionDetails: DescribedPayload {
        public static let messageType = Registry.type("institution", "details")
        public static let summary = "An institution, with its contacts and, for a school, its platform rollout."
        public var institution: Institution
        public var contacts: [Contact]
        public var rollout: Rollout?
        public init(institution: Institution, contacts: [Contact], rollout: Rollout? = nil) {
            self.institution = institution
            self.contacts = contacts
            self.rollout = rollout
        }
        public static let schema = JSONSchema.object([
            .required("institution", Institution.schema), .required("contacts", .array(Contact.schema)),
            .optional("rollout", Rollout.schema),
        ])
    }

    public struct InstitutionList: DescribedPayload {
        public static let messageType = Registry.type("institution", "list-result")
        public static let summary = "Institutions matching a filter, by name."
        public var institutions: [Institution]
        public init(institutions: [Institution]) { self.institutions = institutions }
        public static let schema = JSONSchema.object([.required("institutions", .array(Institution.schema))])
    }
}
