import Foundation
import LMTP
import MailParser
import Messaging
import WebForms

@testable import Contracts
@testable import CtlKit
@testable import DeskKit

/// Every parser that reads outside input, as a fuzz target: each takes any bytes, must neither
/// crash nor hang, and checks what its parser promises of what it accepts. `rbn-fuzz` runs them
/// under libFuzzer (`make fuzz`) and replays their corpora in `make test`.
public enum FuzzTargets {
    /// The targets by name; the name is also the corpus folder under `Tests/Fuzz/Corpus/`.
    public static let all: [String: @Sendable (Data) -> Void] = [
        "envelope": envelope, "rfc3339": rfc3339, "amqp-uri": amqpURI, "school-csv": schoolCSV,
        "desk-config": deskConfig, "mail-address": mailAddress, "mail": mail, "lmtp": lmtp,
        "web-form": webForm, "multipart": multipart, "json-data": jsonData,
    ]

    /// The token decoder of messages' `data`: whatever it answers, Foundation's `JSONDecoder`
    /// answers the same (it leaves everything else to Foundation).
    static func jsonData(_ data: Data) {
        let ours = data.withUnsafeBytes { JSONTokenDecoder.decode(AnyJSON.self, from: $0) }
        guard let ours else { return }
        let theirs = try? JSONDecoder().decode(AnyJSON.self, from: data)
        check(theirs == ours, "the token decoder read \(ours), Foundation \(String(describing: theirs))")
    }

    /// Any JSON value through the generic containers, numbers as a Double.
    public indirect enum AnyJSON: Decodable, Equatable {
        case null, bool(Bool), number(Double), string(String), array([AnyJSON]), object([String: AnyJSON])
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        public init(from decoder: any Decoder) throws {
            if let c = try? decoder.container(keyedBy: Key.self) {
                var o: [String: AnyJSON] = [:]
                for k in c.allKeys { o[k.stringValue] = try c.decode(AnyJSON.self, forKey: k) }
                self = .object(o)
            } else if var u = try? decoder.unkeyedContainer() {
                var a: [AnyJSON] = []
                while !u.isAtEnd { a.append(try u.decode(AnyJSON.self)) }
                self = .array(a)
            } else {
                let s = try decoder.singleValueContainer()
                if s.decodeNil() {
                    self = .null
                } else if let b = try? s.decode(Bool.self) {
                    self = .bool(b)
                } else if let d = try? s.decode(Double.self) {
                    self = .number(d)
                } else {
                    self = .string(try s.decode(String.self))
                }
            }
        }
    }

    /// The portal's urlencoded forms: what is taken stays within its bounds.
    static func webForm(_ data: Data) {
        guard let form = try? Form(body: String(decoding: data, as: UTF8.self)) else { return }
        check(form.values.count <= Form.maxFields, "more fields than the bound were taken")
        check(form.values.values.allSatisfy { $0.count <= Form.maxValueLength }, "an overlong value was taken")
    }

    /// The portal's forms with files: parts within the bound, every file's bytes from inside the body.
    static func multipart(_ data: Data) {
        let bytes = [UInt8](data)
        guard let m = try? Multipart(body: bytes, boundary: "xyz") else { return }
        check(m.files.count + m.form.values.count <= Multipart.maxParts, "more parts than the bound were taken")
        check(m.files.allSatisfy { $0.bytes.count < bytes.count }, "a file larger than the body")
    }

    /// The envelope reader: what it accepts has every attribute within its limit, and writing the
    /// attributes and reading them again gives the same.
    static func envelope(_ data: Data) {
        guard let attributes = try? EnvelopeCodec.attributes(of: data) else { return }
        for (name, value) in [
            ("id", attributes.id), ("source", attributes.source), ("type", attributes.type),
            ("subject", attributes.subject ?? ""), ("correlationid", attributes.correlationID ?? ""),
        ] {
            check(value.utf8.count <= EnvelopeAttributes.limits[name]!, "\(name) over its limit was accepted")
        }
        let written = EnvelopeJSON.write(attributes, data: Data("{}".utf8))
        let again = try? EnvelopeCodec.attributes(of: written)
        check(again?.id == attributes.id && again?.type == attributes.type, "attributes do not round-trip")
    }

