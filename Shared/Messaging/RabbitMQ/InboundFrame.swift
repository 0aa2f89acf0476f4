import CAMQP
import Foundation

/// A frame read from the broker, copied out of rabbitmq-c's buffers into Swift values.
enum InboundFrame {
    case deliver(
        channel: UInt16, consumerTag: String, deliveryTag: UInt64, redelivered: Bool, exchange: String,
        routingKey: String)
    case returned(channel: UInt16, replyCode: UInt16, replyText: String, exchange: String, routingKey: String)
    case header(channel: UInt16, bodySize: UInt64, properties: AMQPProperties)
    case body(channel: UInt16, bytes: amqp_bytes_t)
    case ack(channel: UInt16, deliveryTag: UInt64, multiple: Bool)
    case nack(channel: UInt16, deliveryTag: UInt64, multiple: Bool)
    case channelClose(channel: UInt16, replyCode: UInt16, replyText: String)
    case connectionClose(replyCode: UInt16, replyText: String)
    case consumerCancelled(channel: UInt16, consumerTag: String)
    case blocked(reason: String)
    case unblocked
    case ignored

    init(_ frame: amqp_frame_t) {
        let ch = frame.channel
        switch Int32(frame.frame_type) {
        case AMQP_FRAME_METHOD:
            let decoded = frame.payload.method.decoded
            switch frame.payload.method.id {
            case MethodID.basicDeliver:
                let m = decoded!.assumingMemoryBound(to: amqp_basic_deliver_t.self).pointee
                self = .deliver(
                    channel: ch, consumerTag: m.consumer_tag.string, deliveryTag: m.delivery_tag,
                    redelivered: m.redelivered != 0, exchange: m.exchange.string,
                    routingKey: m.routing_key.string)
            case MethodID.basicAck:
                let m = decoded!.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
                self = .ack(channel: ch, deliveryTag: m.delivery_tag, multiple: m.multiple != 0)
            case MethodID.basicNack:
                let m = decoded!.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
                self = .nack(channel: ch, deliveryTag: m.delivery_tag, multiple: m.multiple != 0)
            case MethodID.basicReturn:
                let m = decoded!.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
                self = .returned(
                    channel: ch, replyCode: m.reply_code, replyText: m.reply_text.string,
                    exchange: m.exchange.string, routingKey: m.routing_key.string)
            case MethodID.channelClose:
                let m = decoded!.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                self = .channelClose(channel: ch, replyCode: m.reply_code, replyText: m.reply_text.string)
            case MethodID.connectionClose:
                let m = decoded!.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                self = .connectionClose(replyCode: m.reply_code, replyText: m.reply_text.string)
            case MethodID.basicCancel:
                let m = decoded!.assumingMemoryBound(to: amqp_basic_cancel_t.self).pointee
                self = .consumerCancelled(channel: ch, consumerTag: m.consumer_tag.string)
            case MethodID.connectionBlocked:
                let m = decoded!.assumingMemoryBound(to: amqp_connection_blocked_t.self).pointee
                self = .blocked(reason: m.reason.string)
            case MethodID.connectionUnblocked:
                self = .unblocked
            default:
                self = .ignored
            }
        case AMQP_FRAME_HEADER:
            let props = frame.payload.properties.decoded!.assumingMemoryBound(to: amqp_basic_properties_t.self).pointee
            self = .header(
                channel: ch, bodySize: frame.payload.properties.body_size,
                properties: CProperties.decode(props))
        case AMQP_FRAME_BODY:
            self = .body(channel: ch, bytes: frame.payload.body_fragment)
        default:
            self = .ignored
        }
    }
}
