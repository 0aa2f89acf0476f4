/// How to reach and talk to a broker. Usually made from an AMQP URI with ``init(uri:)``.
public struct AMQPConfiguration: Sendable, Equatable {
    /// TLS settings of an `amqps://` connection.
    public struct TLS: Sendable, Equatable {
        /// PEM file of the certificate authorities to trust; `nil` uses none (verification then fails).
        public var caCertificateFile: String?
        /// PEM file of the client certificate, for mutual TLS.
        public var certificateFile: String?
        /// PEM file of the client certificate's private key.
        public var keyFile: String?
        /// Verify the broker's certificate chain.
        public var verifyPeer: Bool = true
        /// Verify that the broker's certificate names the host.
        public var verifyHostname: Bool = true

        public init(
            caCertificateFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil,
            verifyPeer: Bool = true, verifyHostname: Bool = true
        ) {
            self.caCertificateFile = caCertificateFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.verifyPeer = verifyPeer
            self.verifyHostname = verifyHostname
        }
    }

    /// A broker node's address.
    public struct Endpoint: Sendable, Equatable {
        public var host: String
        public var port: Int
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    public var host: String = "localhost"
    public var port: Int = 5672
    /// Further nodes of the same cluster, tried in turn when `host:port` cannot be reached or its
    /// connection is lost (`amqp://user@node1,node2:5673,node3/vhost`).
    public var alternates: [Endpoint] = []
    /// `host:port` first, then the alternates.
    public var endpoints: [Endpoint] { [Endpoint(host: host, port: port)] + alternates }
    public var user: String = "guest"
    public var password: String = "guest"
    public var virtualHost: String = "/"
    /// TLS settings; `nil` for plain TCP.
    public var tls: TLS?
    /// Heartbeat interval in seconds proposed to the broker; 0 disables heartbeats.
    public var heartbeat: Int = 10
    /// Time allowed for TCP connect plus AMQP handshake, in seconds.
    public var connectionTimeout: Double = 5
    /// Time allowed for a synchronous broker method (declare, consume, qos), in seconds.
    public var rpcTimeout: Double = 10
    /// Time a publish may wait for its confirm before it fails as retriable, in seconds.
    public var publishTimeout: Double = 30
    /// Most publishes sent and not yet confirmed at once.
    public var confirmWindow: Int = 256
    public var channelMax: Int = 0
    public var frameMax: Int = 131_072
    /// Shown in the broker's management UI and `rabbitmqctl list_connections user_provided_name`.
    public var clientName: String = "rbn"
    /// First delay before reconnecting, in seconds; doubles up to ``reconnectMaxDelay`` with jitter.
    public var reconnectInitialDelay: Double = 0.1
    public var reconnectMaxDelay: Double = 10

    public init() {}

    /// `amqp://` or `amqps://` and the rest, without the password.
    public var redactedURI: String {
        let scheme = tls == nil ? "amqp" : "amqps"
        let vhost = virtualHost == "/" ? "" : "/" + (virtualHost.addingPercentEncodingForURI())
        let nodes = endpoints.map { "\($0.host.contains(":") ? "[\($0.host)]" : $0.host):\($0.port)" }
        return "\(scheme)://\(user)@\(nodes.joined(separator: ","))\(vhost)"
    }
}
