import Foundation

extension ConnectionLoop {
    /// Acts on one frame from the broker.
    func dispatch(_ frame: InboundFrame) throws(CFailure) {
        switch frame {
        case .deliver(let ch, let consumerTag, let tag, let redelivered, let exchange, let routingKey):
            assembler.begin(
                ch,
                .deliver(
                    consumerTag: consumerTag, deliveryTag: tag, redelivered: redelivered,
                    exchange: exchange, routingKey: routingKey))
        case .returned(let ch, let code, let text, let exchange, let routingKey):
            assembler.begin(ch, .returned(replyCode: code, replyText: text, exchange: exchange, routingKey: routingKey))
        case .header(let ch, let size, let properties):
            if let message = assembler.header(ch, size: size, properties: properties) { complete(message, on: ch) }
        case .body(let ch, let bytes):
            let raw = UnsafeRawBufferPointer(start: bytes.bytes, count: bytes.len)
            if let message = assembler.body(ch, raw) { complete(message, on: ch) }
        case .ack(let ch, let tag, let multiple):
            if ch == Self.publishChannel { publisher.confirm(tag: tag, multiple: multiple, nacked: false) }
        case .nack(let ch, let tag, let multiple):
            if ch == Self.publishChannel { publisher.confirm(tag: tag, multiple: multiple, nacked: true) }
        case .channelClose(let ch, let code, let text):
            conn?.sendChannelCloseOK(ch)
            try channelClosed(ch, AMQPError(ReplyCode.errorCode(code), "the broker closed the channel: \(text)"))
        case .connectionClose(let code, let text):
            conn?.sendConnectionCloseOK()
            throw .connection(AMQPError(.connectionLost, "the broker closed the connection: \(code) \(text)"))
        case .consumerCancelled(let ch, _):
            guard let id = consumerByChannel.removeValue(forKey: ch), let consumer = consumers.removeValue(forKey: id)
            else { return }
            assembler.discard(ch)
            _ = try control { () throws(CFailure) in try conn?.closeChannel(ch) }
            freeChannels.append(ch)
            logger.warning("the broker cancelled a consumer", metadata: ["amqp.queue": .string(consumer.queue)])
            consumer.finish(
                throwing: AMQPError(
                    .channelClosed,
                    "the broker cancelled the consumer of queue '\(consumer.queue)' (deleted, or its node went down)"))
        case .blocked(let reason):
            logger.warning("the broker blocks publishing", metadata: ["amqp.reason": .string(reason)])
        case .unblocked:
            logger.info("the broker unblocked publishing")
        case .ignored:
            break
        }
    }

    private func complete(_ message: ContentAssembler.Complete, on ch: UInt16) {
        switch message.start {
        case .deliver(let consumerTag, let tag, let redelivered, let exchange, let routingKey):
            let delivery = AMQPDelivery(
                body: message.body, properties: message.properties, exchange: exchange, routingKey: routingKey,
                redelivered: redelivered, deliveryTag: tag, consumerTag: consumerTag,
                channelToken: ChannelToken(generation: generation, channel: ch))
            if ch == rpc.channel {
                rpc.complete(message.properties.correlationID, .success(delivery))
            } else if let id = consumerByChannel[ch], let consumer = consumers[id] {
                consumer.deliver(delivery)
            }
        case .returned(let code, let text, let exchange, let routingKey):
            let error = AMQPError(
                .unroutable,
                "no queue took the message: exchange '\(exchange)', routing key '\(routingKey)' (\(code) \(text))")
            if ch == Self.publishChannel {
                publisher.markReturned(
                    exchange: exchange, routingKey: routingKey,
                    message: AMQPMessage(body: message.body, properties: message.properties), error: error)
            } else if ch == rpc.channel {
                rpc.complete(message.properties.correlationID, .failure(error))
            }
        }
    }

    /// The broker closed a channel (close-ok sent): fail what was in flight on it and open it again
    /// where the connection needs it.
    private func channelClosed(_ ch: UInt16, _ error: AMQPError) throws(CFailure) {
        assembler.discard(ch)
        logger.warning(
            "the broker closed a channel",
            metadata: ["amqp.channel": "\(ch)", "amqp.error": .string(error.description)])
        if ch == Self.publishChannel {
            publisher.failOutstanding(error)
            try conn?.openChannel(ch)
            try conn?.confirmSelect(ch)
            publisher.resetTags()
        } else if ch == Self.controlChannel {
            try conn?.openChannel(ch)
        } else if ch == rpc.channel {
            rpc.failAll(error)
            rpc.channel = nil
        } else {
            guard let id = consumerByChannel.removeValue(forKey: ch), let consumer = consumers.removeValue(forKey: id)
            else { return }
            freeChannels.append(ch)
            consumer.finish(throwing: error)
        }
    }
}
