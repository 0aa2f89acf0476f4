import Foundation
import Logging
import Synchronization

/// The state of a connection as other threads see it.
public enum AMQPConnectionStatus: Sendable, Equatable {
    case connecting
    case connected
    /// Lost and trying again with backoff; publishes fail as retriable meanwhile.
    case reconnecting
    case closed
}

/// Owns one rabbitmq-c connection on a dedicated thread (rabbitmq-c is not thread-safe). Other
/// threads hand it ``LoopRequest``s; it sends, reads frames, services heartbeats, keeps the confirm
/// window full, and reconnects with backoff when the connection is lost.
final class ConnectionLoop: @unchecked Sendable {
    static let publishChannel: UInt16 = 1
    static let controlChannel: UInt16 = 2
    static let rpcChannel: UInt16 = 3
    static let firstConsumerChannel: UInt16 = 4

    let configuration: AMQPConfiguration
    let logger: Logger
    private let wakeup = Wakeup()

    private struct Shared {
        var requests: [LoopRequest] = []
        var sleeping = false
        var status: AMQPConnectionStatus = .connecting
        var connects = 0
    }
    private let shared = Mutex(Shared())

    // Everything below is touched only by the connection thread.
    var conn: CConnection?
    var generation: UInt64 = 0
    var topology = Topology()
    var publisher = PublisherState()
    var consumers: [UInt64: ConsumerState] = [:]
    var consumerByChannel: [UInt16: UInt64] = [:]
    var freeChannels: [UInt16] = []
    var nextChannel = ConnectionLoop.firstConsumerChannel
    var assembler = ContentAssembler()
    var rpc = RPCState()
    var reconnectAttempt = 0
    var nextReconnect: UInt64 = 0
    /// The node of ``AMQPConfiguration/endpoints`` to try next; moves on after a failed attempt
    /// or a lost connection.
    var endpoint = 0
    /// Nodes tried in a row without a connection, for the first connect, which tries each once.
    var triedInARow = 0
    var running = true
    var onFirstConnect: Completion<Void>?

