import Foundation
import Testing

/// Every Swift example a document shows is code that compiles: each one is a region of
/// Snippets.swift, which this target builds.
@Suite("Code examples in the docs")
struct DocSnippetTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The compiled regions, by name, without their common indentation.
    static func snippets() throws -> [String: String] {
        let text = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Snippets.swift"), encoding: .utf8)
        var regions: [String: String] = [:]
        var current: (name: String, lines: [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "// snippet end", let c = current {
                regions[c.name] = dedent(c.lines)
                current = nil
            } else if trimmed.hasPrefix("// snippet ") {
                current = (String(trimmed.dropFirst("// snippet ".count)), [])
            } else {
                current?.lines.append(line)
            }
        }
        return regions
    }

    /// The ```swift blocks of a document's lines.
    static func blocks(_ lines: [Substring]) -> [String] {
        var found: [String] = []
        var block: [Substring]?
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if block == nil, trimmed == "```swift" {
                block = []
            } else if block != nil, trimmed == "```" {
                found.append(dedent(block!))
                block = nil
            } else {
                block?.append(line)
            }
        }
        return found
    }

    static func dedent(_ lines: [Substring]) -> String {
        let indent = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map {
            String($0.dropFirst(min(indent, $0.count))).replacingOccurrences(
                of: "\\s+$", with: "", options: .regularExpression)
        }
        .joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    /// Every document with Swift examples: the Markdown pages, and the doc comments of the sources.
    static func documents() throws -> [(path: String, blocks: [String])] {
        let fm = FileManager.default
        var result: [(String, [String])] = []
        for top in ["README.md", "docs", "Shared", "Services"] {
            let root = repository.appendingPathComponent(top)
            let files: [URL] =
                top.hasSuffix(".md")
                ? [root] : (fm.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
            for file in files where ["md", "swift"].contains(file.pathExtension) {
                let text = try String(contentsOf: file, encoding: .utf8)
                guard text.contains("```swift") else { continue }
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                if file.pathExtension == "swift" {
                    // Only doc comments: `/// text` without the marker.
                    lines = lines.map { line in
                        let t = line.drop { $0 == " " }
                        guard t.hasPrefix("///") else { return "" }
                        let rest = t.dropFirst(3)
                        return rest.first == " " ? rest.dropFirst() : rest
                    }
                }
                result.append((String(file.path.dropFirst(repository.path.count + 1)), blocks(lines)))
            }
        }
        return result
    }

    @Test func everyExampleIsCompiledCode() throws {
        let compiled = Set(try Self.snippets().values)
        let documents = try Self.documents()
        #expect(documents.count >= 5, "found \(documents.map(\.path))")
        for (path, blocks) in documents {
            for block in blocks {
                let isCompiled = compiled.contains(block)
                #expect(isCompiled, "\(path) shows code that is not in Tests/DocSnippetTests/Snippets.swift:\n\(block)")
            }
        }
    }

    @Test func everySnippetIsShownSomewhere() throws {
        let shown = Set(try Self.documents().flatMap(\.blocks))
        for (name, text) in try Self.snippets() {
            let isShown = shown.contains(text)
            #expect(isShown, "the snippet \(name) is in no document")
        }
    }
}
