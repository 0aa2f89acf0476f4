import Foundation
import GRDB
import Messaging
import RBNTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// In the runtime's serialized suite: every test service emits the same event type, which another
// test's sink running at the same time would receive too.
extension RuntimeTests {
    /// A store that cannot write (disk full): the service holds the batch, says it is not ready,
    /// and commits the batch once the store writes again, with nothing dead-lettered or lost.
    @Test(.hangGuard)
    func theBatchWaitsForTheStoreAndNothingIsDeadLettered() async throws {
        try await Harness.with("outage") { h in
            let port = Int.random(in: 30_000...39_999)
            try await h.startService(http: "127.0.0.1:\(port)")
            func ready() async -> (Int, String) {
                guard
                    let (data, response) = try? await URLSession.shared.data(
                        from: URL(string: "http://127.0.0.1:\(port)/health/ready")!)
                else { return (0, "") }
                return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
            }
            /// Waits for the event (the suite's time limit ends a wait for one that never comes).
            func until(_ what: String, _ condition: () async throws -> Bool) async throws {
                let happened = try await eventually(every: .milliseconds(100), until: { $0 }) { try await condition() }
                guard happened else { throw TestSetupError("\(what) did not happen") }
            }
            func items() throws -> Int {
                try h.read(h.name) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM items") ?? 0 }
            }
            #expect(await ready().0 == 200)

            let marker = "\(h.directory)/outage"
            #expect(FileManager.default.createFile(atPath: marker, contents: nil))
            try await h.send([Harness.command("outage-1"), Harness.command("outage-2"), Harness.command("fine-1")])
            try await until("not ready") {
                let (status, body) = await ready()
                return status == 503 && body.contains("the store cannot write: full")
            }
            // Held through several attempts (well past the queue's delivery limit of 5): nothing
            // committed, nothing dead-lettered.
            try await Task.sleep(for: .seconds(6))
            #expect(try items() == 0)
            #expect(try await h.connection.depth(of: RBNTopology.deadQueue(h.name)).messages == 0)

            try FileManager.default.removeItem(atPath: marker)
            try await until("ready again") { await ready().0 == 200 }
            try await until("the held batch committed") { try items() == 3 }
            #expect(try await h.connection.depth(of: RBNTopology.deadQueue(h.name)).messages == 0)
            let log = try String(contentsOfFile: h.service!.logPath, encoding: .utf8)
            #expect(log.contains("the store cannot write; holding the batch"))
            #expect(log.contains("the store writes again"))
        }
    }
}
