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

    public struct ListNetworks: DescribedPayload {
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
