import ArgumentParser
import CLIKit
import Foundation

/// Where a command's text comes from: `-m TEXT`, `-F FILE` (`-F -` for standard input), text
/// piped to standard input, else the editor.
struct TextOptions: ParsableArguments {
    @Option(name: [.customShort("m"), .customLong("message")], help: "The text.")
    var message: String?

    @Option(name: [.customShort("F"), .customLong("file")], help: "Read the text from a file ('-': standard input).")
    var file: String?

    func validate() throws {
        if message != nil && file != nil { throw ValidationError("give the text with -m or with -F, not both") }
    }

    /// The text given on the command line, from a file or piped in; nil when the editor must ask.
    func given(stdinIsFree: Bool = true) throws -> String? {
        if let message { return message }
        if let file {
            if file == "-" { return readStandardInput() }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError(.usage, "cannot read the file \(file)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        // Piped text; an empty standard input (say /dev/null) is no text, and the editor asks.
        if stdinIsFree && isatty(STDIN_FILENO) == 0 {
            let piped = readStandardInput()
            if !piped.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return piped }
        }
        return nil
    }

    /// The text: given, or written in the editor; an empty text ends the command without change.
    func text(purpose: String, stdinIsFree: Bool = true) throws -> Text {
        if let given = try given(stdinIsFree: stdinIsFree) {
            return Text(value: try Editor.nonEmpty(given), fromEditor: false)
        }
        return Text(value: try Editor.ask(purpose: purpose), fromEditor: true)
    }
}

/// A text and whether a person wrote it in the editor just now (so a refusal can reopen it).
struct Text {
    var value: String
    var fromEditor: Bool
}

/// Writing a text in `$EDITOR` (then `$VISUAL`, then `vi`), as git does: lines starting with `#`
/// are instructions and are dropped; an empty text aborts.
enum Editor {
    static func ask(purpose: String, previous: String = "", problem: String? = nil) throws -> String {
        let env = ProcessInfo.processInfo.environment
        let editor = env["EDITOR"]?.nonEmpty ?? env["VISUAL"]?.nonEmpty ?? "vi"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var template = previous.isEmpty ? "\n" : previous + "\n"
        if let problem {
            template += "\n# The support desk refused this text:\n#   \(problem)\n# Change it and save.\n"
        }
        template += "\n# \(purpose)\n# Lines starting with '#' are ignored; an empty text aborts without change.\n"
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(template.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CLIError(.failure, "cannot write the text to edit at \(path)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor setting may carry arguments ("code --wait"), as git allows.
        process.arguments = ["-c", "\(editor) \"$1\"", "editor", path]
        do {
            try process.run()
        } catch {
            throw CLIError(.failure, "cannot start the editor '\(editor)': \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIError(
                .failure, "the editor '\(editor)' exited with status \(process.terminationStatus); nothing was changed")
        }
        let written = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        let text = written.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        return try nonEmpty(text)
    }

    static func nonEmpty(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CLIError(.failure, "aborted: the text is empty; nothing was changed") }
        return trimmed
    }
}

/// Sends a change built from a text; when the text came from the editor and the support desk
/// refuses it, the editor opens again with the text and the reason, until it is accepted or emptied.
func withEditorRetry<R>(
    _ text: Text, purpose: String, _ send: (String) async throws -> R
) async throws -> R {
    var value = text.value
    while true {
        do {
            return try await send(value)
        } catch let error as CLIError where text.fromEditor && error.exit == .refused {
            value = try Editor.ask(purpose: purpose, previous: value, problem: error.message)
        }
    }
}
