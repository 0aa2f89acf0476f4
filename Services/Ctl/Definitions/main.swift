// rbn-definitions: what is generated from the service catalogue (SuiteCatalogue).
//   rbn-definitions            prints deploy/rabbitmq/definitions.json: the broker as the services
//                              declare it, with one least-privilege user per service and CLI
//   rbn-definitions --write .  writes the other generated files (GeneratedFiles: deploy/services,
//                              the systemd units, compose.yaml, docs/asyncapi.yaml) under the repository
// `make definitions` does both.
import Catalogue
import Foundation
import ServiceKit

do {
    let arguments = CommandLine.arguments.dropFirst()
    if arguments.first == "--write", arguments.count == 2 {
        for path in try GeneratedFiles.write(to: URL(fileURLWithPath: arguments.last!)) { print("wrote \(path)") }
    } else if arguments.isEmpty {
        FileHandle.standardOutput.write(
            try BrokerDefinitions.document(services: SuiteDefinitions.all().map(\.definition)))
    } else {
        FileHandle.standardError.write(Data("usage: rbn-definitions [--write REPOSITORY]\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("rbn-definitions: \(error)\n".utf8))
    exit(1)
}
