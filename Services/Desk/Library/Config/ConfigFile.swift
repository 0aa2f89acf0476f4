import CLIKit
import Foundation

/// The desk's config file, `~/.config/rbn/desk.toml`: TOML key/value pairs at the top level.
///
/// ```toml
/// # Where the broker is and who I am
/// amqp_url = "amqp://rbn.example.org:5672"
/// agent = "m.mueller"
/// password_file = "~/.config/rbn/desk.password"   # mode 0600
/// timeout = 15
/// ```
///
/// Keys are `amqp_url`, `agent`, `password_file` and `timeout`; values are basic strings or
/// numbers. Anything else (tables, arrays, unknown keys) is an error naming the line, so a typo
/// never silently falls back to a default.
struct ConfigFile {
    static let keys: Set = ["amqp_url", "agent", "password_file", "timeout"]

    private var values: [String: String] = [:]

    subscript(key: String) -> String? { values[key] }

    static func defaultPath(_ environment: [String: String]) -> String {
        let base =
            environment["XDG_CONFIG_HOME"]?.nonEmpty ?? (environment["HOME"].map { "\($0)/.config" } ?? ".config")
        return "\(base)/rbn/desk.toml"
    }

    /// `~/…` and `$HOME/…` expanded.
    static func expand(_ path: String, _ environment: [String: String]) -> String {
        guard let home = environment["HOME"] else { return path }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        if path.hasPrefix("$HOME/") { return home + path.dropFirst(5) }
        return path
    }

    /// Reads the file; a missing file is empty unless it was named explicitly.
    static func load(_ path: String, required: Bool) throws(CLIError) -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw CLIError(.usage, "the config file \(path) does not exist") }
            return ConfigFile()
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError(.usage, "cannot read the config file \(path)")
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws(CLIError) -> ConfigFile {
        var file = ConfigFile()
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ why: String) -> CLIError { CLIError(.usage, "\(path), line \(n + 1): \(why)") }
            guard let eq = line.firstIndex(of: "=") else {
                throw fail("expected 'key = value'")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            guard keys.contains(key) else {
                throw fail("unknown key '\(key)'; the desk reads \(keys.sorted().joined(separator: ", "))")
            }
            guard file.values[key] == nil else { throw fail("'\(key)' is set twice") }
            let rest = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard let value = value(rest) else {
                throw fail("'\(key)' needs a quoted string (\"…\") or a number")
            }
            file.values[key] = value
        }
        return file
    }

    /// A basic string with its escapes, or a bare number; a trailing comment is allowed.
    private static func value(_ text: String) -> String? {
        if text.hasPrefix("\"") {
            var out = ""
            var i = text.index(after: text.startIndex)
            while i < text.endIndex {
                let c = text[i]
                i = text.index(after: i)
                if c == "\"" {
                    let tail = text[i...].trimmingCharacters(in: .whitespaces)
                    return tail.isEmpty || tail.hasPrefix("#") ? out : nil
                }
                guard c == "\\" else {
                    out.append(c)
                    continue
                }
                guard i < text.endIndex else { return nil }
                switch text[i] {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: return nil
                }
                i = text.index(after: i)
            }
            return nil
        }
        let bare =
            text.split(separator: "#", maxSplits: 1).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        return Double(bare) != nil ? bare : nil
    }
}
