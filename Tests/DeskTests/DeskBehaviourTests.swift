import Contracts
import Foundation
import Testing

/// Exit codes for every class of error, the editor, credentials, and retries after a timeout.
@Suite("desk: exit codes, editor, credentials, retries", .serialized)
struct DeskBehaviourTests {
    @Test func exitCodesNameEachClassOfError() async throws {
        try await DeskSystem.withDesk { sys in
            let id = try await sys.openTicket(title: "Drucker druckt nicht")
            // 2: usage
            let usage = try await sys.desk(["list", "--limit", "0"])
            #expect(usage.status == 2)
            #expect(usage.stderr.contains("--limit"))
            #expect(try await sys.desk(["frobnicate"]).status == 2)
            #expect(try await sys.desk(["take", "zwölf"]).stderr.contains("'zwölf' is not a ticket id"))
            // 3: not found, and refused by the lifecycle
            let missing = try await sys.desk(["show", "999999"])
            #expect(missing.status == 3)
            #expect(missing.stderr.contains("there is no ticket #999999"))
            let refused = try await sys.desk(["close", "\(id)"])
            #expect(refused.status == 3, "\(refused.stderr)")
            #expect(refused.stderr.contains("#\(id)"))
            // 4: not permitted (a broker user who is no agent; a wrong password)
            try await sys.addUser("fremd-\(sys.vhost)", password: "geheim")
            let stranger = try await sys.desk(
                ["list"], environment: ["DESK_AGENT": "fremd-\(sys.vhost)", "DESK_PASSWORD": "geheim"])
            #expect(stranger.status == 4)
            #expect(stranger.stderr.contains("is not an agent"))
            let wrong = try await sys.desk(
                ["list"], environment: ["DESK_AGENT": "fremd-\(sys.vhost)", "DESK_PASSWORD": "falsch"])
            #expect(wrong.status == 4)
            #expect(wrong.stderr.contains("refused the login"))
            // 5: no answer
            await sys.stopSupportDesk()
            let silent = try await sys.desk(["show", "\(id)", "--timeout", "1"])
            #expect(silent.status == 5)
            #expect(silent.stderr.contains("did not answer"))
            #expect(!silent.stderr.contains("Fatal") && !silent.stderr.contains("Stack"))
        }
    }

    @Test func aChangeRepeatedAfterATimeoutActsOnce() async throws {
        try await DeskSystem.withDesk { sys in
            let id = try await sys.openTicket(title: "Tablet-Koffer lädt nicht")
            await sys.stopSupportDesk()
            let first = try await sys.desk(["reply", "\(id)", "-m", "Wir tauschen das Netzteil.", "--timeout", "1"])
            #expect(first.status == 5)
            #expect(first.stderr.contains("Repeating the command is safe"))
            try sys.startSupportDesk()
            // The first attempt waits in the queue; the retry carries the same message id.
            let again = try await sys.desk(["reply", "\(id)", "-m", "Wir tauschen das Netzteil.", "--timeout", "30"])
            #expect(again.status == 0, "\(again.stderr)")
            let shown = try await sys.desk(["show", "\(id)", "--json"])
            let details = try JSONDecoder().decode(SupportDesk.TicketDetails.self, from: Data(shown.stdout.utf8))
            #expect(details.history.filter { $0.action == "reply" }.count == 1)
            // A later identical reply is a new one.
            #expect(try await sys.desk(["reply", "\(id)", "-m", "Wir tauschen das Netzteil."]).status == 0)
            let later = try await sys.desk(["show", "\(id)", "--json"])
            let after = try JSONDecoder().decode(SupportDesk.TicketDetails.self, from: Data(later.stdout.utf8))
            #expect(after.history.filter { $0.action == "reply" }.count == 2)
        }
    }

