import Catalogue
import Contracts
import Foundation
import RBNTestSupport
import ServiceKit
import Testing

/// The one list of services (`SuiteCatalogue`) and every place that names them: each test fails
/// when one of them disagrees with the catalogue.
@Suite("The service catalogue")
struct CatalogueTests {
    static let repository = SystemUnderTest.repository

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: "\(repository)/\(path)", encoding: .utf8)
    }

    @Test func namesAndPortsAreUnique() {
        let services = SuiteCatalogue.services
        for key in [services.map(\.name), services.map(\.executable), services.map { String($0.httpPort) }] {
            #expect(Set(key).count == services.count, "\(key)")
        }
    }

    @Test func everyServiceRunsTheDefinitionTheCatalogueDescribes() throws {
        for (service, definition) in try SuiteDefinitions.all() {
            #expect(definition.name == service.name)
            #expect(definition.storeName == service.executable)
            #expect(definition.defaultHTTPPort == service.httpPort)
            #expect(definition.summary == service.summary)
            // Every message a service answers is of its own namespace or the runtime's.
            for h in definition.handledMessages where h.kind != .event {
                #expect(
                    [service.name, Operations.service].contains(h.type.service), "\(service.name) answers \(h.type)")
            }
        }
    }

    @Test func everyGeneratedFileIsCurrent() throws {
        var stale: [String] = []
        for file in try GeneratedFiles.all() where (try? Self.read(file.path)) != file.text {
            stale.append(file.path)
        }
        #expect(stale.isEmpty, "out of date (run 'make definitions'): \(stale.joined(separator: ", "))")
        // No unit is left over from a service that is gone.
        let units = try FileManager.default.contentsOfDirectory(atPath: "\(Self.repository)/deploy/systemd")
            .filter { $0.hasSuffix(".service") }
        #expect(Set(units) == Set(SuiteCatalogue.services.map(SystemdUnit.fileName)))
    }

    /// Package.swift keeps its targets: a library and an executable per service, the executable
    /// named as the catalogue says.
    @Test func thePackageBuildsEveryService() throws {
        let package = try Self.read("Package.swift")
        for s in SuiteCatalogue.services {
            #expect(package.contains(".executable(name: \"\(s.executable)\""), "Package.swift lacks \(s.executable)")
            #expect(package.contains("name: \"\(s.executable)\",\n"), "Package.swift lacks the target \(s.executable)")
        }
    }

    /// The scripts read deploy/services instead of a list of their own.
    @Test func scriptsAndImageReadTheGeneratedList() throws {
        for path in ["scripts/run", "deploy/Dockerfile"] {
            let text = try Self.read(path)
            #expect(text.contains("deploy/services"), "\(path) does not read deploy/services")
            // A list of its own would name two services on one line.
            for line in text.split(separator: "\n") {
                let named = SuiteCatalogue.services.filter { line.contains($0.executable) }
                #expect(named.count < 2, "\(path) lists services itself: \(line)")
            }
        }
    }

    @Test func theServicesPageNamesEveryService() throws {
        let page = try Self.read("Services/README.md")
        for s in SuiteCatalogue.services {
            #expect(page.contains("`\(s.executable)`"), "Services/README.md lacks \(s.executable)")
        }
    }

    @Test func operatorsAndErasureAskEveryService() {
        #expect(Operations.services == SuiteCatalogue.services.map(\.name))
        #expect(Registry.erasingServices.allSatisfy { n in SuiteCatalogue.services.contains { $0.name == n } })
        #expect(!Registry.erasingServices.contains(Registry.service))
    }

    /// Every message the catalogue lists is answered, consumed or published by some service, and
    /// the document places each one.
    @Test func theAsyncAPIDocumentPlacesEveryMessage() throws {
        let text = try AsyncAPIDocument.yaml(SuiteDefinitions.all())
        for type in SuiteCatalogue.messages {
            #expect(
                text.contains("name: \"\(type.messageType.rawValue)\""), "\(type.messageType) is not in the document")
        }
        for s in SuiteCatalogue.services { #expect(text.contains("\(s.name)_answer:")) }
    }

    /// Each `$ref` to a file names a schema that is shipped.
    @Test func theAsyncAPIDocumentsSchemasExist() throws {
        let text = try Self.read("docs/asyncapi.yaml")
        var files = Set<String>()
        for line in text.split(separator: "\n") where line.contains("$ref: \"../") {
            let path = line.split(separator: "\"")[1]
            files.insert(String(path))
        }
        #expect(files.count == SuiteCatalogue.messages.count + 1, "one schema per message and the envelope's")
        for f in files {
            #expect(FileManager.default.fileExists(atPath: "\(Self.repository)/docs/\(f)"), "\(f) does not exist")
        }
    }

    /// Two readers from PyPI that we did not write load the document: asyncapi-python's parser
    /// (every operation, channel, reply and internal `$ref` resolved and checked) and asyncapi3's
    /// object model of the 3.0 specification.
    @Test func independentAsyncAPIReadersLoadTheDocument() async throws {
        let python = "\(Self.repository)/var/python/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Issue.record("\(python) is missing: 'make test' installs it (scripts/test-python)")
            return
        }
        let script = """
            import sys, warnings, yaml
            from pathlib import Path
            warnings.simplefilter("ignore")
            from asyncapi_python_codegen.parser import extract_all_operations
            from asyncapi3 import AsyncAPI3
            path = Path(sys.argv[1])
            operations = extract_all_operations(path, validate=True, fail_on_error=True)
            document = AsyncAPI3.model_validate(yaml.safe_load(path.read_text()))
            print(len(operations), "operations,", len(document.channels.root), "channels")
            """
        let r = await Subprocess.run([python, "-c", script, "\(Self.repository)/docs/asyncapi.yaml"], slots: nil)
        #expect(r.status == 0, "\(r.output)")
        let services = SuiteCatalogue.services.count
        #expect(r.stdout.contains("operations,"), "\(r.output)")
        let counts = r.stdout.split(separator: " ").compactMap { Int($0) }
        #expect(counts.count == 2 && counts[0] > services && counts[1] > services, "\(r.output)")
    }
}
