// The registry's institutions as other services keep them: address, IT group, school facts.

extension Registry {
    public struct Address: Codable, Sendable, Equatable {
        public var street: String
        public var postcode: String
        public var city: String
        public init(street: String, postcode: String, city: String) {
            self.street = street
            self.postcode = postcode
            self.city = city
        }
        static let schema = JSONSchema.object([
            .required("street", .text), .required("postcode", .string(.init(pattern: "^[0-9]{5}$"))),
            .required("city", .text),
        ])
    }

    /// A Schulträger's 2nd-level IT support group.
    public struct ITGroup: Codable, Sendable, Equatable {
        public var name: String
        public var email: String
        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
        static let schema = JSONSchema.object([.required("name", .text), .required("email", .email)])
    }

    /// What only a school has.
    public struct SchoolFacts: Codable, Sendable, Equatable {
        /// Short code from the official key list, e.g. `GY`.
        public var schulform: String
        /// The institution id of the school's Schulträger.
        public var schultraegerID: String
        public var isPublic: Bool
        public init(schulform: String, schultraegerID: String, isPublic: Bool) {
            self.schulform = schulform
            self.schultraegerID = schultraegerID
            self.isPublic = isPublic
        }
        static let schema = JSONSchema.object([
            .required("schulform", .string(.init(values: Schulform.codes))),
            .required("schultraegerID", .text),
            .required("isPublic", .boolean),
        ])
    }

    /// An institution as other services keep it: everything they need to route and address.
    public struct Institution: Codable, Sendable, Equatable {
        public var id: String
        public var kind: InstitutionKind
        public var name: String
        public var networkID: String
        public var joinedOn: String
        public var leftOn: String?
        public var active: Bool
        public var address: Address?
        public var school: SchoolFacts?
        /// For a school: its Schulträger's name and IT group, copied so 2nd-level tickets route
        /// without asking the registry.
        public var schultraegerName: String?
        public var itGroup: ITGroup?
        /// The institution's official address, from the school master data (a school's office): mail
        /// from it reaches the support desk as the school's.
        public var email: String?
        /// A Schulträger's official number (`Traegernummer` of `key_traeger.csv`).
        public var traegernummer: String?

        public init(
            id: String, kind: InstitutionKind, name: String, networkID: String, joinedOn: String,
            leftOn: String? = nil, active: Bool = true, address: Address? = nil, school: SchoolFacts? = nil,
            schultraegerName: String? = nil, itGroup: ITGroup? = nil, email: String? = nil,
            traegernummer: String? = nil
        ) {
            self.traegernummer = traegernummer
            self.email = email
            self.id = id
            self.kind = kind
            self.name = name
            self.networkID = networkID
            self.joinedOn = joinedOn
            self.leftOn = leftOn
            self.active = active
            self.address = address
            self.school = school
            self.schultraegerName = schultraegerName
            self.itGroup = itGroup
        }

        static let schema = JSONSchema.object([
            .required("id", .text, "a school's Schulnummer, else a slug"),
            .required("kind", .oneOf(InstitutionKind.self)),
            .required("name", .text),
            .required("networkID", .text),
            .required("joinedOn", .date),
            .optional("leftOn", .date),
            .required("active", .boolean),
            .optional("address", Address.schema),
            .optional("school", SchoolFacts.schema),
            .optional("schultraegerName", .text),
            .optional("itGroup", ITGroup.schema, "a Schulträger's IT group; for a school, its Schulträger's"),
            .optional("email", .email, "the official address from the school master data"),
            .optional("traegernummer", .text, "a Schulträger's official number (key_traeger.csv)"),
        ])
    }
}
