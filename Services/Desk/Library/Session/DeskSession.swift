import CLIKit
import Contracts
import Foundation
import Messaging

/// One connection to the support desk for one command: queries, and changes that carry an
/// idempotency key (see ``PendingRequests``).
struct DeskSession {
    let client: RequestClient
    let config: DeskConfig
    private let pending = PendingRequests()

    var agent: String { config.agent }

    /// Connects, runs `body`, and closes the connection whatever happens.
    static func run<T>(_ options: DeskOptions, _ body: (DeskSession) async throws -> T) async throws -> T {
        let config = try DeskConfig.resolve(options)
        let client = try await RequestClient.connect(config.broker, clientName: "desk", timeout: config.timeout)
        return try await client.closing { try await body(DeskSession(client: $0, config: config)) }
    }

    func query<Q: MessagePayload, R: MessagePayload>(_ q: Q, _: R.Type) async throws(CLIError) -> R {
        try await client.request(q, expecting: R.self)
    }

    /// Sends a change; repeating it after a timeout reuses the first attempt's message id.
    func change<C: MessagePayload, R: MessagePayload>(_ c: C, _: R.Type) async throws(CLIError) -> R {
        let key = Self.key(agent: agent, c)
        let id = pending.id(for: key) { MessageID.make() }
        do {
            let reply = try await client.request(c, expecting: R.self, id: id)
            pending.answered(key)
            return reply
        } catch {
            if error.exit != .unavailable { pending.answered(key) }
            throw error
        }
    }

    /// The agent, the message type and the payload as canonical JSON.
    static func key<C: MessagePayload>(agent: String, _ c: C) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(c)).map { String(decoding: $0, as: UTF8.self) } ?? UUID().uuidString
        return "\(agent) \(C.messageType.rawValue) \(json)"
    }
}
