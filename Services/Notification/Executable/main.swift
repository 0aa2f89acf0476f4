import NotificationService
import ServiceKit

await ServiceRuntime.main(NotificationService.configurable())