    init(configuration: AMQPConfiguration, logger: Logger) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "amqp.connection"] = .string(configuration.clientName)
        self.logger = logger
    }

    var status: AMQPConnectionStatus { shared.withLock { $0.status } }

    /// How many times a connection was established: 1 after connecting, plus one per reconnect.
    var connects: Int { shared.withLock { $0.connects } }

    /// Starts the thread; `onFirstConnect` reports whether the first connection attempt succeeded.
    /// When it failed, the thread ends.
    func start(onFirstConnect: @escaping Completion<Void>) {
        self.onFirstConnect = onFirstConnect
        let thread = Thread { [self] in run() }
        thread.name = "amqp-\(configuration.clientName)"
        thread.start()
    }

    /// Hands a request to the connection thread; fails it at once when the connection is closed.
    func submit(_ request: LoopRequest) {
        let (accepted, wake) = shared.withLock { s -> (Bool, Bool) in
            guard s.status != .closed else { return (false, false) }
            s.requests.append(request)
            let wake = s.sleeping
            s.sleeping = false
            return (true, wake)
        }
        if !accepted { request.fail(AMQPError(.closed, "the connection is closed")) }
        if wake { wakeup.signal() }
    }

    func setStatus(_ status: AMQPConnectionStatus) {
        shared.withLock {
            $0.status = status
            if status == .connected { $0.connects += 1 }
        }
    }

    /// Returns requests taken but not carried out to the front of the queue, in their order.
    private func putBack(_ requests: ArraySlice<LoopRequest>) {
        guard !requests.isEmpty else { return }
        shared.withLock { $0.requests.insert(contentsOf: requests, at: 0) }
    }

    private func takeRequests() -> [LoopRequest] {
        shared.withLock { s in
            guard !s.requests.isEmpty else { return [] }
            let r = s.requests
            s.requests = []
            return r
        }
    }

    // MARK: The loop

    private func run() {
        while running {
            if conn == nil {
                runDisconnected()
            } else {
                do {
                    try runConnected()
                } catch {
                    connectionLost(error.error)
                }
            }
        }
        let leftovers = shared.withLock { s -> [LoopRequest] in
            s.status = .closed
            let r = s.requests
            s.requests = []
            return r
        }
        for r in leftovers { r.fail(AMQPError(.closed, "the connection is closed")) }
    }

    private func runDisconnected() {
        for request in takeRequests() {
            switch request {
            case .close(let done):
                shutDown()
                done(.success(()))
            case .cancel(let id, let done):
                // No consumer exists on the broker now; forget it so it is not resumed.
                consumers.removeValue(forKey: id)?.finish()
                done(.success(()))
            case .stopConsuming(let id, let done):
                if let consumer = consumers[id] {
                    consumer.stopped = true
                    consumer.finish()
                }
                done(.success(()))
            default:
                request.fail(AMQPError(.notConnected, "not connected to the broker; reconnecting"))
            }
        }
        guard running else { return }
        let now = Monotonic.now
        if now >= nextReconnect {
            attemptConnect()
        } else {
            sleep(socket: nil, milliseconds: Int32(min(250, (nextReconnect - now) / 1_000_000 + 1)))
        }
    }

    private func runConnected() throws(CFailure) {
        // A request taken and not handled when the connection is lost goes back to the front of the
        // queue, for the next pass to carry out or fail: dropped, its caller would wait forever.
        var requests = takeRequests()[...]
        defer { putBack(requests) }
        while let request = requests.popFirst() {
            try handle(request)
            guard running, conn != nil else { return }
        }
        try pumpPublishes()
        let frames = try readFrames(limit: 4096)
        let now = Monotonic.now
        publisher.expire(now: now)
        rpc.expire(now: now)
        guard let conn else { return }
        conn.releaseBuffers()
        if frames == 0 && !conn.hasBufferedInput
            && !(publisher.hasWaiting && publisher.outstandingCount < configuration.confirmWindow)
        {
            let heartbeatMs = configuration.heartbeat > 0 ? configuration.heartbeat * 500 : 1000
            sleep(socket: conn.socketFD, milliseconds: Int32(min(250, heartbeatMs)))
        }
    }

    /// Waits until the socket is readable, a request arrives, or the time is up.
    private func sleep(socket: Int32?, milliseconds: Int32) {
        let mayWait = shared.withLock { s -> Bool in
            guard s.requests.isEmpty else { return false }
            s.sleeping = true
            return true
        }
        guard mayWait else { return }
        var fds = [pollfd(fd: wakeup.fd, events: Int16(POLLIN), revents: 0)]
        if let socket { fds.append(pollfd(fd: socket, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&fds, nfds_t(fds.count), milliseconds)
        shared.withLock { $0.sleeping = false }
        if fds[0].revents != 0 { wakeup.drain() }
    }

    private func pumpPublishes() throws(CFailure) {
        guard let conn else { return }
        while let entry = publisher.nextToSend(window: configuration.confirmWindow) {
            publisher.sent(entry)
            let p = entry.publish
            try conn.publish(
                Self.publishChannel, exchange: p.exchange, routingKey: p.routingKey, mandatory: p.mandatory,
                message: p.message)
        }
    }

    private func readFrames(limit: Int) throws(CFailure) -> Int {
        defer { for consumer in consumers.values { consumer.flush() } }
        var count = 0
        while count < limit, let conn, let frame = try conn.nextFrame() {
            try dispatch(frame)
            count += 1
        }
        return count
    }

    /// Closes everything on request.
    func shutDown() {
        running = false
        let closed = AMQPError(.closed, "the connection was closed")
        publisher.failAll(closed)
        rpc.failAll(closed)
        for consumer in consumers.values { consumer.finish() }
        consumers.removeAll()
        conn?.close()
        conn = nil
        if let done = onFirstConnect {
            onFirstConnect = nil
            done(.failure(closed))
        }
        setStatus(.closed)
        logger.debug("connection closed")
    }

    func allocateChannel() -> UInt16 {
        if let ch = freeChannels.popLast() { return ch }
        defer { nextChannel += 1 }
        return nextChannel
    }
}
