import Foundation
import Messaging
import RBNTestSupport
import Testing

@Suite("RPC over direct reply-to")
struct RPCTests {
    @Test func roundTrip() async throws {
        let server = try await TestBroker.connect(name: "rpc-server")
        let client = try await TestBroker.connect(name: "rpc-client")
        defer {
            Task {
                await server.close(); await client.close()
            }
        }
        let queue = TestBroker.uniqueName("rpc")
        try await server.declare(Topology(queues: [.quorum(queue)]))
        let requests = try await server.consume(queue: queue, prefetch: 10)
        let serving = Task {
            for try await request in requests {
                let text = String(decoding: request.body, as: UTF8.self)
                try await server.reply(to: request, with: .text(text.uppercased()))
                try await requests.ack(request)
            }
        }
        defer { serving.cancel() }
        // Concurrent calls each get their own reply.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask {
                    let reply = try await client.call(
                        .text("schule \(i)"), exchange: "", routingKey: queue, timeout: 30)
                    #expect(String(decoding: reply.body, as: UTF8.self) == "SCHULE \(i)")
                }
            }
            try await group.waitForAll()
        }
        await requests.cancel()
        try await server.delete(queue: queue)
    }

    @Test(.hangGuard) func timesOutWithoutAResponder() async throws {
        let client = try await TestBroker.connect()
        defer { Task { await client.close() } }
        let queue = TestBroker.uniqueName("rpc-silent")
        try await client.declare(Topology(queues: [.quorum(queue)]))
        // The call ends on its deadline with a timeout instead of waiting forever (a hang would end
        // only at the test's hang guard).
        await #expect {
            _ = try await client.call(.text("hello?"), exchange: "", routingKey: queue, timeout: 0.5)
        } throws: { error in
            let e = error as? AMQPError
            return e?.code == .timeout && e?.isRetriable == true
        }
        try await client.delete(queue: queue)
    }

    @Test func unroutableRequestFailsAtOnce() async throws {
        let client = try await TestBroker.connect()
        defer { Task { await client.close() } }
        await #expect {
            _ = try await client.call(
                .text("anyone?"), exchange: "amq.direct", routingKey: TestBroker.uniqueName("none"),
                timeout: 30)
        } throws: { ($0 as? AMQPError)?.code == .unroutable }
    }
}
