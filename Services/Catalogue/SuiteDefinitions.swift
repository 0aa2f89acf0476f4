import Contracts
import NotificationService
import PortalService
import RegistryService
import ServiceKit
import SupportDeskService
import TrainingService

/// Each service of ``SuiteCatalogue`` with the definition its executable runs: what the broker's
/// definitions, the AsyncAPI document and the deployment files are generated from.
public enum SuiteDefinitions {
    /// The definition `service`'s executable runs (its settings read at start), or nil for a
    /// service the catalogue lists and this table lacks (a test fails on that).
    public static func definition(of service: SuiteService) -> ServiceDefinition? {
        switch service {
        case SuiteCatalogue.registry: RegistryService.definition()
        case SuiteCatalogue.supportDesk: SupportDeskService.configurable()
        case SuiteCatalogue.training: TrainingService.configurable()
        case SuiteCatalogue.notification: NotificationService.configurable()
        case SuiteCatalogue.portal: PortalService.configurable()
        default: nil
        }
    }

    /// Every service's definition, in the catalogue's order.
    public static func all() throws -> [(service: SuiteService, definition: ServiceDefinition)] {
        try SuiteCatalogue.services.map { service in
            guard let definition = definition(of: service) else { throw MissingDefinition(service: service) }
            return (service, definition)
        }
    }

    /// A service in the catalogue without a definition here.
    public struct MissingDefinition: Error, CustomStringConvertible {
        public let service: SuiteService
        public var description: String {
            "\(service.executable) is in SuiteCatalogue but not in SuiteDefinitions.definition(of:)"
        }
    }
}
