import Foundation

/// Validates JSON documents against a JSON Schema (draft 2020-12) with Python's `jsonschema`, an
/// independent implementation, so the schemas are checked against what the Swift code really writes.
/// A check takes no ``ProcessSlots`` slot: it is short, and the system tests' CLIs wait for those.
public enum SchemaValidator {
    /// A Python interpreter that has `jsonschema`, or nil.
    public static let python: String? = {
        for candidate in ["/usr/bin/python3", "python3"]
        where Subprocess.runBlocking([candidate, "-c", "import jsonschema"]).status == 0 {
            return candidate
        }
        return nil
    }()

    /// Problems found (empty when valid).
    public static func errors(of document: Data, against schema: Data) async throws -> [String] {
        guard let python else { throw ValidatorMissing() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try schema.write(to: dir.appendingPathComponent("schema.json"))
        try document.write(to: dir.appendingPathComponent("doc.json"))
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            jsonschema.Draft202012Validator.check_schema(schema)
            v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
            for e in v.iter_errors(doc): print("/".join(map(str, e.absolute_path)) + ": " + e.message)
            """
        let result = await Subprocess.run(
            [
                python, "-c", script, dir.appendingPathComponent("schema.json").path,
                dir.appendingPathComponent("doc.json").path,
            ],
            slots: nil)
        guard result.status == 0 else { throw ValidatorFailed(output: result.output) }
        return result.output.split(separator: "\n").map(String.init)
    }

    /// Problems of many documents at once, each against its own schema, in one run of the
    /// validator; each problem is prefixed with the document's label.
    public static func errors(
        ofEach documents: [(label: String, document: Data, schema: Data)]
    ) async throws -> [String] {
        guard let python else { throw ValidatorMissing() }
        guard !documents.isEmpty else { return [] }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schemas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var pairs: [[String]] = []
        for (i, d) in documents.enumerated() {
            let schema = dir.appendingPathComponent("\(i).schema.json")
            let doc = dir.appendingPathComponent("\(i).json")
            try d.schema.write(to: schema)
            try d.document.write(to: doc)
            pairs.append([d.label, schema.path, doc.path])
        }
        let list = dir.appendingPathComponent("list.json")
        try JSONSerialization.data(withJSONObject: pairs).write(to: list)
        let script = """
            import json, sys, jsonschema
            for label, s, d in json.load(open(sys.argv[1])):
                schema = json.load(open(s)); doc = json.load(open(d))
                jsonschema.Draft202012Validator.check_schema(schema)
                v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
                for e in v.iter_errors(doc): print(label + ": " + "/".join(map(str, e.absolute_path)) + ": " + e.message)
            """
        let result = await Subprocess.run([python, "-c", script, list.path], slots: nil)
        guard result.status == 0 else { throw ValidatorFailed(output: result.output) }
        return result.output.split(separator: "\n").map(String.init)
    }

    public struct ValidatorMissing: Error, CustomStringConvertible {
        public init() {}
        public var description: String { "python3 with jsonschema is missing; 'make deps' installs python3-jsonschema" }
    }

    public struct ValidatorFailed: Error, CustomStringConvertible {
        public let output: String
        public var description: String { "the schema validator failed: \(output)" }
    }
}
