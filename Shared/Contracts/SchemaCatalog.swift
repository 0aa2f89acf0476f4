import Foundation

/// The JSON Schemas (draft 2020-12) shipped in `Shared/Contracts/Schemas/`: `cloudevent.json` for
/// the envelope, and `<type>.json` for the `data` of each message type.
public enum SchemaCatalog {
    /// The schema of the envelope itself.
    public static var envelope: Data? { schema(named: "cloudevent") }

    /// The schema of a message type's data, if one is shipped.
    public static func schema(for type: MessageType) -> Data? { schema(named: type.rawValue) }

    /// Names of every shipped schema, without `.json`.
    public static var names: [String] {
        guard let dir = Bundle.module.url(forResource: "Schemas", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func schema(named name: String) -> Data? {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Schemas") else {
            return nil
        }
        return try? Data(contentsOf: url)
    }
}
