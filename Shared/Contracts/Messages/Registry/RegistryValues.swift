import Foundation

/// Values that several registry messages share. Dates of the calendar (`joinedOn`, `signedOn`) are
/// `yyyy-MM-dd` strings; ids of networks and non-school institutions are lower-case slugs; a school's
/// id is its Schulnummer.
public enum Registry {
    public static let service = "registry"

    /// A Kreis or a kreisfreie Stadt: what a network covers.
    public enum RegionKind: String, Codable, Sendable, CaseIterable {
        case kreis
        case kreisfreieStadt = "kreisfreie-stadt"
    }

    /// What kind of member an institution is, along the education chain.
    public enum InstitutionKind: String, Codable, Sendable, CaseIterable {
        case school, schultraeger, kita, hochschule, medienzentrum, jugendamt, library, company, prevention
        case familyCentre = "family-centre"
        case schulaufsicht, other
    }

    /// The roles a contact can hold, and where each is held.
    public enum ContactRole: String, Codable, Sendable, CaseIterable {
        /// The Bildungsbüro's coordinator; held in a network.
        case coordinator
        /// 1st-level IT support at a school; held at a school.
        case medienbeauftragte
        /// 2nd-level IT support of a Schulträger; held at a Schulträger.
        case schultraegerIT = "schultraeger-it"
        /// The school supervision; held in a network.
        case schulaufsicht
        /// A counselling teacher (Medienscouts); held at a school.
        case beratungslehrkraft
        /// A speaker of parent evenings; held in a network.
        case speaker

        /// The kind of institution the role is held at, or nil when it is held in a network.
        public var heldAt: InstitutionKind? {
            switch self {
            case .coordinator, .schulaufsicht, .speaker: nil
            case .medienbeauftragte, .beratungslehrkraft: .school
            case .schultraegerIT: .schultraeger
            }
        }
    }

    /// The bodies every network has (§ 78a SchulG): the yearly conference of all actors, the steering
    /// group, and the operational office.
    public enum BodyKind: String, Codable, Sendable, CaseIterable {
        case bildungskonferenz, lenkungskreis, bildungsbuero
    }

    /// One of a network's bodies, with how to reach it.
    public struct Body: Codable, Sendable, Equatable {
        public var kind: BodyKind
        public var name: String
        public var email: String?
        /// How often it meets, e.g. "jährlich".
        public var meets: String?
        public init(kind: BodyKind, name: String, email: String? = nil, meets: String? = nil) {
            self.kind = kind
            self.name = name
            self.email = email
            self.meets = meets
        }
        static let schema = JSONSchema.object([
            .required("kind", .oneOf(BodyKind.self)), .required("name", .text), .optional("email", .email),
            .optional("meets", .text),
        ])
    }

    public enum MeasureStatus: String, Codable, Sendable, CaseIterable {
        case planned
        case inProgress = "in-progress"
        case done, dropped
    }

    public enum RolloutState: String, Codable, Sendable, CaseIterable, Comparable {
        case notStarted = "not-started"
        case requested, provisioned
        case inUse = "in-use"

        public static func < (a: Self, b: Self) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public enum AgreementKind: String, Codable, Sendable, CaseIterable {
        case leitbild, standard
    }

    /// The Kooperationsvertrag between the Land and the Kreis or Stadt.
    public struct Contract: Codable, Sendable, Equatable {
        public var parties: [String]
        public var signedOn: String
        public var actionFields: [String]
        public init(parties: [String], signedOn: String, actionFields: [String]) {
            self.parties = parties
            self.signedOn = signedOn
            self.actionFields = actionFields
        }
        static let schema = JSONSchema.object([
            .required("parties", .array(.text, minItems: 1)),
            .required("signedOn", .date),
            .required("actionFields", .array(.text)),
        ])
    }

    /// A network without its members.
    public struct Network: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var region: String
        public var regionKind: RegionKind
        public var contract: Contract?
        /// Bildungskonferenz, Lenkungskreis and Bildungsbüro, as far as described.
        public var bodies: [Body]?
        public init(
            id: String, name: String, region: String, regionKind: RegionKind, contract: Contract? = nil,
            bodies: [Body]? = nil
        ) {
            self.id = id
            self.name = name
            self.region = region
            self.regionKind = regionKind
            self.contract = contract
            self.bodies = bodies
        }
        static let schema = JSONSchema.object([
            .required("id", .text), .required("name", .text), .required("region", .text),
            .required("regionKind", .oneOf(RegionKind.self)), .optional("contract", Contract.schema),
            .optional("bodies", .array(Body.schema)),
        ])
    }

    /// A person in a role: work contact data only.
    public struct Contact: Codable, Sendable, Equatable {
        public var personID: String
        public var name: String
        public var email: String
        public var phone: String?
        public var role: ContactRole
        public var networkID: String
        /// Where the role is held, when at an institution.
        public var institutionID: String?
        public var institutionName: String?
        /// The network body the role serves in, for roles held in a network.
        public var body: BodyKind?
        public init(
            personID: String, name: String, email: String, phone: String? = nil, role: ContactRole,
            networkID: String, institutionID: String? = nil, institutionName: String? = nil, body: BodyKind? = nil
        ) {
            self.personID = personID
            self.name = name
            self.email = email
            self.phone = phone
            self.role = role
            self.networkID = networkID
            self.institutionID = institutionID
            self.institutionName = institutionName
            self.body = body
        }
        static let schema = JSONSchema.object([
            .required("personID", .text), .required("name", .text), .required("email", .email),
            .optional("phone", .text), .required("role", .oneOf(ContactRole.self)), .required("networkID", .text),
            .optional("institutionID", .text), .optional("institutionName", .text),
            .optional("body", .oneOf(BodyKind.self), "the network body the role serves in"),
        ])
    }

