import Contracts
import Foundation

/// The files generated from the catalogue, by their path in the repository: `make definitions`
/// writes them, `CatalogueTests` fail when a committed one differs.
public enum GeneratedFiles {
    public static func all() throws -> [(path: String, text: String)] {
        let suite = try SuiteDefinitions.all()
        let services = suite.map(\.service)
        return [
            ("deploy/services", ServiceList.text(services)),
            ("deploy/compose.yaml", ComposeFile.text(services)),
            ("docs/asyncapi.yaml", try AsyncAPIDocument.yaml(suite)),
        ] + services.map { ("deploy/systemd/\(SystemdUnit.fileName($0))", SystemdUnit.text($0)) }
    }

    /// Writes them under `repository`; returns the paths that changed.
    @discardableResult
    public static func write(to repository: URL) throws -> [String] {
        var changed: [String] = []
        for file in try all() {
            let url = repository.appendingPathComponent(file.path)
            guard (try? String(contentsOf: url, encoding: .utf8)) != file.text else { continue }
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: url, options: .atomic)
            changed.append(file.path)
        }
        return changed
    }
}