    /// RFC 3339 times: what is read is written back readable, to the same second.
    static func rfc3339(_ data: Data) {
        guard let text = String(data: data, encoding: .utf8), let date = RFC3339.date(from: text) else { return }
        let again = RFC3339.date(from: RFC3339.string(from: date))
        check(again.map { abs($0.timeIntervalSince(date)) < 0.001 } ?? false, "'\(text)' does not round-trip")
    }

    /// AMQP URIs (RabbitMQ's URI spec): accepted ones have a host and a port in range.
    static func amqpURI(_ data: Data) {
        guard let text = String(data: data, encoding: .utf8), let c = try? AMQPConfiguration(uri: text) else { return }
        check((0...65535).contains(c.port), "port \(c.port) out of range from '\(text)'")
    }

    /// The NRW school master file: rows have a line number within the file.
    static func schoolCSV(_ data: Data) {
        guard let csv = try? SchoolCSV(data: data) else { return }
        for row in csv.rows { check(row.line >= 1, "row without a line number") }
    }

    /// The desk's config file.
    static func deskConfig(_ data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return }
        _ = try? ConfigFile.parse(text, path: "fuzz.conf")
    }

    /// The mail address check: what it accepts can never break out of a header or an SMTP command.
    static func mailAddress(_ data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return }
        if let address = try? MailAddress.normalized(text) {
            check(!address.contains(where: { "\r\n<>,;: \"\\".contains($0) }), "'\(address)' was accepted")
            check(address.utf8.count <= MailAddress.maxLength, "overlong address accepted")
            check(address.filter { $0 == "@" }.count == 1, "'\(address)' has not one @")
        }
        if let parsed = try? MailAddress.parse(text),
            let header = try? MailAddress.header(parsed.address, name: parsed.name)
        {
            check(!header.contains("\r") && !header.contains("\n"), "a header with a line break: \(header)")
        }
        let phrase = MailAddress.phrase(text)
        check(!phrase.contains("\r") && !phrase.contains("\n"), "a line break in a phrase")
        // The one-pass check of plain addresses says yes only where the whole check does.
        let lower = text.trimmingSpaces().lowercased()
        if MailAddress.isPlainGoodAddress(lower) {
            check((try? MailAddress.checked(lower)) == lower, "'\(lower)' passed the byte check alone")
        }
    }

    /// Mail as the support desk will take it from anyone: within its limits it is read or refused
    /// with a reason; decoding never makes more bytes than came in, and a reply's new text is
    /// part of its text.
    static func mail(_ data: Data) {
        var limits = MailLimits()
        limits.maxBytes = 1 << 20
        guard let mail = try? MailParser(limits: limits).parse(data) else { return }
        let decoded = mail.attachments.reduce(0) { $0 + $1.bytes.count }
        check(decoded <= data.count, "attachments of \(decoded) bytes from \(data.count)")
        let new = ReplyText.new(mail.text)
        check(new.count <= mail.text.count, "the new text is longer than the text")
        _ = mail.html.map(HTMLText.plain)
        _ = (mail.messageID, mail.inReplyTo, mail.references)
    }

    /// An LMTP session fed the input as lines: every line is answered (or, in DATA, taken); what it
    /// hands over has at most the limit's bytes and recipients, and only accepted ones.
    static func lmtp(_ data: Data) {
        var limits = LMTPLimits()
        limits.maxMessageBytes = 4096
        limits.maxRecipients = 3
        limits.maxCommandBytes = 128
        var session = LMTPSession(hostname: "fuzz", limits: limits) { $0.hasSuffix("@rbn.example") }
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let bytes = Array(line.last == 13 ? line.dropLast() : line[...])
            switch session.line(bytes) {
            case .deliver:
                let m = session.message
                check(m.data.count <= limits.maxMessageBytes, "\(m.data.count) bytes handed over")
                check(!m.recipients.isEmpty && m.recipients.count <= limits.maxRecipients, "\(m.recipients)")
                check(m.recipients.allSatisfy { $0.hasSuffix("@rbn.example") }, "a recipient not ours")
                check(session.replies(to: .accepted("ok")).count == m.recipients.count, "a reply per recipient")
                session.delivered()
            case .reply(let text), .close(let text):
                check(text.first.map { "2345".contains($0) } == true, "an answer without a code: \(text)")
            case .nothing: break
            }
        }
    }

    /// A broken promise: crash, so the fuzzer keeps the input.
    static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("fuzz: \(message())") }
    }
}
