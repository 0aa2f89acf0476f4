import AsyncHTTPClient
import Contracts
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import ServiceKit

/// What a webhook receives: one message as JSON.
public struct WebhookPayload: Codable, Sendable, Equatable {
    /// The delivery: the same id on every attempt, so a receiver can drop a repeat.
    public var deliveryID: Int
    public var eventID: String
    public var kind: String
    public var recipient: String
    public var name: String?
    public var language: String
    public var subject: String
    public var text: String
}

/// Messages as HTTP POSTs of JSON to the recipient's address, signed so the receiver knows they
/// come from us: `X-RBN-Signature: sha256=<hex>` is the HMAC-SHA256, under the shared secret, of
/// `<X-RBN-Timestamp>.<body>`. 2xx is sent; 408, 429 and 5xx (and no answer) are tried again;
/// any other status is a permanent refusal.
public struct WebhookChannel: Channel {
    public let kind = Notifications.Channel.webhook
    let key: SymmetricKey
    let timeout: TimeAmount
    let client: HTTPClient

    public init(secret: String, timeout: Double = 10, client: HTTPClient = .shared) {
        self.key = SymmetricKey(data: Data(secret.utf8))
        self.timeout = .milliseconds(Int64(timeout * 1000))
        self.client = client
    }

    /// The signature header's value for a body sent at `timestamp` (seconds since 1970).
    public static func signature(body: Data, timestamp: String, secret: String) -> String {
        signature(body: body, timestamp: timestamp, key: SymmetricKey(data: Data(secret.utf8)))
    }

    static func signature(body: Data, timestamp: String, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + body, using: key)
        return "sha256=" + Hex.lowercase(mac)
    }

    public func send(_ m: Outgoing) async -> Outcome {
        guard let url = m.target else { return .permanent("the delivery has no webhook address") }
        let payload = WebhookPayload(
            deliveryID: m.deliveryID, eventID: m.eventID, kind: m.kind, recipient: m.recipient, name: m.recipientName,
            language: m.language, subject: m.subject, text: m.text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let body = try? encoder.encode(payload) else { return .permanent("the message does not encode") }
        let timestamp = "\(Int(Date().timeIntervalSince1970))"
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "rbn-notification")
        request.headers.add(name: "X-RBN-Delivery", value: "\(m.deliveryID)")
        request.headers.add(name: "X-RBN-Timestamp", value: timestamp)
        request.headers.add(name: "X-RBN-Signature", value: Self.signature(body: body, timestamp: timestamp, key: key))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let code = Int(response.status.code)
            switch code {
            case 200..<300: return .sent
            case 408, 429, 500...: return .transient("HTTP \(code) from \(url)")
            default: return .permanent("HTTP \(code) from \(url)")
            }
        } catch {
            return .transient("no answer from \(url): \(error)")
        }
    }
}
