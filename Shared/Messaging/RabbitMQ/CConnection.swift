import CAMQP
import Foundation

/// Why a rabbitmq-c call failed: only one channel is gone, or the whole connection is.
enum CFailure: Error {
    /// The broker closed this channel (close-ok already sent); the connection is still usable.
    case channel(UInt16, AMQPError)
    /// The connection is unusable and must be torn down.
    case connection(AMQPError)

    var error: AMQPError {
        switch self {
        case .channel(_, let e), .connection(let e): e
        }
    }
}

/// One rabbitmq-c connection. Not thread-safe: only the connection loop's thread touches it.
final class CConnection {
    let state: amqp_connection_state_t
    private let arena = CArena()
    private(set) var isOpen = false

    /// Opens the socket (TCP or TLS) and logs in. Throws ``AMQPError`` codes `connectionFailed`
    /// or `accessRefused`.
    init(configuration c: AMQPConfiguration) throws(AMQPError) {
        guard let state = amqp_new_connection() else { throw AMQPError(.connectionFailed, "out of memory") }
        self.state = state
        do {
            try open(c)
            isOpen = true
        } catch {
            amqp_destroy_connection(state)
            throw error
        }
    }

    deinit {
        if isOpen { amqp_destroy_connection(state) }
    }

    private func open(_ c: AMQPConfiguration) throws(AMQPError) {
        let target = "\(c.host):\(c.port)"
        let socket: OpaquePointer?
        if let tls = c.tls {
            socket = amqp_ssl_socket_new(state)
            guard let socket else { throw AMQPError(.connectionFailed, "could not create a TLS socket") }
            amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
            amqp_ssl_socket_set_verify_hostname(socket, tls.verifyHostname ? 1 : 0)
            if let ca = tls.caCertificateFile, amqp_ssl_socket_set_cacert(socket, ca) != AMQP_STATUS_OK.rawValue {
                throw AMQPError(.invalidConfiguration, "cannot read the CA certificate file '\(ca)'")
            }
            if let cert = tls.certificateFile {
                guard let key = tls.keyFile else {
                    throw AMQPError(.invalidConfiguration, "a client certificate needs a key file (keyfile=…)")
                }
                if amqp_ssl_socket_set_key(socket, cert, key) != AMQP_STATUS_OK.rawValue {
                    throw AMQPError(
                        .invalidConfiguration, "cannot read the client certificate '\(cert)' or key '\(key)'")
                }
            }
        } else {
            socket = amqp_tcp_socket_new(state)
            guard socket != nil else { throw AMQPError(.connectionFailed, "could not create a TCP socket") }
        }
        var timeout = Self.makeTimeval(c.connectionTimeout)
        let status = amqp_socket_open_noblock(socket, c.host, Int32(c.port), &timeout)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw AMQPError(.connectionFailed, "cannot connect to \(target): \(Self.describe(status))")
        }
        var handshake = Self.makeTimeval(c.connectionTimeout)
        amqp_set_handshake_timeout(state, &handshake)
        var rpc = Self.makeTimeval(c.rpcTimeout)
        amqp_set_rpc_timeout(state, &rpc)

