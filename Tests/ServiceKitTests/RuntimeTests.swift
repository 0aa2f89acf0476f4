import Contracts
import Foundation
import GRDB
import Glibc
import Messaging
import RBNTestSupport
import ServiceKit
import TestServiceKit
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The runtime in real processes on a real broker. Serialized: each test runs service processes,
/// and the machine has two cores.
@Suite("Service runtime", .serialized)
struct RuntimeTests {
    @Test(.hangGuard)
    func sameCommandThreeTimesHasOneEffectAndTheSameReply() async throws {
        try await Harness.with("idem") { h in
            try await h.startService()
            let command = try Harness.command("lemgo-1", id: "7f0c1d7e-0000-4000-8000-000000000001")
            var replies: [Data] = []
            for _ in 0..<3 { replies.append(try await h.call(command).body) }
            #expect(Set(replies).count == 1, "the retries got different replies")
            let reply = try EnvelopeCodec.decode(ItemAccepted.self, from: replies[0])
            #expect(reply.data.key == "lemgo-1")
            #expect(reply.attributes.causationID == "7f0c1d7e-0000-4000-8000-000000000001")
            #expect(try h.read(h.name) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM items") } == 1)

            // A refusal is answered the same way every time, and changes nothing.
            let refused = try Harness.command("refuse-me")
            let first = try await h.call(refused)
            let second = try await h.call(refused)
            #expect(first.type == "de.nrw.rbn.testsvc.request.failed.v1")
            #expect(first.body == second.body)
            let error = try JSONDecoder().decode(Envelope<ErrorReply>.self, from: first.body).data
            #expect(error.code == "conflict" && error.field == "key")
            #expect(try h.read(h.name) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM items") } == 1)

            // A command first sent without waiting for a reply keeps none; a retry that waits is told so.
            let quiet = try Harness.command("quiet-1")
            try await h.send([quiet])
            let retried = try await h.call(quiet)
            #expect(try JSONDecoder().decode(Envelope<ErrorReply>.self, from: retried.body).data.code == "duplicate")
            #expect(try h.read(h.name) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM items") } == 2)

            // Queries read without recording anything.
            let found = try await h.call(EnvelopeCodec.message(for: Envelope(GetItem(key: "lemgo-1"))))
            #expect(try EnvelopeCodec.decode(ItemAccepted.self, from: found.body).data.number == reply.data.number)
            let missing = try await h.call(EnvelopeCodec.message(for: Envelope(GetItem(key: "nowhere"))))
            #expect(try JSONDecoder().decode(Envelope<ErrorReply>.self, from: missing.body).data.code == "not-found")
        }
    }

