import Contracts
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Mail over SMTP (RFC 5321) on SwiftNIO: TLS from the first byte (`smtps`, port 465) or after
/// STARTTLS (RFC 3207), EHLO, AUTH PLAIN or LOGIN when a user is set, MAIL, RCPT, DATA with
/// dot-stuffing, QUIT; every step under a timeout. A 4xx reply or a connection problem is
/// transient (tried again later), a 5xx reply permanent.
public struct SMTPChannel: Channel {
    /// How the conversation is protected.
    public enum Security: String, Sendable {
        /// No TLS: only for a relay on the same host or in tests.
        case none
        /// STARTTLS after the greeting, required: a server that does not offer it gets no mail.
        case startTLS = "starttls"
        /// TLS from the first byte.
        case implicitTLS = "tls"
    }

    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        public var user: String?
        public var password: String?
        public var from: String
        public var fromName: String
        /// Seconds for connecting and for each reply.
        public var timeout: Double
        public var security: Security
        /// A PEM file of certificates to trust instead of the system's (a private CA).
        public var caFile: String?

        public init(
            host: String, port: Int = 25, user: String? = nil, password: String? = nil,
            from: String = "no-reply@rbn.example", fromName: String = "Regionales Bildungsnetzwerk",
            timeout: Double = 30, security: Security = .startTLS, caFile: String? = nil
        ) {
            self.security = security
            self.caFile = caFile
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.from = from
            self.fromName = fromName
            self.timeout = timeout
        }
    }

    public let kind = Notifications.Channel.email
    public let settings: Settings

    public init(_ settings: Settings) { self.settings = settings }

    public func send(_ m: Outgoing) async -> Outcome {
        let mail = MailMessage(m, from: settings.from, fromName: settings.fromName)
        do {
            // Checked before a connection: an address that is not one never reaches MAIL or RCPT.
            _ = try mail.rendered
        } catch {
            return .permanent("not sent: \(error.reason)")
        }
        do {
            try await SMTPSession.deliver(mail, settings)
            return .sent
        } catch let refusal as SMTPSession.Refusal {
            return refusal.code >= 500 ? .permanent(refusal.description) : .transient(refusal.description)
        } catch {
            return .transient("\(settings.host):\(settings.port): \(error)")
        }
    }
}

/// One SMTP conversation.
enum SMTPSession {
    /// A reply other than the one expected.
    struct Refusal: Error, CustomStringConvertible {
        let code: Int
        let text: String
        let step: String
        var description: String { "\(step): \(code) \(text)" }
    }

    struct Timeout: Error, CustomStringConvertible {
        let step: String
        var description: String { "no answer to \(step) in time" }
    }

    /// The TLS side of a conversation: the system's trust roots or the given CA, and the server's
    /// name checked against its certificate (its address, when the host is one).
    static func tls(_ s: SMTPChannel.Settings) throws -> (NIOSSLContext, hostname: String?) {
        var config = TLSConfiguration.makeClientConfiguration()
        if let ca = s.caFile { config.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca)) }
        let isAddress = (try? SocketAddress(ipAddress: s.host, port: 0)) != nil
        return (try NIOSSLContext(configuration: config), isAddress ? nil : s.host)
    }

    static func deliver(_ mail: MailMessage, _ s: SMTPChannel.Settings) async throws {
        let tls = s.security == .none ? nil : try tls(s)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(s.timeout * 1000)))
            .connect(host: s.host, port: s.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if s.security == .implicitTLS, let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls.0, serverHostname: tls.hostname))
                    }
                    // A server that stays silent longer than the timeout ends the conversation.
                    try channel.pipeline.syncOperations.addHandlers(
                        IdleStateHandler(readTimeout: .milliseconds(Int64(s.timeout * 1000))), SilenceHandler(),
                        ByteToMessageHandler(LineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            func reply(_ step: String) async throws -> (code: Int, lines: [String]) {
                var text: [String] = []
                do {
                    while let line = try await lines.next() {
                        guard line.count >= 3, let code = Int(line.prefix(3)) else { continue }
                        text.append(String(line.dropFirst(4)))
                        // "250-…" continues, "250 …" ends a reply.
                        if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                            return (code, text)
                        }
                    }
                } catch is SilenceHandler.Silence {
                    throw Timeout(step: step)
                }
                throw Refusal(code: 421, text: "the server closed the connection", step: step)
            }
            func command(_ line: String, expect: ClosedRange<Int>, step: String) async throws -> [String] {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                let r = try await reply(step)
                guard expect.contains(r.code) else {
                    throw Refusal(code: r.code, text: r.lines.joined(separator: " "), step: step)
                }
                return r.lines
            }
            let greeting = try await reply("greeting")
            guard greeting.code == 220 else {
                throw Refusal(code: greeting.code, text: greeting.lines.joined(separator: " "), step: "greeting")
            }
            var features = try await command("EHLO rbn.local", expect: 250...250, step: "EHLO")
            if s.security == .startTLS, let tls {
                guard features.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                    throw Refusal(
                        code: 530,
                        text: "the server does not offer STARTTLS; use smtps:// or, for a local relay, ?tls=none",
                        step: "STARTTLS")
                }
                _ = try await command("STARTTLS", expect: 220...220, step: "STARTTLS")
                // The server now waits for the handshake; what follows goes through TLS.
                let pipeline = channel.channel.pipeline
                try await channel.channel.eventLoop.submit {
                    try pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tls.0, serverHostname: tls.hostname), position: .first)
                }.get()
                features = try await command("EHLO rbn.local", expect: 250...250, step: "EHLO after STARTTLS")
            }
            if let user = s.user, let password = s.password {
                let auth = features.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased() ?? ""
                if auth.contains("PLAIN") {
                    let token = Data("\0\(user)\0\(password)".utf8).base64EncodedString()
                    _ = try await command("AUTH PLAIN \(token)", expect: 235...235, step: "AUTH PLAIN")
                } else if auth.contains("LOGIN") {
                    _ = try await command("AUTH LOGIN", expect: 334...334, step: "AUTH LOGIN")
                    _ = try await command(Data(user.utf8).base64EncodedString(), expect: 334...334, step: "AUTH LOGIN")
                    _ = try await command(
                        Data(password.utf8).base64EncodedString(), expect: 235...235, step: "AUTH LOGIN")
                } else {
                    throw Refusal(code: 504, text: "the server offers neither AUTH PLAIN nor LOGIN", step: "AUTH")
                }
            }
            let from = try MailAddress.normalized(mail.from)
            let to = try MailAddress.normalized(mail.to)
            _ = try await command("MAIL FROM:<\(from)>", expect: 250...250, step: "MAIL FROM")
            _ = try await command("RCPT TO:<\(to)>", expect: 250...251, step: "RCPT TO")
            _ = try await command("DATA", expect: 354...354, step: "DATA")
            // A line starting with a dot gets another, so the server reads it as text; the rendered
            // message has CRLF line ends only.
            let body = try mail.rendered.split(separator: "\r\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
            _ = try await command(body + "\r\n.", expect: 250...250, step: "end of DATA")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }
}

/// Turns the idle handler's read timeout into an error on the channel, which closes it.
final class SilenceHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    struct Silence: Error {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            context.fireErrorCaught(Silence())
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

/// Splits the server's bytes into lines (CRLF, or LF alone).
struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return .needMoreData }
        let length = end - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}
