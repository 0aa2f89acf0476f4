import Contracts
import Foundation

/// What became of a request that reached its service: the reply, or the service's refusal.
public enum RequestAnswer<R: MessagePayload & Sendable>: Sendable {
    case reply(R)
    case refused(ErrorReply)
}

/// Why a request got no answer from its service.
public struct RequestFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The service did not answer in time (it may not run); repeating the request is safe.
        case timeout
        /// No queue takes the service's requests on this broker.
        case unroutable
        /// The broker or the connection failed.
        case unavailable
        /// The request could not be encoded, or the reply not read.
        case unreadable
    }

    public let kind: Kind
    public let service: String
    public let description: String
}

extension AMQPConnection {
    /// Sends `payload` as a request (RPC over direct reply-to) to the service its type names, or to
    /// `routingKey`, as broker user `user`, and waits for the reply.
    ///
    /// Every request carries a message id; sending the same id again after a timeout is safe: the
    /// service's inbox answers with the first reply instead of acting twice.
    public func request<C: MessagePayload, R: MessagePayload & Sendable>(
        _ payload: C, expecting _: R.Type, user: String, id: String = MessageID.make(), routingKey: String? = nil,
        timeout: Double
    ) async throws(RequestFailure) -> RequestAnswer<R> {
        let service = routingKey ?? C.messageType.service
        var message: AMQPMessage
        do {
            message = try EnvelopeCodec.message(for: Envelope(payload, id: id))
            message.properties.userID = user
        } catch {
            throw RequestFailure(
                kind: .unreadable, service: service, description: "cannot encode the request: \(error)")
        }
        let reply: AMQPDelivery
        do {
            reply = try await call(
                message, exchange: RBNTopology.commandsExchange, routingKey: service, timeout: timeout)
        } catch {
            let kind: RequestFailure.Kind =
                switch error.code {
                case .timeout: .timeout
                case .unroutable: .unroutable
                default: .unavailable
                }
            throw RequestFailure(kind: kind, service: service, description: error.message)
        }
        if reply.properties.type == R.messageType.rawValue {
            do {
                return .reply(try EnvelopeCodec.decode(R.self, from: reply).data)
            } catch {
                throw RequestFailure(
                    kind: .unreadable, service: service, description: "the reply cannot be read: \(error.message)")
            }
        }
        guard let refusal = try? JSONDecoder().decode(Envelope<ErrorReply>.self, from: reply.body).data else {
            throw RequestFailure(
                kind: .unreadable, service: service,
                description: "an unexpected reply of type \(reply.properties.type ?? "none")")
        }
        return .refused(refusal)
    }
}
