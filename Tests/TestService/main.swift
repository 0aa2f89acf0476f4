import Foundation
import ServiceKit
import TestServiceKit

// rbn-testservice: RBN_TEST_ROLE=service (default) or sink; RBN_TEST_NAME names the service.
let environment = ProcessInfo.processInfo.environment
let name = environment["RBN_TEST_NAME"] ?? "testsvc"
let definition = environment["RBN_TEST_ROLE"] == "sink" ? sinkService(name: name) : itemService(name: name)
await ServiceRuntime.main(definition)
