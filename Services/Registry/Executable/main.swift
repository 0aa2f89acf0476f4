import RegistryService
import ServiceKit

await ServiceRuntime.main(RegistryService.definition())
