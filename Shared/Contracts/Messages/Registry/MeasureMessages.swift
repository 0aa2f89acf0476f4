// Measures of the action field "Bildung im digitalen Wandel", agreements and the learning platform rollout.

extension Registry {
    public struct SetMeasureStatus: DescribedPayload {
        public static let messageType = Registry.type("measure", "set-status")
        public static let summary = "Sets the status of one of the seven measures in a network, with owner and note."
        public var networkID: String
        public var measure: Int
        public var status: MeasureStatus
        public var owner: String?
        public var note: String?
        public init(networkID: String, measure: Int, status: MeasureStatus, owner: String? = nil, note: String? = nil) {
            self.networkID = networkID
            self.measure = measure
            self.status = status
            self.owner = owner
            self.note = note
        }
        public static let schema = JSONSchema.object([
            .required("networkID", .text), .required("measure", .integer(minimum: 1, maximum: 7)),
            .required("status", .oneOf(MeasureStatus.self)), .optional("owner", .text), .optional("note", .string()),
        ])
    }

    public struct MeasureStatusChanged: DescribedPayload {
        public static let messageType = Registry.type("measure", "status-changed")
        public static let summary = "A measure's status, owner or note changed in a network."
        public var networkID: String
        public var measure: Measure
        public var previous: MeasureStatus?
        public init(networkID: String, measure: Measure, previous: MeasureStatus?) {
            self.networkID = networkID
            self.measure = measure
            self.previous = previous
        }
        public static let schema = JSONSchema.object([
            .required("networkID", .text), .required("measure", Measure.schema),
            .optional("previous", .oneOf(MeasureStatus.self)),
        ])
    }

    /// The reply to set-status: the measure with its history, newest first.
    public struct MeasureDetails: DescribedPayload {
        public static let messageType = Registry.type("measure", "details")
        public static let summary = "A measure in a network with its history, newest first."
        public var networkID: String
        public var measure: Measure
        public var history: [Measure]
        public init(networkID: String, measure: Measure, history: [Measure]) {
            self.networkID = networkID
            self.measure = measure
            self.history = history
        }
        public static let schema = JSONSchema.object([
            .required("networkID", .text), .required("measure", Measure.schema),
            .required("history", .array(Measure.schema)),
        ])
    }

    public struct PublishAgreement: DescribedPayload {
        public static let messageType = Registry.type("agreement", "publish")
        public static let summary = """
            Publishes a new version of a network's Leitbild or standard (text or link); versions count \
            from 1. Publishing the same text or link as the latest version changes nothing.
            """
        public var networkID: String
        public var documentID: String
        public var kind: AgreementKind
        public var title: String
        public var text: String?
        public var link: String?
        public var publishedOn: String?
        public init(
            networkID: String, documentID: String, kind: AgreementKind, title: String, text: String? = nil,
            link: String? = nil, publishedOn: String? = nil
        ) {
            self.networkID = networkID
            self.documentID = documentID
            self.kind = kind
            self.title = title
            self.text = text
            self.link = link
            self.publishedOn = publishedOn
        }
        public static let schema = JSONSchema.object([
            .required("networkID", .text), .required("documentID", .text),
            .required("kind", .oneOf(AgreementKind.self)), .required("title", .text), .optional("text", .text),
            .optional("link", .string(.init(format: "uri"))), .optional("publishedOn", .date, "today when absent"),
        ])
    }

    public struct EndorseAgreement: DescribedPayload {
        public static let messageType = Registry.type("agreement", "endorse")
        public static let summary = "Records that a member institution endorses a version (the latest when absent)."
        public var networkID: String
        public var documentID: String
        public var version: Int?
        public var institutionID: String
        public var endorsedOn: String?
        public init(
            networkID: String, documentID: String, version: Int? = nil, institutionID: String,
            endorsedOn: String? = nil
        ) {
            self.networkID = networkID
            self.documentID = documentID
            self.version = version
            self.institutionID = institutionID
            self.endorsedOn = endorsedOn
        }
        public static let schema = JSONSchema.object([
            .required("networkID", .text), .required("documentID", .text), .optional("version", .integer(minimum: 1)),
            .required("institutionID", .text), .optional("endorsedOn", .date),
        ])
    }

    public struct AgreementPublished: DescribedPayload {
        public static let messageType = Registry.type("agreement", "published")
        public static let summary = "A new version of a network's Leitbild or standard was published."
        public var agreement: AgreementVersion
        public init(agreement: AgreementVersion) { self.agreement = agreement }
        public static let schema = JSONSchema.object([.required("agreement", AgreementVersion.schema)])
    }

    public struct AgreementEndorsed: DescribedPayload {
        public static let messageType = Registry.type("agreement", "endorsed")
        public static let summary = "A member institution endorsed a version of an agreement."
        public var networkID: String
        public var documentID: String
        public var version: Int
        public var institutionID: String
        public var institutionName: String
        public var endorsedOn: String
        public init(
            networkID: String, documentID: String, version: Int, institutionID: String, institutionName: String,
            endorsedOn: String
        ) {
            self.networkID = networkID
            self.documentID = documentID
            self.version = version
            self.institutionID = institutionID
            self.institutionName = institutionName
            self.endorsedOn = endorsedOn
        }
        public static let schema = JSONSchema.object([
            .required("networkID", .text), .required("documentID", .text), .required("version", .integer(minimum: 1)),
            .required("institutionID", .text), .required("institutionName", .text), .required("endorsedOn", .date),
        ])
    }

    /// The reply to publish and endorse.
    public struct AgreementDetails: DescribedPayload {
        public static let messageType = Registry.type("agreement", "details")
        public static let summary = "One version of an agreement, with who endorsed it."
        public var agreement: AgreementVersion
        public init(agreement: AgreementVersion) { self.agreement = agreement }
        public static let schema = JSONSchema.object([.required("agreement", AgreementVersion.schema)])
    }

    public struct SetRollout: DescribedPayload {
        public static let messageType = Registry.type("rollout", "set")
        public static let summary = """
            Moves a school's learning platform rollout forward (not-started, requested, provisioned, \
            in-use); a step back is refused.
            """
        public var schulnummer: String
        public var state: RolloutState
        public var on: String?
        public init(schulnummer: String, state: RolloutState, on: String? = nil) {
            self.schulnummer = schulnummer
            self.state = state
            self.on = on
        }
        public static let schema = JSONSchema.object([
            .required("schulnummer", .text), .required("state", .oneOf(RolloutState.self)),
            .optional("on", .date, "today when absent"),
        ])
    }

    public struct RolloutChanged: DescribedPayload {
        public static let messageType = Registry.type("rollout", "changed")
        public static let summary = "A school's learning platform rollout moved to a new state."
        public var rollout: Rollout
        public var previous: RolloutState
        public init(rollout: Rollout, previous: RolloutState) {
            self.rollout = rollout
            self.previous = previous
        }
        public static let schema = JSONSchema.object([
            .required("rollout", Rollout.schema), .required("previous", .oneOf(RolloutState.self)),
        ])
    }

    /// The reply to set.
    public struct RolloutDetails: DescribedPayload {
        public static let messageType = Registry.type("rollout", "details")
        public static let summary = "A school's learning platform rollout."
        public var rollout: Rollout
        public init(rollout: Rollout) { self.rollout = rollout }
        public static let schema = JSONSchema.object([.required("rollout", Rollout.schema)])
    }
}
