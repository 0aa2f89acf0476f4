// Networks: create, update, get, list; created and updated events; details and list replies.

extension Registry {
    public struct CreateNetwork: DescribedPayload {
        public static let messageType = Registry.type("network", "create")
        public static let summary = "Creates a Regionales Bildungsnetzwerk for a Kreis or kreisfreie Stadt."
        public var network: Network
        public init(_ network: Network) { self.network = network }
        public static let schema = JSONSchema.object([.required("network", Network.schema)])
    }

    public struct UpdateNetwork: DescribedPayload {
        public static let messageType = Registry.type("network", "update")
        public static let summary =
            "Changes a network's name, region, cooperation contract or bodies; absent fields stay."
        public var id: String
        public var name: String?
        public var region: String?
        public var contract: Contract?
        /// Replaces the description of the bodies named here; the others stay.
        public var bodies: [Body]?
        public init(
            id: String, name: String? = nil, region: String? = nil, contract: Contract? = nil, bodies: [Body]? = nil
        ) {
            self.id = id
            self.name = name
            self.region = region
            self.contract = contract
            self.bodies = bodies
        }
        public static let schema = JSONSchema.object([
            .required("id", .text), .optional("name", .text), .optional("region", .text),
            .optional("contract", Contract.schema), .optional("bodies", .array(Body.schema)),
        ])
    }

    public struct GetNetwork: DescribedPayload {
        public static let messageType = Registry.type("network", "get")
        public static let summary = "Asks for a network with its measures, agreements, contacts and member counts."
        public var id: String
        public init(id: String) { self.id = id }
        public static let schema = JSONSchema.object([.required("id", .text)])
    }

    public struct ListNetworks: DescribedPayload, PublicRequest {
        public static let messageType = Registry.type("network", "list")
        public static let summary = "Asks for every network."
        public init() {}
        public static let schema = JSONSchema.object([])
    }

    public struct NetworkCreated: DescribedPayload {
        public static let messageType = Registry.type("network", "created")
        public static let summary = "A network was created."
        public var network: Network
        public init(network: Network) { self.network = network }
        public static let schema = JSONSchema.object([.required("network", Network.schema)])
    }

    public struct NetworkUpdated: DescribedPayload {
        public static let messageType = Registry.type("network", "updated")
        public static let summary = "A network's name, region or contract changed; carries the whole network."
        public var network: Network
        public init(network: Network) { self.network = network }
        public static let schema = JSONSchema.object([.required("network", Network.schema)])
    }

    /// The reply to create, update and get.
    public struct NetworkDetails: DescribedPayload {
        public static let messageType = Registry.type("network", "details")
        public static let summary = "A network with its measures, agreements, contacts and member counts."
        public var network: Network
        public var measures: [Measure]
        public var agreements: [AgreementVersion]
        public var contacts: [Contact]
        /// Active members by institution kind.
        public var members: [String: Int]
        public init(
            network: Network, measures: [Measure], agreements: [AgreementVersion], contacts: [Contact],
            members: [String: Int]
        ) {
            self.network = network
            self.measures = measures
            self.agreements = agreements
            self.contacts = contacts
            self.members = members
        }
        public static let schema = JSONSchema.object([
            .required("network", Network.schema), .required("measures", .array(Measure.schema)),
            .required("agreements", .array(AgreementVersion.schema)),
            .required("contacts", .array(Contact.schema)),
            .required("members", .object([]), "active members by institution kind"),
        ])
    }

    public struct NetworkList: DescribedPayload {
        public static let messageType = Registry.type("network", "list-result")
        public static let summary = "Every network."
        public var networks: [Network]
        public init(networks: [Network]) { self.networks = networks }
        public static let schema = JSONSchema.object([.required("networks", .array(Network.schema))])
    }
}

// The directory re-announced: for a service added later, or restored from a backup, to catch up.
// Separate types from created/updated/assigned so that nobody is notified twice.

extension Registry {
    public struct AnnounceDirectory: DescribedPayload {
        public static let messageType = Registry.type("directory", "announce")
        public static let summary = """
            Re-announces every network, institution and contact as *.announced events, so read models \
            that missed events (a service added later, restored from a backup) catch up. Changes nothing.
            """
        public init() {}
        public static let schema = JSONSchema.object([])
    }

    public struct DirectoryAnnounced: DescribedPayload {
        public static let messageType = Registry.type("directory", "announced")
        public static let summary = "The reply to announce: how many of each were re-announced."
        public var networks: Int
        public var institutions: Int
        public var contacts: Int
        public init(networks: Int, institutions: Int, contacts: Int) {
            self.networks = networks
            self.institutions = institutions
            self.contacts = contacts
        }
        public static let schema = JSONSchema.object([
            .required("networks", .integer(minimum: 0)), .required("institutions", .integer(minimum: 0)),
            .required("contacts", .integer(minimum: 0)),
        ])
    }

    public struct NetworkAnnounced: DescribedPayload {
        public static let messageType = Registry.type("network", "announced")
        public static let summary = "A network as it is now, re-announced for read models; not a change."
        public var network: Network
        public init(network: Network) { self.network = network }
        public static let schema = JSONSchema.object([.required("network", Network.schema)])
    }

    public struct InstitutionAnnounced: DescribedPayload {
        public static let messageType = Registry.type("institution", "announced")
        public static let summary = "An institution as it is now (retired ones too), re-announced; not a change."
        public var institution: Institution
        public init(institution: Institution) { self.institution = institution }
        public static let schema = JSONSchema.object([.required("institution", Institution.schema)])
    }

    public struct ContactAnnounced: DescribedPayload {
        public static let messageType = Registry.type("contact", "announced")
        public static let summary = "A person in a role as it is now, re-announced; not a change (no welcome)."
        public var contact: Contact
        public init(contact: Contact) { self.contact = contact }
        public static let schema = JSONSchema.object([.required("contact", Contact.schema)])
    }
}
