import ServiceKit
import TrainingService

await ServiceRuntime.main(TrainingService.configurable())
