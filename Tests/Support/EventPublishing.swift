import Contracts
import Foundation
import Messaging
import ServiceKit

extension AMQPConnection {
    /// Publishes an event on `rbn.events` as its service would, and publishes it again when the
    /// broker refuses it.
    ///
    /// Tests side by side bind queues of their own to `rbn.events` and delete them when they end.
    /// A quorum queue that is being deleted while an event is routed to it makes the broker nack
    /// the publish (rabbitmq-server#15333), although every other queue took it. A service's outbox
    /// publishes again in that case; a test does the same here, and the inbox makes the second copy
    /// harmless.
    public func publishEvent(_ message: AMQPMessage, routingKey: String) async throws {
        let publish = AMQPPublish(exchange: RBNTopology.eventsExchange, routingKey: routingKey, message: message)
        for attempt in 1...10 {
            let result = await self.publish(batch: [publish])[0]
            guard case .failure(let error) = result, error.code == .nacked, attempt < 10 else {
                return try result.get()
            }
            try await Task.sleep(for: .milliseconds(50 * attempt))
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
