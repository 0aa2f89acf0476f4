import Contracts
import Foundation
import Logging
import Messaging
import RBNTestSupport
import ServiceKit
import Testing

/// Issue 17 against the installation's own users, as `make run` has them: what an outsider with an
/// agent's login could do before, tried again. In the definitions' suite, which runs one
/// installation at a time.
extension BrokerDefinitionsTests {
    /// A dead letter as `rbnctl dlq list --json` shows it, with its seal.
    struct SealedLetter: Decodable {
        let messageID: String
        let reason: String
        let sender: String?
        let sealed: Bool
    }

    /// Finding 1 as it was reproduced, and finding 10: an agent publishes `registry.person.erased`
    /// to the support desk's commands with a forged sender header. Before, `dlq show` said "sent by
    /// registry" and a replay erased a requester. Now the desk refuses an event off `rbn.events`,
    /// the header is dropped, and a replay (by an rbnctl without `impersonator`) comes back the same.
    @Test func anAgentCannotForgeAnEventThroughAReplayAndTheBrokerBoundsEveryone() async throws {
        try await Self.installation { i in
            let sys = i.sys
            try i.start("support-desk", user: "supportdesk")
            let ctl = try i.cli("rbnctl")
            let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
            let desk = try await AMQPConnection.connect(
                AMQPConfiguration(uri: sys.brokerURL(user: i.prefix + "desk", password: try i.password("desk"))),
                logger: quiet)
            var forged = try EnvelopeCodec.message(
                for: Envelope(Registry.PersonErased(personID: "p-1", email: "anna.becker@schule.example")))
            forged.properties.headers[RBNTopology.deadSenderHeader] = .string(i.prefix + "registry")
            forged.properties.headers["x-rbn-original-exchange"] = .string(RBNTopology.eventsExchange)
            try await desk.publish(forged, exchange: RBNTopology.commandsExchange, routingKey: "supportdesk")
            await desk.close()
            let id = try #require(forged.properties.messageID)
            func letters(until done: ([SealedLetter]) -> Bool) async throws -> [SealedLetter] {
                let deadline = ContinuousClock.now + .seconds(60)
                while true {
                    let r = try await sys.run("rbnctl", ["dlq", "list", "supportdesk", "--json"], environment: ctl)
                    let list = (try? JSONDecoder().decode([SealedLetter].self, from: Data(r.stdout.utf8))) ?? []
                    if done(list) || ContinuousClock.now > deadline { return list }
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
            let first = try #require(
                try await letters { $0.contains { $0.messageID == id } }.first { $0.messageID == id })
            #expect(first.sender == nil, "the forged sender header survived: \(String(describing: first.sender))")
            #expect(first.sealed)
            #expect(
                first.reason
                    == "not-permitted: an event is taken only from rbn.events; 'de.nrw.rbn.registry.person.erased.v1' "
                    + "came through 'rbn.commands'")
            let show = try await sys.run("rbnctl", ["dlq", "show", "supportdesk", id], environment: ctl)
            #expect(show.stdout.contains("sent by     -") && !show.stdout.contains("sent by     \(i.prefix)registry"))

            let replay = try await sys.run("rbnctl", ["dlq", "replay", "supportdesk", id], environment: ctl)
            #expect(replay.status == 0, "\(replay.stdout) \(replay.stderr)")
            let again = try await letters { $0.contains { $0.messageID == id } }
            #expect(again.first { $0.messageID == id }?.sender == nil)
            #expect(again.first { $0.messageID == id }?.reason == first.reason)

            // Finding 10: rbnctl's user may not publish as anyone but itself, nor into a queue.
            let users = try await sys.ctl(["list_users", "--formatter", "json"])
            let rbnctl = try #require(
                (try JSONSerialization.jsonObject(with: Data(users.utf8)) as? [[String: Any]])?.first {
                    $0["user"] as? String == i.prefix + "rbnctl"
                })
            #expect((rbnctl["tags"] as? [Any])?.isEmpty == true, "\(rbnctl)")
            let asCtl = try await AMQPConnection.connect(
                AMQPConfiguration(uri: sys.brokerURL(user: i.prefix + "rbnctl", password: try i.password("rbnctl"))),
                logger: quiet)
            var impersonated = try EnvelopeCodec.message(for: Envelope(Registry.ListNetworks()))
            impersonated.properties.userID = i.prefix + "desk"
            await #expect(throws: AMQPError.self) {
                try await asCtl.publish(impersonated, exchange: RBNTopology.commandsExchange, routingKey: "supportdesk")
            }
            await asCtl.close()

            // Finding 3, the broker's part: queues have a byte limit, users a connection and channel limit.
            let policies = try await sys.ctl(["list_policies", "-p", sys.vhost, "--formatter", "json"])
            // The definition is JSON inside JSON: its quotes come escaped.
            #expect(policies.contains(#"max-length-bytes\":\#(BrokerDefinitions.maxQueueBytes)"#), "\(policies)")
            #expect(policies.contains(#"max-length-bytes\":\#(BrokerDefinitions.maxDeadQueueBytes)"#), "\(policies)")
            let limits = try await sys.ctl(["list_user_limits", "--user", i.prefix + "desk"])
            #expect(limits.contains("\"max-connections\":\(BrokerDefinitions.cliLimits.connections)"), "\(limits)")
            #expect(limits.contains("\"max-channels\":\(BrokerDefinitions.cliLimits.channels)"), "\(limits)")
            // One connection more than the limit is refused by the broker.
            var config = try AMQPConfiguration(
                uri: sys.brokerURL(user: i.prefix + "desk", password: try i.password("desk")))
            config.reconnectMaxDelay = 0.1
            var open: [AMQPConnection] = []
            for _ in 0..<BrokerDefinitions.cliLimits.connections {
                open.append(try await AMQPConnection.connect(config, logger: quiet))
            }
            await #expect(throws: AMQPError.self) {
                let extra = try await AMQPConnection.connect(config, logger: quiet)
                await extra.close()
            }
            for c in open { await c.close() }
        }
    }
}
