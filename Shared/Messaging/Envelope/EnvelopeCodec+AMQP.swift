import Contracts

/// Envelopes on the broker: the AMQP properties mirror the attributes (`message_id` = id, `type`,
/// `timestamp` = time, `content_type` = `application/cloudevents+json`, `app_id` = service,
/// `correlation_id`), and delivery is persistent.
extension EnvelopeCodec {
    /// The AMQP message that carries the envelope.
    public static func message<P>(for envelope: Envelope<P>) throws -> AMQPMessage {
        let a = envelope.attributes
        return AMQPMessage(
            body: try encode(envelope),
            properties: AMQPProperties(
                contentType: EnvelopeAttributes.contentType, persistent: true, correlationID: a.correlationID,
                messageID: a.id, timestamp: a.time, type: a.type, appID: a.service))
    }

    /// Only the attributes of a delivery, to decide what to do with it.
    public static func attributes(of delivery: AMQPDelivery) throws(ContractError) -> EnvelopeAttributes {
        try attributes(of: delivery.body, contentType: delivery.properties.contentType)
    }

    /// A whole delivery of a known payload type, checking that its type is exactly that one.
    public static func decode<P: MessagePayload>(
        _ type: P.Type, from delivery: AMQPDelivery
    ) throws(ContractError) -> Envelope<P> {
        try decode(type, from: delivery.body, contentType: delivery.properties.contentType)
    }
}