    /// A person's work contact data, as given when assigning a role.
    public struct Person: Codable, Sendable, Equatable {
        public var name: String
        public var email: String
        public var phone: String?
        public init(name: String, email: String, phone: String? = nil) {
            self.name = name
            self.email = email
            self.phone = phone
        }
        static let schema = JSONSchema.object([
            .required("name", .text), .required("email", .email), .optional("phone", .text),
        ])
    }

    /// One of the seven measures of "Bildung im digitalen Wandel" in a network.
    public struct Measure: Codable, Sendable, Equatable {
        public var number: Int
        public var title: String
        public var status: MeasureStatus?
        public var owner: String?
        public var note: String?
        public var changedAt: String?
        public init(
            number: Int, title: String, status: MeasureStatus? = nil, owner: String? = nil, note: String? = nil,
            changedAt: String? = nil
        ) {
            self.number = number
            self.title = title
            self.status = status
            self.owner = owner
            self.note = note
            self.changedAt = changedAt
        }
        static let schema = JSONSchema.object([
            .required("number", .integer(minimum: 1, maximum: 7)), .required("title", .text),
            .optional("status", .oneOf(MeasureStatus.self), "absent while nobody set one"),
            .optional("owner", .text), .optional("note", .string()), .optional("changedAt", .dateTime),
        ])
    }

    /// One version of an agreement document.
    public struct AgreementVersion: Codable, Sendable, Equatable {
        public var networkID: String
        public var documentID: String
        public var kind: AgreementKind
        public var title: String
        public var version: Int
        public var text: String?
        public var link: String?
        public var publishedOn: String
        public var endorsedBy: [String]?
        public init(
            networkID: String, documentID: String, kind: AgreementKind, title: String, version: Int,
            text: String? = nil, link: String? = nil, publishedOn: String, endorsedBy: [String]? = nil
        ) {
            self.networkID = networkID
            self.documentID = documentID
            self.kind = kind
            self.title = title
            self.version = version
            self.text = text
            self.link = link
            self.publishedOn = publishedOn
            self.endorsedBy = endorsedBy
        }
        static let schema = JSONSchema.object([
            .required("networkID", .text), .required("documentID", .text),
            .required("kind", .oneOf(AgreementKind.self)), .required("title", .text),
            .required("version", .integer(minimum: 1)), .optional("text", .text),
            .optional("link", .string(.init(format: "uri"))), .required("publishedOn", .date),
            .optional("endorsedBy", .array(.text), "ids of the institutions that endorsed this version"),
        ])
    }
}

extension Registry {
    /// A registry message type.
    static func type(_ aggregate: String, _ name: String) -> MessageType {
        MessageType(service: service, aggregate: aggregate, name: name)
    }
}

extension Registry {
    /// A school's learning platform rollout, with the day each state was reached.
    public struct Rollout: Codable, Sendable, Equatable {
        public var schulnummer: String
        public var networkID: String
        public var state: RolloutState
        public var requestedOn: String?
        public var provisionedOn: String?
        public var inUseOn: String?
        public init(
            schulnummer: String, networkID: String, state: RolloutState, requestedOn: String? = nil,
            provisionedOn: String? = nil, inUseOn: String? = nil
        ) {
            self.schulnummer = schulnummer
            self.networkID = networkID
            self.state = state
            self.requestedOn = requestedOn
            self.provisionedOn = provisionedOn
            self.inUseOn = inUseOn
        }
        static let schema = JSONSchema.object([
            .required("schulnummer", .text), .required("networkID", .text),
            .required("state", .oneOf(RolloutState.self)), .optional("requestedOn", .date),
            .optional("provisionedOn", .date), .optional("inUseOn", .date),
        ])
    }

    /// Every registry message type with a schema, for the schema files and the AsyncAPI document.
    public static let messages: [any DescribedPayload.Type] = [
        CreateNetwork.self, UpdateNetwork.self, GetNetwork.self, ListNetworks.self, NetworkCreated.self,
        NetworkUpdated.self, NetworkDetails.self, NetworkList.self, FindContactSchools.self, ContactSchools.self,
        RegisterInstitution.self, UpdateInstitution.self, RetireInstitution.self, ListInstitutions.self,
        LookUpSchool.self, InstitutionRegistered.self, InstitutionUpdated.self, InstitutionRetired.self,
        InstitutionDetails.self, InstitutionList.self,
        AssignContact.self, RemoveContact.self, ListContacts.self, ErasePerson.self, ContactAssigned.self,
        ContactRemoved.self, PersonErased.self, ContactDetails.self, ContactList.self, PersonErasure.self,
        GetErasureStatus.self, ErasureStatus.self,
        SetMeasureStatus.self, MeasureStatusChanged.self, MeasureDetails.self,
        PublishAgreement.self, EndorseAgreement.self, AgreementPublished.self, AgreementEndorsed.self,
        AgreementDetails.self,
        SetRollout.self, RolloutChanged.self, RolloutDetails.self,
        AnnounceDirectory.self, DirectoryAnnounced.self, NetworkAnnounced.self, InstitutionAnnounced.self,
        ContactAnnounced.self,
    ]
}
