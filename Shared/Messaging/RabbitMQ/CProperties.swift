import CAMQP
import Foundation

/// Conversion of message properties between Swift and `amqp_basic_properties_t`.
enum CProperties {
    static func encode(_ p: AMQPProperties, in arena: CArena) -> amqp_basic_properties_t {
        var c = amqp_basic_properties_t()
        var flags: UInt32 = 0
        func set(_ value: String?, _ flag: Int32, _ field: WritableKeyPath<amqp_basic_properties_t, amqp_bytes_t>) {
            guard let value else { return }
            c[keyPath: field] = arena.bytes(value)
            flags |= UInt32(flag)
        }
        set(p.contentType, AMQP_BASIC_CONTENT_TYPE_FLAG, \.content_type)
        set(p.contentEncoding, AMQP_BASIC_CONTENT_ENCODING_FLAG, \.content_encoding)
        set(p.correlationID, AMQP_BASIC_CORRELATION_ID_FLAG, \.correlation_id)
        set(p.replyTo, AMQP_BASIC_REPLY_TO_FLAG, \.reply_to)
        set(p.expiration, AMQP_BASIC_EXPIRATION_FLAG, \.expiration)
        set(p.messageID, AMQP_BASIC_MESSAGE_ID_FLAG, \.message_id)
        set(p.type, AMQP_BASIC_TYPE_FLAG, \.type)
        set(p.userID, AMQP_BASIC_USER_ID_FLAG, \.user_id)
        set(p.appID, AMQP_BASIC_APP_ID_FLAG, \.app_id)
        if !p.headers.isEmpty {
            c.headers = CFieldTable.encode(p.headers, in: arena)
            flags |= UInt32(AMQP_BASIC_HEADERS_FLAG)
        }
        c.delivery_mode = p.persistent ? 2 : 1
        flags |= UInt32(AMQP_BASIC_DELIVERY_MODE_FLAG)
        if let priority = p.priority {
            c.priority = priority
            flags |= UInt32(AMQP_BASIC_PRIORITY_FLAG)
        }
        if let timestamp = p.timestamp {
            c.timestamp = UInt64(max(0, timestamp.timeIntervalSince1970))
            flags |= UInt32(AMQP_BASIC_TIMESTAMP_FLAG)
        }
        c._flags = flags
        return c
    }

    static func decode(_ c: amqp_basic_properties_t) -> AMQPProperties {
        let flags = c._flags
        func has(_ flag: Int32) -> Bool { flags & UInt32(flag) != 0 }
        func get(_ flag: Int32, _ value: amqp_bytes_t) -> String? { has(flag) ? value.string : nil }
        var p = AMQPProperties()
        p.contentType = get(AMQP_BASIC_CONTENT_TYPE_FLAG, c.content_type)
        p.contentEncoding = get(AMQP_BASIC_CONTENT_ENCODING_FLAG, c.content_encoding)
        p.correlationID = get(AMQP_BASIC_CORRELATION_ID_FLAG, c.correlation_id)
        p.replyTo = get(AMQP_BASIC_REPLY_TO_FLAG, c.reply_to)
        p.expiration = get(AMQP_BASIC_EXPIRATION_FLAG, c.expiration)
        p.messageID = get(AMQP_BASIC_MESSAGE_ID_FLAG, c.message_id)
        p.type = get(AMQP_BASIC_TYPE_FLAG, c.type)
        p.userID = get(AMQP_BASIC_USER_ID_FLAG, c.user_id)
        p.appID = get(AMQP_BASIC_APP_ID_FLAG, c.app_id)
        if has(AMQP_BASIC_HEADERS_FLAG) { p.headers = CFieldTable.decode(c.headers) }
        p.persistent = has(AMQP_BASIC_DELIVERY_MODE_FLAG) && c.delivery_mode == 2
        if has(AMQP_BASIC_PRIORITY_FLAG) { p.priority = c.priority }
        if has(AMQP_BASIC_TIMESTAMP_FLAG) { p.timestamp = Date(timeIntervalSince1970: TimeInterval(c.timestamp)) }
        return p
    }
}
