import Logging
import NIOCore
import NIOPosix
import Synchronization

/// An LMTP server (RFC 2033) on SwiftNIO, the way Postfix, Exim and Dovecot hand mail to an
/// application: each message goes to `deliver`, and every recipient is answered with what it
/// returned, `250` only once the message is committed. Sessions, lines, recipients and messages
/// are bounded by ``LMTPLimits``.
public final class LMTPServer: Sendable {
    public typealias Deliver = @Sendable (LMTPMessage) async -> LMTPDelivery
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private let channel: NIOAsyncChannel<Connection, Never>
    private let limits: LMTPLimits
    private let hostname: String
    private let accepts: @Sendable (String) -> Bool
    private let deliver: Deliver
    private let logger: Logger
    private let sessions = Atomic(0)
    /// The port it listens on (useful when bound to port 0).
    public let port: Int

    private init(
        channel: NIOAsyncChannel<Connection, Never>, limits: LMTPLimits, hostname: String,
        accepts: @escaping @Sendable (String) -> Bool, deliver: @escaping Deliver, logger: Logger
    ) {
        self.channel = channel
        self.limits = limits
        self.hostname = hostname
        self.accepts = accepts
        self.deliver = deliver
        self.logger = logger
        port = channel.channel.localAddress?.port ?? 0
    }

    /// Listens on `host:port`; `run()` then serves until `close()`.
    public static func bind(
        host: String, port: Int, hostname: String, limits: LMTPLimits = LMTPLimits(),
        logger: Logger = Logger(label: "lmtp"), accepts: @escaping @Sendable (String) -> Bool,
        deliver: @escaping Deliver
    ) async throws -> LMTPServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // A client that goes before its connection is accepted must not end the listening.
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AcceptErrors(logger: logger))
                }
            }
            .bind(host: host, port: port) { child in
                child.eventLoop.makeCompletedFuture {
                    let pipeline = child.pipeline.syncOperations
                    try pipeline.addHandler(
                        IdleStateHandler(readTimeout: .seconds(Int64(limits.idleSeconds))))
                    try pipeline.addHandler(IdleCloser())
                    try pipeline.addHandler(ByteToMessageHandler(LineDecoder(maxLength: limits.maxLineBytes)))
                    return try Connection(wrappingChannelSynchronously: child)
                }
            }
        return LMTPServer(
            channel: channel, limits: limits, hostname: hostname, accepts: accepts, deliver: deliver, logger: logger)
    }

    /// Serves sessions until the server is closed.
    public func run() async throws {
        try await channel.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in inbound {
                    group.addTask { await self.serve(connection) }
                }
            }
        }
    }

    /// Stops listening; sessions in progress end with their connections.
    public func close() {
        channel.channel.close(promise: nil)
    }

    private func serve(_ connection: Connection) async {
        let count = sessions.add(1, ordering: .relaxed).newValue
        defer { sessions.subtract(1, ordering: .relaxed) }
        let started = ContinuousClock.now
        do {
            try await connection.executeThenClose { inbound, outbound in
                func say(_ text: String) async throws {
                    try await outbound.write(ByteBuffer(string: text + "\r\n"))
                }
                guard count <= limits.maxSessions else {
                    try await say("421 4.3.2 too many sessions; try again later")
                    return
                }
                var session = LMTPSession(hostname: hostname, limits: limits, accepts: accepts)
                try await say(session.greeting)
                do {
                    for try await line in inbound {
                        if ContinuousClock.now - started > .seconds(limits.sessionSeconds) {
                            try await say("421 4.4.2 the session lasted too long; closing")
                            return
                        }
                        switch session.line(Array(line.readableBytesView)) {
                        case .nothing: break
                        case .reply(let text): try await say(text)
                        case .close(let text):
                            try await say(text)
                            return
                        case .deliver:
                            let outcome = await deliver(session.message)
                            for reply in session.replies(to: outcome) { try await say(reply) }
                            session.delivered()
                        }
                    }
                } catch is LineDecoder.TooLong {
                    try await say("500 5.5.2 line too long; closing")
                }
            }
        } catch {
            logger.debug("lmtp session ended", metadata: ["error": "\(error)"])
        }
    }
}

/// Splits a stream into lines (LF or CRLF), each at most `maxLength` bytes.
struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    struct TooLong: Error {}
    let maxLength: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let lf = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > maxLength { throw TooLong() }
            return .needMoreData
        }
        var length = lf - view.startIndex
        guard length <= maxLength + 1 else { throw TooLong() }
        if length > 0, view[lf - 1] == UInt8(ascii: "\r") { length -= 1 }
        let line = buffer.getSlice(at: buffer.readerIndex, length: length) ?? ByteBuffer()
        buffer.moveReaderIndex(to: lf + 1)
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Logs a failed accept (`ECONNABORTED`, `EMFILE`) and keeps the server listening.
final class AcceptErrors: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.warning("lmtp: a connection could not be accepted", metadata: ["error": "\(error)"])
    }
}

/// Closes a connection that stayed silent for the idle time.
final class IdleCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
