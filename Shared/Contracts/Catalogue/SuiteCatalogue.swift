// The one list of the suite's services. Everything else that names them derives from it: the
// services' own definitions (port, summary, store), `rbnctl status`, the erasure confirmations, the
// broker's definitions, the systemd units, the compose file, `make run`'s list (deploy/services)
// and the AsyncAPI document; `CatalogueTests` fail when any of those disagrees with it.

/// One service of the suite.
public struct SuiteService: Sendable, Hashable {
    /// The broker name: its queues (`<name>.commands`, …), its broker user, its events' routing keys
    /// and its messages' CloudEvents `source`.
    public let name: String
    /// The executable, and the name operators see: `/usr/local/bin/<executable>`, the systemd unit
    /// `rbn-<executable>`, the compose service, the store `<executable>.sqlite` and `make run`'s log.
    public let executable: String
    /// Where health and metrics are served unless `RBN_HTTP_ADDR` says otherwise.
    public let httpPort: Int
    /// One line on what it does, for `--help`, logs and documents.
    public let summary: String
    /// Whether it holds personal data and confirms a data-protection erasure to the registry.
    public let confirmsErasure: Bool
    /// Its message namespace: the commands, queries, events and replies it owns.
    public let messages: [any DescribedPayload.Type]

    public static func == (a: SuiteService, b: SuiteService) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// The services of the suite, in the order operators see them.
public enum SuiteCatalogue {
    public static let registry = SuiteService(
        name: Registry.service, executable: "registry", httpPort: 8081,
        summary: "networks, institutions, contacts, measures, agreements and rollout", confirmsErasure: false,
        messages: Registry.messages)
    public static let supportDesk = SuiteService(
        name: SupportDesk.service, executable: "support-desk", httpPort: 8082,
        summary: "IT support tickets for schools, with SLAs and escalation", confirmsErasure: true,
        messages: SupportDesk.messages)
    public static let training = SuiteService(
        name: Training.service, executable: "training", httpPort: 8083,
        summary: "Medienscouts rounds and parent evenings, with registration, waiting lists and certificates",
        confirmsErasure: true, messages: Training.messages)
    public static let notification = SuiteService(
        name: Notifications.service, executable: "notification", httpPort: 8084,
        summary: "messages to requesters, teachers and parents from the other services' events, each sent once",
        confirmsErasure: true, messages: Notifications.messages)
    public static let portal = SuiteService(
        name: Portal.service, executable: "portal", httpPort: 8085,
        summary: "web pages for parents, schools and teachers, which act through the other services",
        confirmsErasure: false, messages: Portal.messages)

    /// Every service, in the order operators see them.
    public static let services = [registry, supportDesk, training, notification, portal]

    /// Every message of the suite: each service's, then those every service's runtime answers.
    public static let messages: [any DescribedPayload.Type] = services.flatMap(\.messages) + Operations.messages

    /// The service with this broker name or executable name.
    public static func service(named name: String) -> SuiteService? {
        services.first { $0.name == name || $0.executable == name }
    }
}
