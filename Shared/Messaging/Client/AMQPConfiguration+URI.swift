extension AMQPConfiguration {
    /// Reads an AMQP URI as RabbitMQ's URI specification defines it:
    /// `amqp[s]://[user[:password]@]host[:port][/vhost][?query]`, where `host[:port]` may be a
    /// comma-separated list of a cluster's nodes (the first tried first, see ``alternates``).
    ///
    /// User, password, host and vhost are percent-decoded; `amqp://host` uses the default vhost `/`,
    /// `amqp://host/` the empty vhost and `amqp://host/%2f` the vhost `/`. Query parameters:
    /// `heartbeat` (s), `connection_timeout` (ms), `channel_max`, `frame_max`, `cacertfile`,
    /// `certfile`, `keyfile`, `verify` (`verify_peer` or `verify_none`), `server_name_indication`
    /// (accepted, the host is used), and this client's `name`, `confirm_window`, `rpc_timeout` (ms)
    /// and `publish_timeout` (ms).
    public init(uri: String) throws(AMQPError) {
        self.init()
        func bad(_ why: String) -> AMQPError {
            AMQPError(.invalidConfiguration, "invalid AMQP URI '\(Self.redact(uri))': \(why)")
        }
        guard let schemeEnd = uri.range(of: "://") else { throw bad("expected amqp:// or amqps://") }
        switch uri[..<schemeEnd.lowerBound].lowercased() {
        case "amqp": port = 5672
        case "amqps": port = 5671; tls = TLS()
        default: throw bad("the scheme must be amqp or amqps")
        }
        var rest = Substring(uri[schemeEnd.upperBound...])
        var query: Substring?
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let path = rest[rest.index(after: slash)...]
            guard !path.contains("/") else { throw bad("a '/' in the vhost must be written %2f") }
            guard let vhost = Self.percentDecode(path) else { throw bad("bad percent-encoding in the vhost") }
            virtualHost = vhost
        }
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let u = Self.percentDecode(parts[0]) else { throw bad("bad percent-encoding in the user") }
            user = u
            if parts.count == 2 {
                guard let p = Self.percentDecode(parts[1]) else { throw bad("bad percent-encoding in the password") }
                password = p
            }
        }
        let nodes = hostPort.split(separator: ",", omittingEmptySubsequences: false)
        let defaultPort = port
        for (i, node) in nodes.enumerated() {
            let (h, p) = try Self.endpoint(node, defaultPort: defaultPort, bad)
            if i == 0 {
                if let h { host = h }
                port = p
            } else {
                guard let h else { throw bad("node \(i + 1) of the list has no host") }
                alternates.append(Endpoint(host: h, port: p))
            }
        }
        if let query { try applyQuery(query, bad) }
    }

    /// One `host[:port]` (an IPv6 host in brackets); a nil host when it is empty.
    private static func endpoint(
        _ hostPort: Substring, defaultPort: Int, _ bad: (String) -> AMQPError
    ) throws(AMQPError) -> (String?, Int) {
        var hostPart = hostPort
        var portPart: Substring?
        var host: String?
        var port = defaultPort
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw bad("unclosed '[' in the host") }
            hostPart = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") {
                portPart = after.dropFirst()
            } else if !after.isEmpty {
                throw bad("unexpected '\(after)' after the host")
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            hostPart = hostPort[..<colon]
            portPart = hostPort[hostPort.index(after: colon)...]
        }
        if !hostPart.isEmpty {
            guard let h = Self.percentDecode(hostPart) else { throw bad("bad percent-encoding in the host") }
            host = h
        }
        if let portPart, !portPart.isEmpty {
            guard let p = Int(portPart), (1...65_535).contains(p) else {
                throw bad("the port must be 1 to 65535, got '\(portPart)'")
            }
            port = p
        }
        return (host, port)
    }

    private mutating func applyQuery(_ query: Substring, _ bad: (String) -> AMQPError) throws(AMQPError) {
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = Self.percentDecode(kv[0]), let value = Self.percentDecode(kv.count > 1 ? kv[1] : "") else {
                throw bad("bad percent-encoding in the query")
            }
            func number(_ range: ClosedRange<Int>) throws(AMQPError) -> Int {
                guard let n = Int(value), range.contains(n) else {
                    throw bad(
                        "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(value)'"
                    )
                }
                return n
            }
            func needsTLS() throws(AMQPError) {
                guard tls != nil else { throw bad("'\(key)' needs an amqps:// URI") }
            }
            switch key {
            case "heartbeat": heartbeat = try number(0...65_535)
            case "connection_timeout": connectionTimeout = Double(try number(1...3_600_000)) / 1000
            case "rpc_timeout": rpcTimeout = Double(try number(1...3_600_000)) / 1000
            case "publish_timeout": publishTimeout = Double(try number(1...3_600_000)) / 1000
            case "channel_max": channelMax = try number(0...65_535)
            case "frame_max": frameMax = try number(4096...Int(Int32.max))
            case "confirm_window": confirmWindow = try number(1...65_535)
            case "name": clientName = value
            case "cacertfile": try needsTLS(); tls?.caCertificateFile = value
            case "certfile": try needsTLS(); tls?.certificateFile = value
            case "keyfile": try needsTLS(); tls?.keyFile = value
            case "verify":
                try needsTLS()
                switch value {
                case "verify_peer": tls?.verifyPeer = true; tls?.verifyHostname = true
                case "verify_none": tls?.verifyPeer = false; tls?.verifyHostname = false
                default: throw bad("'verify' must be verify_peer or verify_none, got '\(value)'")
                }
            case "server_name_indication", "auth_mechanism", "fail_if_no_peer_cert":
                break
            default:
                throw bad("unknown query parameter '\(key)'")
            }
        }
    }

    static func percentDecode(_ s: Substring) -> String? {
        guard s.contains("%") else { return String(s) }
        var bytes: [UInt8] = []
        var it = s.utf8.makeIterator()
        while let b = it.next() {
            if b == UInt8(ascii: "%") {
                guard let h = it.next(), let l = it.next(), let hv = hexValue(h), let lv = hexValue(l) else {
                    return nil
                }
                bytes.append(hv << 4 | lv)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The URI with any password replaced by `***`, for messages and logs.
    static func redact(_ uri: String) -> String {
        guard let start = uri.range(of: "://"), let at = uri[start.upperBound...].lastIndex(of: "@") else { return uri }
        let userInfo = uri[start.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return uri }
        return String(uri[..<colon]) + ":***" + String(uri[at...])
    }
}

extension String {
    func addingPercentEncodingForURI() -> String {
        var out = ""
        for b in utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    fileprivate func leftPadded(to n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }
}
