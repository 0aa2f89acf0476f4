import Foundation
import Messaging

/// Turns envelopes into AMQP messages and back, with the AMQP properties mirroring the attributes:
/// `message_id`=id, `type`, `timestamp`=time, `content_type`=`application/cloudevents+json`,
/// `app_id`=service, `correlation_id`, persistent delivery.
public enum EnvelopeCodec {
    /// Bodies larger than this are refused before parsing.
    public static let maximumBodySize = 1 << 20

    public static func encode<P>(_ envelope: Envelope<P>) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return EnvelopeJSON.write(envelope.attributes, data: try encoder.encode(envelope.data))
    }

    /// The AMQP message that carries the envelope.
    public static func message<P>(for envelope: Envelope<P>) throws -> AMQPMessage {
        let a = envelope.attributes
        return AMQPMessage(
            body: try encode(envelope),
            properties: AMQPProperties(
                contentType: EnvelopeAttributes.contentType, persistent: true, correlationID: a.correlationID,
                messageID: a.id, timestamp: a.time, type: a.type, appID: a.service))
    }

    /// Reads only the attributes of a message body, to decide what to do with it.
    public static func attributes(of body: Data, contentType: String? = nil) throws(ContractError) -> EnvelopeAttributes
    {
        try check(body, contentType: contentType)
        let scanned = try EnvelopeJSON.scan(body)
        return try EnvelopeAttributes { scanned.attributes[$0.rawValue] }
    }

    public static func attributes(of delivery: AMQPDelivery) throws(ContractError) -> EnvelopeAttributes {
        try attributes(of: delivery.body, contentType: delivery.properties.contentType)
    }

    /// Decodes a whole message of a known payload type, checking that its type is exactly that one.
    public static func decode<P: MessagePayload>(
        _: P.Type, from body: Data,
        contentType: String? = nil
    ) throws(ContractError) -> Envelope<P> {
        try check(body, contentType: contentType)
        let scanned = try EnvelopeJSON.scan(body)
        let attributes = try EnvelopeAttributes { scanned.attributes[$0.rawValue] }
        guard let range = scanned.data else {
            throw ContractError(.invalidData, "\(attributes.type): 'data' is missing", field: "data")
        }
        let data: P
        do {
            data = try JSONDecoder().decode(
                P.self, from: body[(body.startIndex + range.lowerBound)..<(body.startIndex + range.upperBound)])
        } catch let error as DecodingError {
            throw ContractError.data(error, type: attributes.type, under: "data")
        } catch {
            throw ContractError(.invalidData, "\(attributes.type): data does not decode: \(error)", field: "data")
        }
        let envelope = Envelope(attributes: attributes, data: data)
        guard envelope.type == P.messageType.rawValue else {
            throw ContractError(
                .unexpectedType, "expected type '\(P.messageType)', got '\(envelope.type)'", field: "type")
        }
        return envelope
    }

    public static func decode<P: MessagePayload>(
        _ type: P.Type, from delivery: AMQPDelivery
    ) throws(ContractError) -> Envelope<P> {
        try decode(type, from: delivery.body, contentType: delivery.properties.contentType)
    }

    private static func check(_ body: Data, contentType: String?) throws(ContractError) {
        if let contentType, contentType != EnvelopeAttributes.contentType {
            let base = contentType.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            guard base == EnvelopeAttributes.contentType || base == "application/json" else {
                throw ContractError(
                    .unsupportedContentType,
                    "content type '\(contentType)' is not \(EnvelopeAttributes.contentType)")
            }
        }
        guard body.count <= maximumBodySize else {
            throw ContractError(.malformed, "the body has \(body.count) bytes; at most \(maximumBodySize) are accepted")
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, from body: Data) throws(ContractError) -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch let error as ContractError {
            throw error
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw ContractError(.malformed, "the body is not JSON: \(context.debugDescription)")
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw ContractError(.malformed, "the body is not a JSON object")
        } catch {
            throw ContractError(.malformed, "the body does not decode: \(error)")
        }
    }
}
