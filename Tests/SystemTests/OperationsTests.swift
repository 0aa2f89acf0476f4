import Contracts
import Foundation
import RBNTestSupport
import Testing

/// `rbnctl status` and `rbnctl backup` against the real processes: every service answers with its
/// queues and outbox; a service that is down shows as such; a backup copy restores the store.
@Suite("rbnctl status and backup", .timeLimit(.minutes(4)))
struct OperationsTests {
    @Test func statusShowsEveryServiceAndOneThatIsDown() async throws {
        try await SystemUnderTest.with(services: ["support-desk", "training", "notification"]) { sys in
            var run = try sys.run("rbnctl", ["status", "--json"])
            for _ in 0..<40 where run.status == 5 {
                try await Task.sleep(for: .milliseconds(250))
                run = try sys.run("rbnctl", ["status", "--json"])
            }
            #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
            let statuses = try JSONDecoder().decode([Operations.ServiceStatus].self, from: Data(run.stdout.utf8))
            #expect(statuses.map(\.service) == ["registry", "supportdesk", "training", "notification"])
            for s in statuses {
                #expect(s.version == "0.9.0")
                #expect(s.queues.map(\.name).contains("\(s.service).commands"))
                #expect(s.queues.map(\.name).contains("\(s.service).dead"))
                #expect(s.storeBytes > 0)
            }

            await sys.stopService("training")
            let down = try sys.run("rbnctl", ["status", "--timeout", "2"])
            #expect(down.status == 5)
            let row = down.stdout.split(separator: "\n").first { $0.hasPrefix("training") }
            #expect(row?.contains("no answer") == true, "\(down.stdout)")
            #expect(down.stdout.split(separator: "\n").contains { $0.hasPrefix("registry") && $0.contains("0.9.0") })
        }
    }

    @Test func aBackupTakenWhileRunningRestoresTheStore() async throws {
        try await SystemUnderTest.with(services: []) { sys in
            let backup = try sys.run("rbnctl", ["backup", "registry", "--json"])
            #expect(backup.status == 0, "\(backup.stderr)")
            let made = try JSONDecoder().decode([Operations.BackupMade].self, from: Data(backup.stdout.utf8))
            let copy = try #require(made.first)
            #expect(copy.service == "registry" && copy.bytes > 0)
            #expect(copy.path.hasPrefix("\(sys.directory)/backups/registry-"))
            let check = Subprocess.run(["sqlite3", copy.path, "PRAGMA integrity_check"])
            #expect(check.output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")

            // A change after the backup, then the restore: stop, put the copy in place, start.
            let before = try sys.run("rbnctl", ["registry", "networks", "--json"]).stdout
            let added = try sys.run(
                "rbnctl",
                [
                    "registry", "network", "create", "--id", "nach-der-sicherung", "--name", "Nach der Sicherung",
                    "--region", "Kreis Lippe",
                ])
            #expect(added.status == 0, "\(added.stderr)")
            await sys.stopService("registry")
            let store = "\(sys.directory)/registry.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
            try FileManager.default.copyItem(atPath: copy.path, toPath: store)
            try sys.start("registry")
            let after = try await sys.retryWhileUnavailable(["registry", "networks", "--json"])
            #expect(after.status == 0)
            #expect(after.stdout == before, "the store is as it was at the backup")
            #expect(try sys.run("rbnctl", ["backup", "nobody"]).status == 2)
        }
    }
}
