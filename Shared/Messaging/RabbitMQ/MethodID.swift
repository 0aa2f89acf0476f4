import CAMQP

/// AMQP 0-9-1 method ids (class << 16 | method). rabbitmq-c defines them as macros with casts,
/// which Swift does not import.
enum MethodID {
    static let connectionClose: amqp_method_number_t = 0x000A_0032
    static let connectionCloseOK: amqp_method_number_t = 0x000A_0033
    static let connectionBlocked: amqp_method_number_t = 0x000A_003C
    static let connectionUnblocked: amqp_method_number_t = 0x000A_003D
    static let channelClose: amqp_method_number_t = 0x0014_0028
    static let channelCloseOK: amqp_method_number_t = 0x0014_0029
    static let basicCancel: amqp_method_number_t = 0x003C_001E
    static let basicCancelOK: amqp_method_number_t = 0x003C_001F
    static let basicReturn: amqp_method_number_t = 0x003C_0032
    static let basicDeliver: amqp_method_number_t = 0x003C_003C
    static let basicAck: amqp_method_number_t = 0x003C_0050
    static let basicNack: amqp_method_number_t = 0x003C_0078
}

/// AMQP reply codes the client maps to error codes.
enum ReplyCode {
    static func errorCode(_ code: UInt16) -> AMQPError.Code {
        switch code {
        case 403: .accessRefused
        case 404: .notFound
        case 406: .preconditionFailed
        case 320: .connectionLost
        default: .channelClosed
        }
    }
}
