import ServiceKit
import SupportDeskService

await ServiceRuntime.main(SupportDeskService.configurable())
