import ArgumentParser
import CLIKit
import Contracts
import Foundation
import Messaging
import Synchronization

/// `rbnctl dlq list|show|replay|purge SERVICE`: the messages a service could not handle.
struct DeadLetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq", abstract: "A service's dead letters: list, show, replay, purge.",
        subcommands: [List.self, Show.self, Replay.self, Purge.self])

    static func validate(_ service: String) throws {
        guard Operations.services.contains(service) else {
            throw ValidationError("no service '\(service)'; there are \(Operations.services.joined(separator: ", "))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The dead letters, oldest first, with the reason.")
        @OptionGroup var common: Common
        @Argument(help: "registry, supportdesk, training or notification.") var service: String
        @Option(help: "How many at most.") var limit: Int = 100

        func validate() throws { try DeadLetterCommand.validate(service) }

        func run() async throws {
            let letters = try await DeadLetters.peek(common.broker, service: service, limit: limit)
            if common.json { return try printJSON(letters.map(DeadLetter.init)) }
            guard !letters.isEmpty else { return print("no dead letters in \(service).dead") }
            var t = Table("MESSAGE ID", "TYPE", "FROM", "REASON")
            for d in letters.map(DeadLetter.init) { t.add(d.messageID, d.type, d.queue, d.reason) }
            print(t.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One dead letter: its headers and body.")
        @OptionGroup var common: Common
        @Argument(help: "registry, supportdesk, training or notification.") var service: String
        @Argument(help: "The message id.") var id: String

        func validate() throws { try DeadLetterCommand.validate(service) }

        func run() async throws {
            let letters = try await DeadLetters.peek(common.broker, service: service, limit: 10_000)
            guard let d = letters.first(where: { $0.properties.messageID == id }).map(DeadLetter.init) else {
                throw CLIError(.refused, "no dead letter \(id) in \(service).dead")
            }
            if common.json { return try printJSON(d) }
            print(
                "message id  \(d.messageID)\ntype        \(d.type)\nfrom        \(d.queue)\nsent by     \(d.sender ?? "-")\n"
                    + "reason      \(d.reason)\n")
            print(d.body)
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send dead letters back to the queue they came from, with their message id.",
            discussion: """
                The message id stays, so a service that had handled the message after all drops it as a \
                repeat. Replay after fixing what made it fail; a message that fails again returns here. \
                The service takes each letter's sender from the seal it put on it when it dead-lettered it; \
                a letter the broker dead-lettered itself (delivery limit) has none and is not replayed.
                """)
        @OptionGroup var common: Common
        @Argument(help: "registry, supportdesk, training or notification.") var service: String
        @Argument(help: "Message ids; none with --all.") var ids: [String] = []
        @Flag(help: "Every dead letter of the service.") var all = false

        func validate() throws {
            try DeadLetterCommand.validate(service)
            guard all != !ids.isEmpty else { throw ValidationError("give message ids or --all, not both or neither") }
        }

        func run() async throws {
            let result = try await DeadLetters.replay(common.broker, service: service, ids: all ? nil : Set(ids))
            if common.json { try printJSON(result) } else { print("\(result.replayed.count) dead letter(s) replayed") }
            if !result.unsealed.isEmpty {
                throw CLIError(
                    .refused,
                    "not replayed, as the broker dead-lettered them itself (delivery limit) and no service vouches "
                        + "for their sender; ask the sender to send them again: "
                        + result.unsealed.sorted().joined(separator: ", "))
            }
            if !all, result.replayed.count < ids.count {
                let missing = Set(ids).subtracting(result.replayed)
                throw CLIError(.refused, "not in \(service).dead: \(missing.sorted().joined(separator: ", "))")
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete every dead letter of a service, for good.")
        @OptionGroup var common: Common
        @Argument(help: "registry, supportdesk, training or notification.") var service: String
        @Flag(help: "Yes, delete them.") var yes = false

        func validate() throws {
            try DeadLetterCommand.validate(service)
            guard yes else { throw ValidationError("purging deletes the dead letters for good: add --yes") }
        }

        func run() async throws {
            let count = try await withClient(common.broker) { client in
                do throws(AMQPError) {
                    return try await client.connection.purge(queue: RBNTopology.deadQueue(service))
                } catch {
                    throw CLIError(.unavailable, "cannot purge \(service).dead: \(error.message)")
                }
            }
            if common.json { return try printJSON(["purged": count] as [String: Int]) }
            print("\(count) dead letter(s) deleted")
        }
    }
}

/// A dead letter as `rbnctl` shows it.
struct DeadLetter: Codable {
    var messageID: String
    var type: String
    /// The queue it was dead-lettered from.
    var queue: String
    /// Who sent it (the AMQP `user_id`), when it said.
    var sender: String?
    /// The service that dead-lettered it sealed it: it can be replayed, as its sender.
    var sealed: Bool
    var reason: String
    var body: String

    init(_ d: AMQPDelivery) {
        let death = d.deaths.first
        messageID = d.properties.messageID ?? "-"
        type = d.properties.type ?? "-"
        queue =
            (d.headers["x-death"] == nil ? d.headers["x-rbn-original-queue"]?.stringValue : nil)
            ?? death?["queue"]?.stringValue ?? "-"
        // A letter the broker dead-lettered itself (x-death: the delivery limit) carries the
        // original's headers, whatever its sender put there: only its broker-checked user_id
        // counts. A letter a service dead-lettered has headers the runtime wrote, all of them.
        sender =
            d.headers["x-death"] == nil
            ? d.headers[RBNTopology.deadSenderHeader]?.stringValue : d.properties.userID
        sealed = d.headers["x-death"] == nil && d.headers["x-rbn-seal"] != nil
        if let code = d.headers["x-rbn-dead-code"]?.stringValue {
            reason = "\(code): \(d.headers["x-rbn-dead-reason"]?.stringValue ?? "")"
        } else {
            reason = death?["reason"]?.stringValue.map { $0 == "delivery_limit" ? "delivery limit reached" : $0 } ?? "-"
        }
        body = String(decoding: d.body, as: UTF8.self)
    }
}

/// Reading and moving dead letters with the CLI's own connection (its user may read the
/// dead-letter queues and publish to `rbn.commands`; a replayed letter keeps its sender by its seal).
enum DeadLetters {
    /// Takes up to `limit` dead letters, runs `body` on them, and returns to the queue every one
    /// `body` did not settle (in order).
    static func withLetters<T>(
        _ broker: BrokerOptions, service: String, limit: Int,
        _ body: (AMQPConnection, AMQPConsumer, [AMQPDelivery]) async throws -> T
    ) async throws -> T {
        try await withClient(broker) { client in
            let queue = RBNTopology.deadQueue(service)
            let consumer: AMQPConsumer
            do throws(AMQPError) {
                consumer = try await client.connection.consume(queue: queue, prefetch: UInt16(min(limit, 1000)))
            } catch {
                throw CLIError(
                    error.code == .accessRefused ? .notPermitted : .unavailable,
                    "cannot read \(queue): \(error.message)")
            }
            // The queue is empty, or read as far as the prefetch allows, when nothing more arrives
            // for a moment; stopping ends the sequence but keeps the channel for the acks.
            let lastArrival = Mutex(ContinuousClock.now)
            let watcher = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    if ContinuousClock.now - lastArrival.withLock({ $0 }) > .milliseconds(1200) {
                        consumer.stopConsuming()
                        return
                    }
                }
            }
            var letters: [AMQPDelivery] = []
            do {
                for try await d in consumer {
                    letters.append(d)
                    lastArrival.withLock { $0 = ContinuousClock.now }
                    if letters.count >= limit { break }
                }
            } catch {
                watcher.cancel()
                throw CLIError(.unavailable, "reading \(queue) failed: \(error)")
            }
            watcher.cancel()
            consumer.stopConsuming()
            let result = try await body(client.connection, consumer, letters)
            await consumer.cancel()
            return result
        }
    }

    static func peek(_ broker: BrokerOptions, service: String, limit: Int) async throws -> [AMQPDelivery] {
        try await withLetters(broker, service: service, limit: limit) { _, consumer, letters in
            if let last = letters.last { try? await consumer.nack(last, multiple: true, requeue: true) }
            return letters
        }
    }

    /// Republishes the chosen dead letters (all when `ids` is nil) through `rbn.commands` to the
    /// service that wrote them and acknowledges each once the broker confirmed it; returns their
    /// message ids. The service takes a letter's original sender from its seal; a letter without
    /// one (the broker dead-lettered it itself) is left where it is: nobody could vouch for its sender.
    static func replay(_ broker: BrokerOptions, service: String, ids: Set<String>?) async throws -> Replayed {
        try await withLetters(broker, service: service, limit: 10_000) { connection, consumer, letters in
            var result = Replayed()
            for d in letters {
                let letter = DeadLetter(d)
                guard ids?.contains(letter.messageID) ?? true else {
                    try? await consumer.nack(d, requeue: true)
                    continue
                }
                guard letter.sealed else {
                    result.unsealed.append(letter.messageID)
                    try? await consumer.nack(d, requeue: true)
                    continue
                }
                var properties = d.properties
                // rbnctl's own user_id (the broker allows no other); the seal carries the sender.
                properties.userID = nil
                for h in [
                    "x-death", "x-first-death-exchange", "x-first-death-queue", "x-first-death-reason",
                    "x-last-death-exchange", "x-last-death-queue", "x-last-death-reason", "x-delivery-count",
                ] { properties.headers[h] = nil }
                do throws(AMQPError) {
                    try await connection.publish(
                        AMQPMessage(body: d.body, properties: properties), exchange: RBNTopology.commandsExchange,
                        routingKey: service)
                    try await consumer.ack(d)
                    result.replayed.append(letter.messageID)
                } catch {
                    try? await consumer.nack(d, requeue: true)
                    throw CLIError(
                        .unavailable, "cannot replay \(letter.messageID) to \(service): \(error.message)")
                }
            }
            return result
        }
    }

    /// What a replay did.
    struct Replayed: Codable {
        var replayed: [String] = []
        /// Letters the broker dead-lettered itself, so without a service's seal: not replayed.
        var unsealed: [String] = []
    }
}
