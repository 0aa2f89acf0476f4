import Foundation
import ServiceKit
import Testing

@Suite("Service settings")
struct SettingsTests {
    @Test func defaults() async throws {
        let s = try await ServiceSettings.load(arguments: ["svc"], environment: [:], defaultHTTPPort: 9101)
        #expect(s.amqp.host == "127.0.0.1" && s.amqp.port == 5672)
        #expect(s.dataDirectory == "var/data" && s.httpAddress == "127.0.0.1:9101")
        #expect(s.logFormat == .text && s.synchronous == .normal && s.prefetch == 100)
        // Requests from rbnctl's user; each service's events from the user of its name.
        #expect(s.operators == ["rbnctl"] && s.publishers == EventPublishers())
    }

    @Test func whoMaySendAndPublish() async throws {
        let s = try await ServiceSettings.load(
            arguments: ["svc"],
            environment: ["RBN_OPERATORS": "rbnctl, ops-anna,", "RBN_PUBLISHERS": "supportdesk=rbn-desk-service"],
            defaultHTTPPort: 1)
        #expect(s.operators == ["rbnctl", "ops-anna"])
        #expect(s.publishers.users == ["supportdesk": "rbn-desk-service"] && !s.publishers.anyone)
        let shared = try await ServiceSettings.load(
            arguments: ["svc"], environment: ["RBN_PUBLISHERS": "*"], defaultHTTPPort: 1)
        #expect(shared.publishers.anyone)
    }

    @Test func environmentAndFlagsWithFlagsFirst() async throws {
        let env = [
            "RBN_AMQP_URL": "amqp://svc:pw@broker:5673/rbn", "RBN_DB_SYNC": "full", "RBN_PREFETCH": "50",
            "RBN_LOG_FORMAT": "json",
        ]
        let s = try await ServiceSettings.load(
            arguments: ["svc", "--prefetch", "20", "--data-dir=/srv/rbn"], environment: env, defaultHTTPPort: 1)
        #expect(s.amqp.user == "svc" && s.amqp.host == "broker" && s.amqp.virtualHost == "rbn")
        #expect(s.synchronous == .full && s.logFormat == .json)
        #expect(s.prefetch == 20 && s.dataDirectory == "/srv/rbn")
    }

    @Test func configurationFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-\(UUID().uuidString).json")
        try Data(#"{"data": {"dir": "/from/file"}, "prefetch": "7"}"#.utf8).write(to: file)
        // It may hold the broker's password: readable by others, it is refused.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        await #expect {
            _ = try await ServiceSettings.load(arguments: ["svc", "--config", file.path], defaultHTTPPort: 1)
        } throws: { "\($0)".contains("chmod 600 \(file.path)") }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let s = try await ServiceSettings.load(
            arguments: ["svc", "--config", file.path], environment: ["RBN_PREFETCH": "9"], defaultHTTPPort: 1)
        #expect(s.dataDirectory == "/from/file")
        #expect(s.prefetch == 9)
    }

    @Test(arguments: [
        (["svc", "--nope"], [String: String](), "unknown option --nope"),
        (["svc"], ["RBN_DB_SYNC": "sometimes"], "db.sync"),
        (["svc"], ["RBN_PREFETCH": "0"], "prefetch"),
        (["svc"], ["RBN_LOG_FORMAT": "xml"], "log.format"),
        (["svc"], ["RBN_HTTP_ADDR": "localhost"], "http.addr"),
        (["svc"], ["RBN_AMQP_URL": "http://x"], "amqp.url"),
        (["svc"], ["RBN_PUBLISHERS": "supportdesk"], "publishers: 'supportdesk' is not service=user"),
        (["svc"], ["RBN_PUBLISHERS": "=x"], "publishers"),
        (["svc", "--config", "/nonexistent.json"], [:], "/nonexistent.json"),
    ])
    func badSettingsNameTheKey(arguments: [String], environment: [String: String], mentions: String) async {
        await #expect {
            _ = try await ServiceSettings.load(arguments: arguments, environment: environment, defaultHTTPPort: 1)
        } throws: { "\($0)".contains(mentions) }
    }

    @Test func passwordStaysOutOfErrors() async {
        await #expect {
            _ = try await ServiceSettings.load(
                arguments: ["svc"], environment: ["RBN_AMQP_URL": "amqp://u:hunter2@h:0"],
                defaultHTTPPort: 1)
        } throws: { !"\($0)".contains("hunter2") }
    }

    @Test func helpListsEveryKey() {
        let help = ServiceSettings.help(service: "registry", summary: "networks", defaultHTTPPort: 9101)
        for key in ServiceSettings.keys(defaultHTTPPort: 9101) {
            #expect(help.contains(key.flag) && help.contains(key.environment))
        }
    }
}
