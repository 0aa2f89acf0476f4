import Foundation

/// Turns envelopes into message bodies and back. The AMQP side (a message with the properties
/// mirroring the attributes, and deliveries read back) is beside the client, in Messaging's
/// `EnvelopeCodec+AMQP.swift`: this module of plain message types does not link librabbitmq.
public enum EnvelopeCodec {
    /// Bodies larger than this are refused before parsing.
    public static let maximumBodySize = 1 << 20

    public static func encode<P>(_ envelope: Envelope<P>) throws -> Data {
        if let data = JSONStreamEncoder.encode(envelope.data) {
            return EnvelopeJSON.write(envelope.attributes, data: data)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return EnvelopeJSON.write(envelope.attributes, data: try encoder.encode(envelope.data))
    }

    /// Reads only the attributes of a message body, to decide what to do with it.
    public static func attributes(of body: Data, contentType: String? = nil) throws(ContractError) -> EnvelopeAttributes
    {
        try check(body, contentType: contentType)
        let scanned = try EnvelopeJSON.scan(body)
        return try EnvelopeAttributes { scanned.attributes[$0.rawValue] }
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
        let slice = body[(body.startIndex + range.lowerBound)..<(body.startIndex + range.upperBound)]
        do {
            // Foundation's decoder for whatever the token decoder leaves to it, errors included.
            data =
                try slice.withUnsafeBytes { JSONTokenDecoder.decode(P.self, from: $0) }
                ?? JSONDecoder().decode(P.self, from: slice)
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