    /// An editor script: replaces the text with the next line of `answers` (keeping the comment
    /// lines), and keeps a copy of what it was shown.
    func editor(_ sys: DeskSystem, answers: [String]) throws -> String {
        let dir = sys.directory
        try answers.joined(separator: "\n").appending("\n").write(
            toFile: "\(dir)/answers", atomically: true, encoding: .utf8)
        let script = """
            #!/bin/sh
            n=$(cat "\(dir)/count" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "\(dir)/count"
            cp "$1" "\(dir)/shown-$n"
            line=$(sed -n "${n}p" "\(dir)/answers")
            { printf '%s\\n' "$line"; grep '^#' "$1"; } > "$1.new" && mv "$1.new" "$1"
            """
        let path = "\(dir)/editor.sh"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        try? FileManager.default.removeItem(atPath: "\(dir)/count")
        return path
    }

    @Test func theEditorWritesTextsReopensRefusedOnesAndAnEmptyTextAborts() async throws {
        try await DeskSystem.withDesk { sys in
            let id = try await sys.openTicket(title: "Passwort für LOGINEO NRW vergessen")
            // A reply written in the editor (no -m, no text on standard input: the desk asks the editor).
            var script = try editor(sys, answers: ["Das Passwort wurde zurückgesetzt."])
            let written = try await sys.desk(["reply", "\(id)"], environment: ["EDITOR": script])
            #expect(written.status == 0, "\(written.stderr)")
            let shown = try String(contentsOfFile: "\(sys.directory)/shown-1", encoding: .utf8)
            #expect(shown.contains("# Your public reply to ticket #\(id)."))
            #expect(try await sys.desk(["show", "\(id)"]).stdout.contains("Das Passwort wurde zurückgesetzt."))

            // An empty text aborts without change (exit 1).
            script = try editor(sys, answers: [""])
            let empty = try await sys.desk(["note", "\(id)"], environment: ["EDITOR": script])
            #expect(empty.status == 1)
            #expect(empty.stderr.contains("aborted"))
            let details = try JSONDecoder().decode(
                SupportDesk.TicketDetails.self, from: Data(try await sys.desk(["show", "\(id)", "--json"]).stdout.utf8))
            #expect(!details.history.contains { $0.action == "note" })

            // A refused form opens again with the reason as a comment; emptying it then aborts.
            script = try editor(sys, answers: ["Neue Schule", ""])
            let refused = try await sys.desk(
                [
                    "open", "--school", "999999", "--title", "Gibt es nicht", "--category", "other", "--requester",
                    "A B <a@b.example>",
                ], environment: ["VISUAL": script])
            #expect(refused.status == 1)
            let second = try String(contentsOfFile: "\(sys.directory)/shown-2", encoding: .utf8)
            #expect(second.contains("# The support desk refused this text:"))
            #expect(second.contains("999999"))
            #expect(second.hasPrefix("Neue Schule"))
        }
    }

    @Test func credentialsComeFromTheConfigFileWithAPrivatePasswordFile() async throws {
        try await DeskSystem.withDesk { sys in
            let user = "agent-\(sys.vhost)"
            try await sys.addUser(user, password: "s3cret")
            let password = "\(sys.directory)/desk.password"
            try "s3cret\n".write(toFile: password, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: password)
            let config = "\(sys.directory)/desk.toml"
            try """
            # the desk's settings
            amqp_url = "amqp://127.0.0.1:\(sys.port)/\(sys.vhost)"
            agent = "\(user)"
            password_file = "\(password)"
            timeout = 20
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let open = try await sys.desk(["list", "--config", config], environment: ["RBN_AMQP_URL": ""])
            #expect(open.status == 2)
            #expect(open.stderr.contains("chmod 600"))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: password)
            // Connected as the user: the desk answers that they are no agent yet (exit 4), by name.
            let asUser = try await sys.desk(["list", "--config", config], environment: ["RBN_AMQP_URL": ""])
            #expect(asUser.status == 4)
            #expect(asUser.stderr.contains("\(user) is not an agent"))

            try "agent = 'single quotes'\n".write(toFile: config, atomically: true, encoding: .utf8)
            let bad = try await sys.desk(["list", "--config", config])
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("line 1"))
        }
    }
}
