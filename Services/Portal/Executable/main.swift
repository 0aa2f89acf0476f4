import PortalService
import ServiceKit

await ServiceRuntime.main(PortalService.configurable())
