import Contracts
import Foundation
import RBNTestSupport
import Testing

/// The schema files in Shared/Contracts/Schemas are written from the schemas declared next to the
/// message types (`make schemas`); these tests fail when a file is missing or out of date, and check
/// every file is a valid draft 2020-12 schema.
@Suite("Schema files")
struct SchemaFileTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Shared/Contracts/Schemas")

    static let described = SuiteCatalogue.messages

    @Test func everyDescribedMessageHasAFileThatIsCurrent() throws {
        let write = ProcessInfo.processInfo.environment["RBN_WRITE_SCHEMAS"] == "1"
        var stale: [String] = []
        for type in Self.described {
            let file = Self.directory.appendingPathComponent("\(type.messageType.rawValue).json")
            let document = try type.schemaDocument()
            if write {
                try document.write(to: file)
            } else if (try? Data(contentsOf: file)) != document {
                stale.append(file.lastPathComponent)
            }
        }
        #expect(stale.isEmpty, "out of date (run 'make schemas'): \(stale.joined(separator: ", "))")
    }

    @Test func messageTypesAreUnique() {
        let types = Self.described.map { $0.messageType.rawValue }
        #expect(Set(types).count == types.count)
    }

    @Test func everyFileIsAValidSchema() async throws {
        guard SchemaValidator.python != nil else { throw SchemaValidator.ValidatorMissing() }
        // check_schema inside the validator rejects an invalid schema, whatever the document; an
        // empty object only fails the schemas that require members, which is no error here.
        let documents = try Self.described.map { type in
            let schema = try #require(SchemaCatalog.schema(for: type.messageType), "\(type.messageType) not shipped")
            return (label: type.messageType.rawValue, document: Data("{}".utf8), schema: schema)
        }
        _ = try await SchemaValidator.errors(ofEach: documents)
    }
}
