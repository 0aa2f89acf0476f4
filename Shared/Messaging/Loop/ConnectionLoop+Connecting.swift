import Foundation

// Connecting, reconnecting with backoff, and tearing down a lost connection; on the connection
// thread only.
extension ConnectionLoop {
    /// Connects to the next node, sets up the channels and resumes what the last connection had;
    /// on failure, the next attempt is scheduled (or the first connect fails).
    func attemptConnect() {
        let first = onFirstConnect != nil
        let endpoints = configuration.endpoints
        var node = configuration
        node.host = endpoints[endpoint % endpoints.count].host
        node.port = endpoints[endpoint % endpoints.count].port
        do {
            conn = try CConnection(configuration: node)
            try setUpChannels()
            try resumeAfterConnect()
        } catch let error as AMQPError {
            connectFailed(error, first: first)
            return
        } catch let failure as CFailure {
            connectFailed(failure.error, first: first)
            return
        } catch {
            connectFailed(AMQPError(.connectionFailed, "\(error)"), first: first)
            return
        }
        reconnectAttempt = 0
        triedInARow = 0
        setStatus(.connected)
        if let done = onFirstConnect {
            onFirstConnect = nil
            logger.info(
                "connected to the broker",
                metadata: ["amqp.uri": .string(configuration.redactedURI), "amqp.node": "\(node.host):\(node.port)"])
            done(.success(()))
        } else {
            logger.info(
                "reconnected to the broker",
                metadata: ["amqp.uri": .string(configuration.redactedURI), "amqp.node": "\(node.host):\(node.port)"])
        }
    }

    private func connectFailed(_ error: AMQPError, first: Bool) {
        conn?.abandon()
        conn = nil
        let nodes = configuration.endpoints.count
        endpoint = (endpoint + 1) % nodes
        triedInARow += 1
        if nodes > 1, triedInARow % nodes != 0 {
            // Another node of the cluster may answer: try it at once.
            logger.warning(
                "a broker node cannot be reached; trying the next", metadata: ["amqp.error": .string(error.description)]
            )
            nextReconnect = 0
            return
        }
        if first {
            running = false
            onFirstConnect?(.failure(error))
            onFirstConnect = nil
            return
        }
        reconnectAttempt += 1
        let delay = Backoff.delay(
            attempt: reconnectAttempt, initial: configuration.reconnectInitialDelay,
            maximum: configuration.reconnectMaxDelay)
        nextReconnect = Monotonic.after(delay)
        logger.warning(
            "reconnect failed, trying again",
            metadata: [
                "amqp.error": .string(error.description), "amqp.retry_in_s": .string(String(format: "%.2f", delay)),
            ])
    }

    private func setUpChannels() throws(CFailure) {
        guard let conn else { return }
        try conn.openChannel(Self.publishChannel)
        try conn.confirmSelect(Self.publishChannel)
        publisher.resetTags()
        try conn.openChannel(Self.controlChannel)
    }

    /// Declares the remembered topology again and restarts every consumer.
    private func resumeAfterConnect() throws(CFailure) {
        do {
            try declareOnControl(topology)
        } catch let failure {
            if case .connection = failure { throw failure }
            logger.error(
                "could not declare the topology again", metadata: ["amqp.error": .string(failure.error.description)])
        }
        for consumer in consumers.values.sorted(by: { $0.id < $1.id }) {
            if consumer.stopped {
                consumers[consumer.id] = nil
                continue
            }
            do {
                try startConsumer(consumer)
            } catch let failure {
                if case .connection = failure { throw failure }
                // A queue that exists but cannot take a consumer now (a quorum queue electing a
                // new leader after its node died; a timeout) is tried again with the whole
                // connection, after the backoff and on the next node; only a queue that is gone
                // or refused ends its consumer.
                if failure.error.isRetriable {
                    throw CFailure.connection(
                        AMQPError(
                            .connectionLost,
                            "could not resume the consumer of \(consumer.queue): \(failure.error.message)",
                            isRetriable: true))
                }
                logger.error(
                    "could not resume a consumer",
                    metadata: [
                        "amqp.queue": .string(consumer.queue), "amqp.error": .string(failure.error.description),
                    ])
                consumers[consumer.id] = nil
                consumer.finish(throwing: failure.error)
            }
        }
    }

    /// Tears down a lost connection: everything in flight fails as retriable; consumers wait to resume.
    func connectionLost(_ error: AMQPError) {
        guard running else { return }
        logger.warning("connection to the broker lost", metadata: ["amqp.error": .string(error.description)])
        conn?.abandon()
        conn = nil
        generation += 1
        // The node that was lost is likely down: the next attempt goes to another one.
        endpoint = (endpoint + 1) % configuration.endpoints.count
        setStatus(.reconnecting)
        let lost = AMQPError(
            .connectionLost, "the connection was lost before the broker confirmed: \(error.message)",
            isRetriable: true)
        publisher.failAll(lost)
        rpc.failAll(lost)
        rpc.channel = nil
        assembler.removeAll()
        for consumer in consumers.values { consumer.channel = nil }
        consumerByChannel.removeAll()
        freeChannels.removeAll()
        nextChannel = Self.firstConsumerChannel
        reconnectAttempt = 0
        nextReconnect = Monotonic.after(
            Backoff.delay(
                attempt: 0, initial: configuration.reconnectInitialDelay,
                maximum: configuration.reconnectMaxDelay))
    }
}

/// Exponential backoff with jitter.
enum Backoff {
    /// `initial × 2^attempt`, capped at `maximum`, then scaled by a random factor in [0.5, 1].
    static func delay(attempt: Int, initial: Double, maximum: Double) -> Double {
        let base = min(maximum, initial * pow(2, Double(min(attempt, 30))))
        return base * Double.random(in: 0.5...1)
    }
}
