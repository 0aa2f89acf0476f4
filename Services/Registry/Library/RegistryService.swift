import Contracts
import ServiceKit

/// The registry: networks, their member institutions (schools, Schulträger, partners), contacts
/// and roles, the measures of "Bildung im digitalen Wandel", agreements and the learning platform
/// rollout. The source of truth about who belongs where; every change goes out as an event.
public enum RegistryService {
    /// - Parameter name: the broker name (queues `<name>.commands`, …); tests run instances side by
    ///   side under names of their own. Events keep the `registry.` routing keys.
    public static func definition(name: String = Registry.service) -> ServiceDefinition {
        var handlers = HandlerRegistry()
        NetworkHandlers.register(&handlers)
        InstitutionHandlers.register(&handlers)
        ContactHandlers.register(&handlers)
        MeasureHandlers.register(&handlers)
        AgreementHandlers.register(&handlers)
        RolloutHandlers.register(&handlers)
        return ServiceDefinition(
            name: name, storeName: name == Registry.service ? SuiteCatalogue.registry.executable : name,
            summary: SuiteCatalogue.registry.summary, defaultHTTPPort: SuiteCatalogue.registry.httpPort,
            handlers: handlers, migrations: RegistryMigrations.register)
    }
}
