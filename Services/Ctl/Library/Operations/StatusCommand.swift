import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// `rbnctl status`: every service's version, health, start, queue depths, outbox backlog, dead
/// letters and store size, asked over the broker (so it works from any host that reaches it).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Every service's version, health, queues, outbox backlog, dead letters and store size.",
        discussion: """
            HEALTH is 'ready', or what keeps the service from being ready (as its /health/ready says). \
            Exits with 5 when a service does not answer, 1 when one is not ready or holds dead letters.
            """)
    @OptionGroup var common: Common

    func run() async throws {
        var answers: [(String, Result<Operations.ServiceStatus, CLIError>)] = []
        let client = try await common.broker.client("rbnctl")
        for service in Operations.services {
            do {
                answers.append(
                    (
                        service,
                        .success(
                            try await client.request(
                                Operations.GetStatus(), expecting: Operations.ServiceStatus.self, to: service))
                    ))
            } catch {
                answers.append((service, .failure(error)))
            }
        }
        await client.close()
        let statuses = answers.compactMap { try? $0.1.get() }
        if common.json {
            try printJSON(statuses)
        } else {
            var t = Table(
                "SERVICE", "VERSION", "HEALTH", "UP SINCE", "COMMANDS", "EVENTS", "DEAD", "OUTBOX", "STORE")
            for (service, result) in answers {
                switch result {
                case .success(let s):
                    func depth(_ suffix: String) -> String {
                        s.queues.first { $0.name.hasSuffix(suffix) }.map {
                            "\($0.messages)" + ($0.consumers == 0 && suffix != ".dead" ? " (no consumer)" : "")
                        } ?? "–"
                    }
                    let health = s.problems.map { $0.isEmpty ? "ready" : $0.joined(separator: "; ") } ?? "–"
                    t.add(
                        service, s.version, health, s.startedAt, depth(".commands"), depth(".events"),
                        "\(s.deadLetters)", "\(s.outboxBacklog)", Self.size(s.storeBytes))
                case .failure(let e):
                    t.add(service, "no answer", e.message, "", "", "", "", "", "")
                }
            }
            print(t.render())
        }
        if statuses.count < answers.count { throw ExitCode(CLIError.Exit.unavailable.rawValue) }
        if statuses.contains(where: { $0.deadLetters > 0 || $0.problems?.isEmpty == false }) {
            throw ExitCode(CLIError.Exit.failure.rawValue)
        }
    }

    /// `1.3 GB`, `412 kB`.
    static func size(_ bytes: Int) -> String {
        ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .file)
    }
}

/// `rbnctl backup [SERVICE…]`: each service writes a consistent online copy of its own store.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Have each service write a consistent copy of its store, while it keeps working.",
        discussion: """
            Each copy is written by the service on its own host: <data dir>/backups/<service>-<time>.sqlite, \
            or under --directory. To restore: stop the service, replace <service>.sqlite with the copy (and \
            remove <service>.sqlite-wal and -shm), start it; messages since the copy are not in it (see \
            docs/operations.md).
            """)
    @OptionGroup var common: Common
    @Argument(help: "Services (registry, supportdesk, training, notification); none for all.")
    var services: [String] = []
    @Option(help: "A directory on the services' host instead of <data dir>/backups.") var directory: String?

    func validate() throws {
        for s in services where !Operations.services.contains(s) {
            throw ValidationError("no service '\(s)'; there are \(Operations.services.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let made = try await withClient(common.broker) { client in
            var made: [Operations.BackupMade] = []
            for service in services.isEmpty ? Operations.services : services {
                made.append(
                    try await client.request(
                        Operations.BackupStore(directory: directory), expecting: Operations.BackupMade.self,
                        to: service))
            }
            return made
        }
        if common.json { return try printJSON(made) }
        var t = Table("SERVICE", "COPY", "SIZE")
        for m in made { t.add(m.service, m.path, StatusCommand.size(m.bytes)) }
        print(t.render())
    }
}