    @Test(.hangGuard)
    func poisonEndsInTheDeadLetterQueueWithAReason() async throws {
        try await Harness.with("poison") { h in
            try await h.startService()
            let valid = try Harness.command("valid-a")
            var v2 = try Harness.command("v2")
            v2.body = Data(
                String(decoding: v2.body, as: UTF8.self).replacingOccurrences(
                    of: "item.create.v1", with: "item.create.v2"
                ).utf8)
            v2.properties.type = "de.nrw.rbn.testsvc.item.create.v2"
            var noID = try JSONSerialization.jsonObject(with: Harness.command("no-id").body) as! [String: Any]
            noID.removeValue(forKey: "id")
            let json = AMQPProperties(contentType: EnvelopeAttributes.contentType)
            var big = try Harness.command("big")
            big.body = Data(repeating: UInt8(ascii: " "), count: 10 << 20) + big.body
            try await h.send([
                valid,
                AMQPMessage(body: Data("{\"specversion\": \"1.0\", oops".utf8), properties: json),
                AMQPMessage(
                    body: try Harness.command("text").body, properties: AMQPProperties(contentType: "text/plain")),
                AMQPMessage(body: try JSONSerialization.data(withJSONObject: noID), properties: json),
                v2, big,
                try Harness.command("flaky-1"), try Harness.command("broken-1"),
                try Harness.command("valid-b"),
            ])
            let dead = Collector(try await h.connection.consume(queue: RBNTopology.deadQueue(h.name)))
            let letters = await dead.wait(for: 6, timeout: 60)
            let codes = letters.compactMap { $0.headers["x-rbn-dead-code"]?.stringValue }.sorted()
            #expect(
                codes == [
                    "gave-up", "malformed", "missing-attribute", "too-large", "unknown-version",
                    "unsupported-content-type",
                ])
            #expect(letters.allSatisfy { ($0.headers["x-rbn-dead-reason"]?.stringValue ?? "").count > 5 })
            #expect(
                letters.allSatisfy {
                    $0.headers["x-rbn-original-queue"]?.stringValue == RBNTopology.commandsQueue(h.name)
                })
            let keys = try h.read(h.name) { try String.fetchAll($0, sql: "SELECT key FROM items ORDER BY key") }
            #expect(keys == ["flaky-1", "valid-a", "valid-b"])
            await dead.stop()
        }
    }

    @Test(.hangGuard)
    func crashConsistencyUnderSIGKILL() async throws {
        try await Harness.with("crash") { h in
            try await h.startSink()
            try await h.startService()
            let total = 10_000
            let keys = (0..<total).map { "k\($0)" }
            let sending = Task { try await h.send(keys.map { try Harness.command($0) }) }
            var kills = 0
            while kills < 5 {
                try await Task.sleep(for: .milliseconds(Int.random(in: 150...700)))
                h.service?.signal(SIGKILL)
                _ = await h.service?.wait(timeout: 10)
                kills += 1
                try await h.startService()
            }
            try await sending.value
            let done = try await h.waitForSink(timeout: 180) {
                try Int.fetchOne($0, sql: "SELECT COUNT(DISTINCT key) FROM received") == total
            }
            #expect(done, "the sink did not receive every event: \(h.service?.tail() ?? "")")
            await h.service?.stop()
            await h.sink?.stop()
            let items = try h.read(h.name) { db in
                (
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items")!,
                    try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT key) FROM items")!
                )
            }
            let received = try h.read(h.sinkName) { db in
                (
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM received")!,
                    try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT key) FROM received")!
                )
            }
            #expect(kills >= 5)
            #expect(items.0 == total && items.1 == total, "items: \(items.0) rows, \(items.1) distinct")
            #expect(
                received.0 == total && received.1 == total, "events received: \(received.0), distinct \(received.1)")
            print(
                "crash consistency: \(total) commands, \(kills) SIGKILLs, \(items.0) rows, \(received.0) events received once"
            )
        }
    }

    @Test(.hangGuard)
    func sigtermUnderLoadExitsCleanlyAndLosesNothing() async throws {
        try await Harness.with("term") { h in
            try await h.startSink()
            try await h.startService()
            let total = 3000
            try await h.send((0..<total).map { try Harness.command("t\($0)") })
            try await Task.sleep(for: .milliseconds(300))
            // Exit code 0 is the clean stop on SIGTERM; a SIGKILL after the grace would be 137.
            let code = await h.service?.stop(grace: 60)
            #expect(code == 0, "exit code \(String(describing: code)): \(h.service?.tail() ?? "")")
            try await h.startService()
            let done = try await h.waitForSink(timeout: 120) {
                try Int.fetchOne($0, sql: "SELECT COUNT(DISTINCT key) FROM received") == total
            }
            #expect(done)
            await h.service?.stop()
            await h.sink?.stop()
            #expect(try h.read(h.name) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM items") } == total)
            #expect(try h.read(h.sinkName) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM received") } == total)
        }
    }

    @Test(.hangGuard)
    func healthAndMetricsEndpoints() async throws {
        try await Harness.with("http") { h in
            let port = Int.random(in: 20_000...29_999)
            try await h.startService(
                http: "127.0.0.1:\(port)", extra: ["RBN_LOG_FORMAT": "json", "RBN_LOG_LEVEL": "info"])
            _ = try await h.call(Harness.command("metrics-1"))
            func get(_ path: String) async throws -> (Int, String) {
                let (data, response) = try await URLSession.shared.data(
                    from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
                return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
            }
            #expect(try await get("/health/live").0 == 200)
            let ready = try await get("/health/ready")
            #expect(ready.0 == 200, "\(ready.1)")
            let metrics = try await get("/metrics").1
            #expect(
                metrics.contains(
                    "rbn_messages_consumed_total{service=\"\(h.name)\",type=\"de.nrw.rbn.testsvc.item.create.v1\",outcome=\"handled\"} 1"
                ))
            #expect(metrics.contains("rbn_handler_duration_seconds"))
            #expect(metrics.contains("rbn_messages_published_total"))

            // JSON log lines, one object each, with the broker URI but never its password.
            let lines = try String(contentsOfFile: h.service!.logPath, encoding: .utf8).split(separator: "\n")
            let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(!lines.isEmpty && objects.count == lines.count, "not every log line is a JSON object")
            #expect(objects.contains { $0["message"] as? String == "starting" && $0["amqp.uri"] != nil })
            #expect(!lines.contains { $0.contains("guest:guest") })
        }
    }

    @Test(.hangGuard)
    func brokerLossUnderLoadLosesNothingAndStopsCleanly() async throws {
        // A node of its own (the other suites keep theirs), restarted while commands flow.
        let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? "false"
        let port = Int(ProcessInfo.processInfo.environment["RBN_TEST_RUNTIME_BROKER_PORT"] ?? "") ?? 5695
        let env = [
            "RBN_BROKER_NAME": "rbn-runtime", "RBN_BROKER_PORT": "\(port)",
            "RBN_BROKER_DIR": FileManager.default.currentDirectoryPath + "/var/test-broker/rbn-runtime",
            "RBN_BROKER_TLS_PORT": "",
        ]
        // Broker control waits seconds: on threads of their own, never on the few that async code shares.
        _ = await Subprocess.run([ctl, "stop"], environment: env)
        try? FileManager.default.removeItem(atPath: env["RBN_BROKER_DIR"]!)
        let started = await Subprocess.run([ctl, "start"], environment: env)
        guard started.status == 0 else { throw TestSetupError("cannot start a broker: \(started.output)") }
        do {
            try await brokerLoss(ctl: ctl, port: port, env: env)
        } catch {
            _ = await Subprocess.run([ctl, "stop"], environment: env)
            throw error
        }
        _ = await Subprocess.run([ctl, "stop"], environment: env)
    }

    private func brokerLoss(ctl: String, port: Int, env: [String: String]) async throws {
        try await Harness.with("restart", uri: "amqp://guest:guest@127.0.0.1:\(port)", brokerEnvironment: env) { h in
            try await h.startSink()
            try await h.startService()
            let total = 3000
            let commands = try (0..<total).map { try Harness.command("r\($0)") }
            // The broker goes away under load; the services are stopped while it is gone.
            try await h.send(Array(commands.prefix(1500)))
            #expect(await Subprocess.run([ctl, "stop"], environment: env).status == 0)
            // Both stop on SIGTERM with the broker gone (0; a SIGKILL after the grace would be 137).
            #expect(await h.service?.stop(grace: 60) == 0, "\(h.service?.tail() ?? "")")
            #expect(await h.sink?.stop(grace: 60) == 0, "\(h.sink?.tail() ?? "")")
            // Back again: everything that was confirmed is handled exactly once.
            #expect(await Subprocess.run([ctl, "start"], environment: env).status == 0)
            try await h.startSink()
            try await h.startService()
            try await h.send(Array(commands.suffix(1500)))
            let done = try await h.waitForSink(timeout: 120) {
                try Int.fetchOne($0, sql: "SELECT COUNT(DISTINCT key) FROM received") == total
            }
            #expect(done, "not every event arrived: \(h.service?.tail() ?? "")")
            #expect(await h.service?.stop() == 0)
            #expect(await h.sink?.stop() == 0)
            #expect(try h.read(h.name) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM items") } == total)
            #expect(try h.read(h.sinkName) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM received") } == total)
        }
    }
}
