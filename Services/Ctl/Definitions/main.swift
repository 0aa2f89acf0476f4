// rbn-definitions: prints deploy/rabbitmq/definitions.json, the broker as the four services
// declare it, with one least-privilege user per service and CLI (`make definitions` writes it).
import Foundation
import NotificationService
import RegistryService
import ServiceKit
import SupportDeskService
import TrainingService

let services = [
    RegistryService.definition(), SupportDeskService.configurable(), TrainingService.configurable(),
    NotificationService.configurable(),
]
FileHandle.standardOutput.write(try BrokerDefinitions.document(services: services))
