import Foundation

extension ConnectionLoop {
    /// Carries out one request on the live connection. Throws only when the connection is lost, and
    /// then only after the request was completed (a failure) or handed to what the loss fails (the
    /// publisher's and the RPC calls' waiters): no caller is left waiting.
    func handle(_ request: LoopRequest) throws(CFailure) {
        guard let conn else { return request.fail(AMQPError(.notConnected, "not connected to the broker")) }
        switch request {
        case .declare(let t, let done):
            try completing(done) { () throws(CFailure) in
                try control { () throws(CFailure) in
                    try declareOnControl(t)
                    topology = topology.merged(with: t)
                }
            }
        case .publish(let items, let waiter):
            publisher.enqueue(items, waiter: waiter, timeout: configuration.publishTimeout)
        case .consume(let consumer, let done):
            do {
                try startConsumer(consumer)
                consumers[consumer.id] = consumer
                done(.success(consumer.tag))
            } catch let failure {
                if case .connection = failure { done(.failure(failure.error)); throw failure }
                done(.failure(failure.error))
            }
        case .cancel(let id, let done):
            guard let consumer = consumers.removeValue(forKey: id) else { return done(.success(())) }
            if let ch = consumer.channel {
                consumerByChannel[ch] = nil
                assembler.discard(ch)
                do {
                    if !consumer.stopped { try conn.cancel(ch, tag: consumer.tag) }
                    try conn.closeChannel(ch)
                    freeChannels.append(ch)
                } catch let failure {
                    if case .connection = failure { consumer.finish(); done(.success(())); throw failure }
                }
            }
            consumer.finish()
            done(.success(()))
        case .stopConsuming(let id, let done):
            guard let consumer = consumers[id], !consumer.stopped, let ch = consumer.channel else {
                return done(.success(()))
            }
            consumer.stopped = true
            do {
                try conn.cancel(ch, tag: consumer.tag)
            } catch let failure {
                if case .connection = failure { consumer.finish(); done(.success(())); throw failure }
            }
            consumer.finish()
            done(.success(()))
        case .settle(let s, let done):
            guard s.token.generation == generation, consumerByChannel[s.token.channel] != nil else {
                return done(
                    .failure(
                        AMQPError(
                            .staleDelivery,
                            "the delivery came on a channel that is gone; the broker will deliver it again")))
            }
            try completing(done) { () throws(CFailure) -> Result<Void, AMQPError> in
                switch s.kind {
                case .ack: try conn.ack(s.token.channel, tag: s.deliveryTag, multiple: s.multiple)
                case .nack(let requeue):
                    try conn.nack(s.token.channel, tag: s.deliveryTag, multiple: s.multiple, requeue: requeue)
                case .reject(let requeue): try conn.reject(s.token.channel, tag: s.deliveryTag, requeue: requeue)
                }
                return .success(())
            }
        case .call(let publish, let timeout, let done):
            try call(publish, timeout: timeout, done)
        case .purge(let queue, let done):
            try completing(done) { () throws(CFailure) in
                try control { () throws(CFailure) in try conn.purge(queue, on: Self.controlChannel) }
            }
        case .depth(let queue, let done):
            try completing(done) { () throws(CFailure) in
                try control { () throws(CFailure) in try conn.depth(queue, on: Self.controlChannel) }
            }
        case .deleteQueue(let queue, let done):
            try completing(done) { () throws(CFailure) in
                try control { () throws(CFailure) in
                    try conn.deleteQueue(queue, on: Self.controlChannel)
                    topology.queues.removeAll { $0.name == queue }
                    topology.bindings.removeAll { $0.queue == queue }
                }
            }
        case .unbind(let binding, let done):
            try completing(done) { () throws(CFailure) in
                try control { () throws(CFailure) in
                    try conn.unbind(binding, on: Self.controlChannel)
                    topology.bindings.removeAll { $0 == binding }
                }
            }
        case .deleteExchange(let exchange, let done):
            try completing(done) { () throws(CFailure) in
                try control { () throws(CFailure) in try conn.deleteExchange(exchange, on: Self.controlChannel) }
            }
        case .close(let done):
            shutDown()
            done(.success(()))
        }
    }

    /// Completes `done` with what `body` gives, or with the failure when it throws (see ``failing(_:_:)``).
    func completing<T>(
        _ done: Completion<T>, _ body: () throws(CFailure) -> Result<T, AMQPError>
    ) throws(CFailure) {
        done(try failing(done, body))
    }

    /// Runs `body` and gives back what it gives; when it throws (the connection is lost), `done` gets
    /// the failure before it is thrown on.
    func failing<T, R>(_ done: Completion<T>, _ body: () throws(CFailure) -> R) throws(CFailure) -> R {
        do {
            return try body()
        } catch let failure {
            done(.failure(failure.error))
            throw failure
        }
    }

    /// Runs a synchronous method on the control channel. A channel error becomes the result (and
    /// the channel is opened again); a connection error is thrown.
    func control<T>(_ body: () throws(CFailure) -> T) throws(CFailure) -> Result<T, AMQPError> {
        do {
            return .success(try body())
        } catch let failure {
            guard case .channel(let ch, let error) = failure else { throw failure }
            try conn?.openChannel(ch)
            return .failure(error)
        }
    }

    func declareOnControl(_ t: Topology) throws(CFailure) {
        guard let conn else { return }
        for e in t.exchanges { try conn.declare(e, on: Self.controlChannel) }
        for q in t.queues { try conn.declare(q, on: Self.controlChannel) }
        for b in t.bindings { try conn.bind(b, on: Self.controlChannel) }
    }

    /// Opens a channel for the consumer, sets its prefetch and starts consuming.
    func startConsumer(_ consumer: ConsumerState) throws(CFailure) {
        guard let conn else { return }
        let ch = allocateChannel()
        do {
            try conn.openChannel(ch)
            if !consumer.noAck { try conn.qos(ch, prefetch: consumer.prefetch) }
            consumer.tag = try conn.consume(
                ch, queue: consumer.queue, tag: consumer.tag, noAck: consumer.noAck,
                exclusive: consumer.exclusive, arguments: consumer.arguments)
        } catch let failure {
            if case .channel = failure { freeChannels.append(ch) }
            throw failure
        }
        consumer.channel = ch
        consumerByChannel[ch] = consumer.id
    }

    /// Sends an RPC request on the direct reply-to channel, opening it on first use.
    private func call(
        _ publish: AMQPPublish, timeout: Double, _ done: @escaping Completion<AMQPDelivery>
    ) throws(CFailure) {
        guard let conn else { return }
        guard let id = publish.message.properties.correlationID else {
            return done(.failure(AMQPError(.invalidConfiguration, "an RPC request needs a correlation id")))
        }
        if rpc.channel == nil {
            let ready = try failing(done) { () throws(CFailure) in
                try control { () throws(CFailure) in
                    try conn.openChannel(Self.rpcChannel)
                    _ = try conn.consume(
                        Self.rpcChannel, queue: "amq.rabbitmq.reply-to", tag: "", noAck: true,
                        exclusive: false, arguments: [:])
                }
            }
            if case .failure(let e) = ready { return done(.failure(e)) }
            rpc.channel = Self.rpcChannel
        }
        var message = publish.message
        message.properties.replyTo = "amq.rabbitmq.reply-to"
        rpc.calls[id] = RPCState.Call(deadline: Monotonic.after(timeout), completion: done)
        try conn.publish(
            Self.rpcChannel, exchange: publish.exchange, routingKey: publish.routingKey,
            mandatory: publish.mandatory, message: message)
    }
}
