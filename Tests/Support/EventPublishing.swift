import Contracts
import Foundation
import Messaging
import ServiceKit

extension AMQPConnection {
    /// Publishes an event on `rbn.events` as its service would, and publishes it again when the
    /// broker refused it or the connection was lost before the broker confirmed it.
    ///
    /// Tests side by side bind queues of their own to `rbn.events` and delete them when they end.
    /// A quorum queue that is being deleted while an event is routed to it makes the broker nack
    /// the publish (rabbitmq-server#15333), although every other queue took it, and RabbitMQ 3.10
    /// may close the publisher's connection with 541 INTERNAL_ERROR instead. A service's outbox
    /// publishes again in both cases (the client reconnects by itself); a test does the same here,
    /// and the inbox makes a second copy harmless.
    public func publishEvent(_ message: AMQPMessage, routingKey: String) async throws {
        let publish = AMQPPublish(exchange: RBNTopology.eventsExchange, routingKey: routingKey, message: message)
        try await Self.againWhenLost { try await self.publish(batch: [publish])[0].get() }
    }

    /// Runs `attempt` until it succeeds or fails for a reason other than a refused publish or a
    /// lost connection, for about 15 s at most (a loaded machine may take seconds to connect
    /// again): what a service does when the broker's hiccup is not what the test is about. A
    /// request sent again keeps its message id, so the service's inbox answers it once.
    public static func againWhenLost<T>(_ attempt: () async throws -> T) async throws -> T {
        var n = 1
        while true {
            do {
                return try await attempt()
            } catch let failure as AMQPError
                where n < 25 && [.nacked, .connectionLost, .notConnected].contains(failure.code)
            {
                try await Task.sleep(for: .milliseconds(min(50 * n, 1000)))
                n += 1
            }
        }
    }

    /// Publishes `envelope` on `rbn.events` under its type's routing key (see
    /// ``publishEvent(_:routingKey:)``).
    public func publishEvent<E: MessagePayload>(_ envelope: Envelope<E>) async throws {
        try await publishEvent(EnvelopeCodec.message(for: envelope), routingKey: E.messageType.eventRoutingKey)
    }

    /// Publishes `event` in a fresh envelope on `rbn.events` (see ``publishEvent(_:routingKey:)``).
    public func publishEvent<E: MessagePayload>(_ event: E) async throws {
        try await publishEvent(Envelope(event))
    }
}
