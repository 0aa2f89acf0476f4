import Messaging
import RBNTestSupport
import Testing

@Suite("AMQP URI (RabbitMQ's URI spec)")
struct ConfigurationTests {
    @Test func fullURI() throws {
        let c = try AMQPConfiguration(uri: "amqp://user:pass@host:10000/vhost")
        #expect(c.user == "user" && c.password == "pass" && c.host == "host" && c.port == 10000)
        #expect(c.virtualHost == "vhost" && c.tls == nil)
    }

    @Test func percentEncoding() throws {
        let c = try AMQPConfiguration(uri: "amqp://user%61:%61pass@ho%61st:10000/v%2fhost")
        #expect(c.user == "usera" && c.password == "apass" && c.host == "hoast" && c.virtualHost == "v/host")
    }

    @Test func defaults() throws {
        let c = try AMQPConfiguration(uri: "amqp://")
        #expect(c.host == "localhost" && c.port == 5672 && c.user == "guest" && c.password == "guest")
        #expect(c.virtualHost == "/")
    }

    @Test(arguments: [
        ("amqp://host", "/"), ("amqp://host/", ""), ("amqp://host/%2f", "/"), ("amqp:///vhost", "vhost"),
    ])
    func virtualHosts(uri: String, vhost: String) throws {
        #expect(try AMQPConfiguration(uri: uri).virtualHost == vhost)
    }

    @Test func emptyCredentials() throws {
        let c = try AMQPConfiguration(uri: "amqp://:@/")
        #expect(c.user == "" && c.password == "" && c.virtualHost == "")
    }

    @Test func clusterNodes() throws {
        let c = try AMQPConfiguration(uri: "amqps://u:p@node1,node2:5681,[::1]:5682/rbn")
        #expect(c.host == "node1" && c.port == 5671 && c.tls != nil && c.virtualHost == "rbn")
        #expect(c.alternates == [.init(host: "node2", port: 5681), .init(host: "::1", port: 5682)])
        #expect(c.endpoints.count == 3)
        #expect(c.redactedURI == "amqps://u@node1:5671,node2:5681,[::1]:5682/rbn")
        #expect(throws: AMQPError.self) { try AMQPConfiguration(uri: "amqp://node1,,node3") }
        #expect(throws: AMQPError.self) { try AMQPConfiguration(uri: "amqp://node1,node2:99999") }
    }

    @Test func ipv6() throws {
        let c = try AMQPConfiguration(uri: "amqp://[::1]:5673")
        #expect(c.host == "::1" && c.port == 5673)
    }

    @Test func tlsAndQuery() throws {
        let c = try AMQPConfiguration(
            uri:
                "amqps://svc:pw@broker.example/rbn?cacertfile=/etc/ca.pem&certfile=/etc/c.pem&keyfile=/etc/k.pem&verify=verify_peer&heartbeat=5&connection_timeout=2500&name=registry"
        )
        #expect(c.port == 5671)
        #expect(c.tls == .init(caCertificateFile: "/etc/ca.pem", certificateFile: "/etc/c.pem", keyFile: "/etc/k.pem"))
        #expect(c.heartbeat == 5 && c.connectionTimeout == 2.5 && c.clientName == "registry")
    }

    @Test(arguments: [
        ("http://host", "scheme"), ("amqp://host:99999", "port"), ("amqp://host/a/b", "%2f"),
        ("amqp://host?heartbeat=x", "heartbeat"), ("amqp://host?cacertfile=/x", "amqps"),
        ("amqp://host?bogus=1", "unknown query parameter"), ("amqp://host/%zz", "percent"), ("host", "amqp://"),
    ])
    func invalid(uri: String, mentions: String) {
        #expect {
            try AMQPConfiguration(uri: uri)
        } throws: { error in
            guard let e = error as? AMQPError else { return false }
            return e.code == .invalidConfiguration && e.message.contains(mentions) && !e.isRetriable
        }
    }

    @Test func passwordNeverInErrors() {
        #expect {
            try AMQPConfiguration(uri: "amqp://u:secret@host:0")
        } throws: { error in
            "\(error)".contains("***") && !"\(error)".contains("secret")
        }
    }

    @Test func redactedURIHidesPassword() throws {
        let c = try AMQPConfiguration(uri: "amqps://u:secret@h/v")
        #expect(c.redactedURI == "amqps://u@h:5671/v")
    }
}