        defer { arena.reset() }
        let capabilities: AMQPTable = [
            "publisher_confirms": true, "consumer_cancel_notify": true, "basic.nack": true,
            "connection.blocked": true, "authentication_failure_close": true,
        ]
        var properties = CFieldTable.encode(
            ["connection_name": .string(c.clientName), "product": "rbn", "capabilities": .table(capabilities)],
            in: arena)
        let reply: amqp_rpc_reply_t
        if c.tls?.certificateFile != nil && c.password.isEmpty {
            reply = rbn_amqp_login_external(
                state, c.virtualHost, Int32(c.channelMax), Int32(c.frameMax),
                Int32(c.heartbeat), &properties, c.user)
        } else {
            reply = rbn_amqp_login_plain(
                state, c.virtualHost, Int32(c.channelMax), Int32(c.frameMax),
                Int32(c.heartbeat), &properties, c.user, c.password)
        }
        if case .failure(let failure) = check(reply, channel: 0) {
            var e = failure.error
            if e.code == .connectionLost || e.code == .channelClosed
                || reply.library_error == AMQP_STATUS_CONNECTION_CLOSED.rawValue
            {
                e = AMQPError(
                    .accessRefused,
                    "the broker at \(target) refused the login of '\(c.user)' to vhost '\(c.virtualHost)': \(e.message)"
                )
            } else if e.code != .accessRefused {
                e = AMQPError(.connectionFailed, "AMQP handshake with \(target) failed: \(e.message)")
            }
            throw e
        }
    }

    /// Closes the connection politely (best effort) and frees it.
    func close() {
        guard isOpen else { return }
        _ = amqp_connection_close(state, 200)
        amqp_destroy_connection(state)
        isOpen = false
    }

    /// Frees the connection without talking to the broker (after it was lost).
    func abandon() {
        guard isOpen else { return }
        amqp_destroy_connection(state)
        isOpen = false
    }

    var socketFD: Int32 { amqp_get_sockfd(state) }

    /// Frames are waiting in rabbitmq-c's buffers, so polling the socket would miss them.
    var hasBufferedInput: Bool { amqp_frames_enqueued(state) != 0 || amqp_data_in_buffer(state) != 0 }

    // MARK: Synchronous methods

    func openChannel(_ ch: UInt16) throws(CFailure) {
        _ = amqp_channel_open(state, ch)
        try check(amqp_get_rpc_reply(state), channel: ch).get()
    }

    func closeChannel(_ ch: UInt16) throws(CFailure) {
        _ = amqp_channel_close(state, ch, 200)
        try check(amqp_get_rpc_reply(state), channel: ch).get()
    }

    func confirmSelect(_ ch: UInt16) throws(CFailure) {
        _ = amqp_confirm_select(state, ch)
        try check(amqp_get_rpc_reply(state), channel: ch).get()
    }

    func qos(_ ch: UInt16, prefetch: UInt16) throws(CFailure) {
        _ = amqp_basic_qos(state, ch, 0, prefetch, 0)
        try check(amqp_get_rpc_reply(state), channel: ch).get()
    }

    func declare(_ e: Topology.Exchange, on ch: UInt16) throws(CFailure) {
        defer { arena.reset() }
        _ = amqp_exchange_declare(
            state, ch, arena.bytes(e.name), arena.bytes(e.kind.rawValue), 0,
            e.durable ? 1 : 0, 0, 0, CFieldTable.encode(e.arguments, in: arena))
        try check(amqp_get_rpc_reply(state), channel: ch).get()
    }

    func declare(_ q: Topology.Queue, on ch: UInt16) throws(CFailure) {
        defer { arena.reset() }
        _ = amqp_queue_declare(
            state, ch, arena.bytes(q.name), 0, q.durable ? 1 : 0, q.exclusive ? 1 : 0,
            q.autoDelete ? 1 : 0, CFieldTable.encode(q.arguments, in: arena))
        try check(amqp_get_rpc_reply(state), channel: ch).get()
    }

    func bind(_ b: Topology.Binding, on ch: UInt16) throws(CFailure) {
        defer { arena.reset() }
        _ = amqp_queue_bind(
            state, ch, arena.bytes(b.queue), arena.bytes(b.exchange), arena.bytes(b.routingKey),
            CFieldTable.encode(b.arguments, in: arena))
        try check(amqp_get_rpc_reply(state), channel: ch).get()
    }

    func unbind(_ b: Topology.Binding, on ch: UInt16) throws(CFailure) {
        defer { arena.reset() }
        _ = amqp_queue_unbind(
            state, ch, arena.bytes(b.queue), arena.bytes(b.exchange), arena.bytes(b.routingKey),
            CFieldTable.encode(b.arguments, in: arena))
        try check(amqp_get_rpc_reply(state), channel: ch).get()
    }

    /// Removes all ready messages of a queue and returns how many there were.
    func purge(_ queue: String, on ch: UInt16) throws(CFailure) -> Int {
        defer { arena.reset() }
        let ok = amqp_queue_purge(state, ch, arena.bytes(queue))
        try check(amqp_get_rpc_reply(state), channel: ch).get()
        return Int(ok?.pointee.message_count ?? 0)
    }

    /// A queue's ready messages and consumers, by a passive declare (which changes nothing).
    func depth(_ queue: String, on ch: UInt16) throws(CFailure) -> QueueDepth {
        defer { arena.reset() }
        let ok = amqp_queue_declare(state, ch, arena.bytes(queue), 1, 0, 0, 0, amqp_empty_table)
        try check(amqp_get_rpc_reply(state), channel: ch).get()
        return QueueDepth(
            queue: queue, messages: Int(ok?.pointee.message_count ?? 0), consumers: Int(ok?.pointee.consumer_count ?? 0)
        )
    }

    func deleteQueue(_ queue: String, on ch: UInt16) throws(CFailure) {
        defer { arena.reset() }
        _ = amqp_queue_delete(state, ch, arena.bytes(queue), 0, 0)
        try check(amqp_get_rpc_reply(state), channel: ch).get()
    }

    func deleteExchange(_ exchange: String, on ch: UInt16) throws(CFailure) {
        defer { arena.reset() }
        _ = amqp_exchange_delete(state, ch, arena.bytes(exchange), 0)
        try check(amqp_get_rpc_reply(state), channel: ch).get()
    }

    /// Starts a consumer and returns the consumer tag the broker confirmed.
    func consume(
        _ ch: UInt16, queue: String, tag: String, noAck: Bool, exclusive: Bool,
        arguments: AMQPTable
    ) throws(CFailure) -> String {
        defer { arena.reset() }
        let ok = amqp_basic_consume(
            state, ch, arena.bytes(queue), arena.bytes(tag), 0, noAck ? 1 : 0,
            exclusive ? 1 : 0, CFieldTable.encode(arguments, in: arena))
        try check(amqp_get_rpc_reply(state), channel: ch).get()
        return ok?.pointee.consumer_tag.string ?? tag
    }

    func cancel(_ ch: UInt16, tag: String) throws(CFailure) {
        defer { arena.reset() }
        _ = amqp_basic_cancel(state, ch, arena.bytes(tag))
        try check(amqp_get_rpc_reply(state), channel: ch).get()
    }

    // MARK: Asynchronous methods (no reply)

    func publish(
        _ ch: UInt16, exchange: String, routingKey: String, mandatory: Bool,
        message: AMQPMessage
    ) throws(CFailure) {
        defer { arena.reset() }
        var props = CProperties.encode(message.properties, in: arena)
        let ex = arena.bytes(exchange)
        let rk = arena.bytes(routingKey)
        let status = message.body.withUnsafeBytes { raw in
            amqp_basic_publish(
                state, ch, ex, rk, mandatory ? 1 : 0, 0, &props,
                amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)))
        }
        try checkStatus(status, doing: "publish")
    }

    func ack(_ ch: UInt16, tag: UInt64, multiple: Bool) throws(CFailure) {
        try checkStatus(amqp_basic_ack(state, ch, tag, multiple ? 1 : 0), doing: "ack")
    }

    func nack(_ ch: UInt16, tag: UInt64, multiple: Bool, requeue: Bool) throws(CFailure) {
        try checkStatus(amqp_basic_nack(state, ch, tag, multiple ? 1 : 0, requeue ? 1 : 0), doing: "nack")
    }

    func reject(_ ch: UInt16, tag: UInt64, requeue: Bool) throws(CFailure) {
        try checkStatus(amqp_basic_reject(state, ch, tag, requeue ? 1 : 0), doing: "reject")
    }

    /// Answers a broker-initiated channel.close.
    func sendChannelCloseOK(_ ch: UInt16) {
        var ok = amqp_channel_close_ok_t(dummy: 0)
        _ = amqp_send_method(state, ch, MethodID.channelCloseOK, &ok)
    }

    /// Answers a broker-initiated connection.close.
    func sendConnectionCloseOK() {
        var ok = amqp_connection_close_ok_t(dummy: 0)
        _ = amqp_send_method(state, 0, MethodID.connectionCloseOK, &ok)
    }

    // MARK: Reading

    /// The next frame if one is available without waiting, `nil` otherwise. Sends a heartbeat when due
    /// and detects a silent broker (two missed heartbeats).
    func nextFrame() throws(CFailure) -> InboundFrame? {
        var frame = amqp_frame_t()
        var zero = timeval(tv_sec: 0, tv_usec: 0)
        let status = amqp_simple_wait_frame_noblock(state, &frame, &zero)
        if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
        try checkStatus(status, doing: "read")
        return InboundFrame(frame)
    }

    /// Lets rabbitmq-c reuse its frame memory once no frame is queued.
    func releaseBuffers() { amqp_maybe_release_buffers(state) }

    // MARK: Errors

    private func checkStatus(_ status: Int32, doing what: String) throws(CFailure) {
        guard status != AMQP_STATUS_OK.rawValue else { return }
        let code: AMQPError.Code = status == AMQP_STATUS_TIMEOUT.rawValue ? .timeout : .connectionLost
        throw .connection(AMQPError(code, "\(what) failed: \(Self.describe(status))", isRetriable: true))
    }

    /// Turns an rpc reply into success or the failure it describes, answering a broker close.
    private func check(_ reply: amqp_rpc_reply_t, channel: UInt16) -> Result<Void, CFailure> {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return .success(())
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            let status = reply.library_error
            let code: AMQPError.Code = status == AMQP_STATUS_TIMEOUT.rawValue ? .timeout : .connectionLost
            return .failure(
                .connection(AMQPError(code, "broker call failed: \(Self.describe(status))", isRetriable: true)))
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            if reply.reply.id == MethodID.channelClose {
                let m = reply.reply.decoded!.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                sendChannelCloseOK(channel)
                return .failure(
                    .channel(
                        channel,
                        AMQPError(
                            ReplyCode.errorCode(m.reply_code),
                            "broker closed the channel: \(m.reply_text.string)")))
            }
            if reply.reply.id == MethodID.connectionClose {
                let m = reply.reply.decoded!.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                sendConnectionCloseOK()
                let code = m.reply_code == 403 || m.reply_code == 530 ? AMQPError.Code.accessRefused : .connectionLost
                return .failure(.connection(AMQPError(code, "broker closed the connection: \(m.reply_text.string)")))
            }
            return .failure(.connection(AMQPError(.protocolError, "unexpected broker method \(reply.reply.id)")))
        default:
            return .failure(.connection(AMQPError(.protocolError, "no reply from the broker", isRetriable: true)))
        }
    }

    static func describe(_ status: Int32) -> String {
        String(cString: amqp_error_string2(status))
    }

    static func makeTimeval(_ seconds: Double) -> timeval {
        let whole = Int(seconds)
        return timeval(tv_sec: whole, tv_usec: Int((seconds - Double(whole)) * 1_000_000))
    }
}
