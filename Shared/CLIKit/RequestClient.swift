import Contracts
import Foundation
import Logging
import Messaging

/// Sends commands and queries to a service over the broker (RPC with direct reply-to) and turns
/// the answer into the reply type or a ``CLIError`` with the right exit code.
///
/// Every request carries a message id; sending the same id again after a timeout is safe: the
/// service's inbox answers with the first reply instead of acting twice.
public final class RequestClient: Sendable {
    public let connection: AMQPConnection
    public let timeout: Double
    /// The broker user, sent as the AMQP `user_id` of every request: who the services see.
    public let user: String
    /// Routing key by service, where a service runs under another name (tests); else the service's name.
    private let routes: [String: String]
    /// Told the id of every request sent.
    private let onRequest: (@Sendable (String) -> Void)?

    private init(
        connection: AMQPConnection, user: String, timeout: Double, routes: [String: String],
        onRequest: (@Sendable (String) -> Void)?
    ) {
        self.connection = connection
        self.user = user
        self.timeout = timeout
        self.routes = routes
        self.onRequest = onRequest
    }

    /// Connects to the broker; a broker that is not there is ``CLIError/Exit/unavailable``.
    public static func connect(
        url: String, clientName: String, timeout: Double, routes: [String: String] = [:],
        onRequest: (@Sendable (String) -> Void)? = nil
    ) async throws(CLIError) -> RequestClient {
        let config: AMQPConfiguration
        do {
            config = try AMQPConfiguration(uri: url)
        } catch {
            throw CLIError(.usage, "the broker URL is not valid: \(error.message)")
        }
        return try await connect(config, clientName: clientName, timeout: timeout, routes: routes, onRequest: onRequest)
    }

    /// Connects with a configuration built by the caller (credentials from a file, say).
    public static func connect(
        _ configuration: AMQPConfiguration, clientName: String, timeout: Double, routes: [String: String] = [:],
        onRequest: (@Sendable (String) -> Void)? = nil
    ) async throws(CLIError) -> RequestClient {
        var config = configuration
        config.clientName = clientName
        config.connectionTimeout = min(timeout, 5)
        config.rpcTimeout = timeout
        let quiet = Logger(label: clientName) { _ in SwiftLogNoOpLogHandler() }
        do {
            return RequestClient(
                connection: try await AMQPConnection.connect(config, logger: quiet), user: config.user,
                timeout: timeout,
                routes: routes,
                onRequest: onRequest)
        } catch {
            if error.code == .accessRefused {
                throw CLIError(
                    .notPermitted,
                    "the broker at \(config.redactedURI) refused the login of '\(config.user)': "
                        + "check the user name and password (or ask an operator for an account)")
            }
            throw CLIError(
                .unavailable,
                "cannot reach the broker at \(config.redactedURI): \(error.message). Is it running? ('make run' starts one)"
            )
        }
    }

    public func close() async { await connection.close() }

    /// Runs `body` with this client and closes it afterwards, whether `body` returned or threw.
    public func closing<T>(after body: (RequestClient) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }

    /// Sends `payload` to its service (or to `service`, for messages every service answers) and
    /// returns the reply.
    public func request<C: MessagePayload, R: MessagePayload>(
        _ payload: C, expecting _: R.Type, id: String = MessageID.make(), to target: String? = nil
    ) async throws(CLIError) -> R {
        let service = target ?? C.messageType.service
        onRequest?(id)
        let answer: RequestAnswer<R>
        do {
            answer = try await connection.request(
                payload, expecting: R.self, user: user, id: id, routingKey: routes[service] ?? service, timeout: timeout
            )
        } catch {
            switch error.kind {
            case .timeout:
                throw CLIError(
                    .unavailable,
                    "\(service) did not answer within \(Int(timeout)) s; is it running? Repeating the command is safe.")
            case .unroutable:
                throw CLIError(.unavailable, "\(service) has no queue on this broker yet; start it first")
            case .unavailable:
                throw CLIError(.unavailable, "the request to \(service) failed: \(error.description)")
            case .unreadable:
                throw CLIError(.failure, "\(service): \(error.description)")
            }
        }
        switch answer {
        case .reply(let reply): return reply
        case .refused(let refusal):
            let field = refusal.field.map { " (\($0))" } ?? ""
            let exit: CLIError.Exit = refusal.code == "not-permitted" ? .notPermitted : .refused
            throw CLIError(exit, "\(refusal.message)\(field) [\(refusal.code)]", code: refusal.code)
        }
    }
}
