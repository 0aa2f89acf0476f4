import Contracts
import Foundation
import Messaging
import RBNTestSupport
import Testing

/// A payload for these tests only; services define theirs under Shared/Contracts/Messages.
private struct SchoolRegistered: MessagePayload, Equatable {
    static let messageType = MessageType(service: "registry", aggregate: "school", name: "registered")
    var schoolNumber: String
    var name: String
    var schulform: String
}

@Suite("CloudEvents envelope")
struct EnvelopeTests {
    private let sample = SchoolRegistered(schoolNumber: "193015", name: "Städtisches Gymnasium Lemgo", schulform: "GY")

    @Test func encodeDecodeRoundTrip() throws {
        let envelope = Envelope(sample, subject: "193015", time: Date(timeIntervalSince1970: 1_795_000_000.25))
        let body = try EnvelopeCodec.encode(envelope)
        let decoded = try EnvelopeCodec.decode(SchoolRegistered.self, from: body)
        #expect(decoded == envelope)
        #expect(decoded.attributes.type == "de.nrw.rbn.registry.school.registered.v1")
        #expect(decoded.attributes.source == "/rbn/registry")
        #expect(decoded.attributes.dataSchema == "urn:rbn:schema:de.nrw.rbn.registry.school.registered.v1")
        #expect(decoded.attributes.correlationID == envelope.id)
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(json["specversion"] as? String == "1.0")
        #expect(json["time"] as? String == "2026-11-18T11:06:40.250Z")
        #expect((json["data"] as? [String: Any])?["schoolNumber"] as? String == "193015")
    }

    @Test func amqpPropertiesMirrorTheAttributes() throws {
        let cause = Envelope(sample)
        let envelope = Envelope(sample, subject: "193015", causedBy: cause)
        let message = try EnvelopeCodec.message(for: envelope)
        let p = message.properties
        #expect(p.messageID == envelope.id && p.type == envelope.type && p.appID == "registry")
        #expect(p.contentType == "application/cloudevents+json" && p.persistent)
        #expect(p.correlationID == cause.id && envelope.attributes.causationID == cause.id)
        #expect(
            p.timestamp.map { Int($0.timeIntervalSince1970) }
                == envelope.attributes.time.map { Int($0.timeIntervalSince1970) })
    }

    @Test(arguments: ["id", "type", "source", "specversion"])
    func missingRequiredAttributeIsRejected(attribute: String) throws {
        var json = try Self.json(Envelope(sample))
        json.removeValue(forKey: attribute)
        let body = try JSONSerialization.data(withJSONObject: json)
        #expect {
            _ = try EnvelopeCodec.attributes(of: body)
        } throws: { error in
            let e = error as? ContractError
            return e?.code == .missingAttribute && e?.field == attribute
                && e?.message.contains("'\(attribute)'") == true
        }
    }

    @Test func emptyIDIsRejected() throws {
        var json = try Self.json(Envelope(sample))
        json["id"] = ""
        #expect(throws: ContractError.self) {
            try EnvelopeCodec.attributes(of: JSONSerialization.data(withJSONObject: json))
        }
    }

    /// Issue 17, finding 3: every attribute has a limit; one byte over it is refused as too-long,
    /// naming the attribute, and the limit itself passes.
    @Test(arguments: ["id", "source", "subject", "dataschema", "correlationid", "causationid"])
    func attributesOverTheirLimitAreRefused(attribute: String) throws {
        let limit = try #require(EnvelopeAttributes.limits[attribute])
        var json = try Self.json(Envelope(sample))
        json[attribute] =
            attribute == "source"
            ? "/rbn/" + String(repeating: "s", count: limit - 5) : String(repeating: "ä", count: limit / 2)
        _ = try EnvelopeCodec.attributes(of: JSONSerialization.data(withJSONObject: json))
        json[attribute] = String(repeating: "x", count: limit + 1)
        #expect { try EnvelopeCodec.attributes(of: JSONSerialization.data(withJSONObject: json)) } throws: {
            ($0 as? ContractError)?.code == .tooLong && ($0 as? ContractError)?.field == attribute
        }
    }

    @Test func otherSpecVersionIsRejected() throws {
        var json = try Self.json(Envelope(sample))
        json["specversion"] = "0.3"
        #expect { try EnvelopeCodec.attributes(of: JSONSerialization.data(withJSONObject: json)) } throws: {
            ($0 as? ContractError)?.code == .invalidAttribute
        }
    }

    @Test func malformedBodiesAreRejectedClearly() {
        for body in ["not json", "[1,2]", "\"text\""] {
            #expect { try EnvelopeCodec.attributes(of: Data(body.utf8)) } throws: {
                ($0 as? ContractError)?.code == .malformed
            }
        }
        #expect { try EnvelopeCodec.attributes(of: Data("{}".utf8), contentType: "text/plain") } throws: {
            ($0 as? ContractError)?.code == .unsupportedContentType
        }
        #expect { try EnvelopeCodec.attributes(of: Data(count: EnvelopeCodec.maximumBodySize + 1)) } throws: {
            ($0 as? ContractError)?.code == .malformed
        }
    }

    @Test func badTimeIsRejected() throws {
        var json = try Self.json(Envelope(sample))
        json["time"] = "yesterday"
        #expect { try EnvelopeCodec.attributes(of: JSONSerialization.data(withJSONObject: json)) } throws: {
            ($0 as? ContractError)?.field == "time"
        }
    }

    @Test func invalidDataNamesTheField() throws {
        var json = try Self.json(Envelope(sample))
        json["data"] = ["schoolNumber": "193015", "name": 7, "schulform": "GY"]
        #expect {
            try EnvelopeCodec.decode(SchoolRegistered.self, from: JSONSerialization.data(withJSONObject: json))
        } throws: {
            let e = $0 as? ContractError
            return e?.code == .invalidData && e?.field == "data.name"
        }
    }

    @Test func otherTypeOrVersionIsRejected() throws {
        var json = try Self.json(Envelope(sample))
        json["type"] = "de.nrw.rbn.registry.school.registered.v2"
        #expect {
            try EnvelopeCodec.decode(SchoolRegistered.self, from: JSONSerialization.data(withJSONObject: json))
        } throws: {
            ($0 as? ContractError)?.code == .unexpectedType
        }
    }

    @Test func unknownAttributesAndDataFieldsAreIgnored() throws {
        var json = try Self.json(Envelope(sample))
        json["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        var data = json["data"] as! [String: Any]
        data["addedLater"] = true
        json["data"] = data
        let decoded = try EnvelopeCodec.decode(
            SchoolRegistered.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded.data == sample)
    }

    @Test func timeWithOffsetOrWholeSecondsIsRead() {
        #expect(RFC3339.date(from: "2026-11-29T09:00:00+01:00") == Date(timeIntervalSince1970: 1_795_939_200))
        #expect(RFC3339.date(from: "2026-11-29T08:00:00Z") == Date(timeIntervalSince1970: 1_795_939_200))
        #expect(RFC3339.date(from: "2026-11-29t07:30:00.5-00:30") == Date(timeIntervalSince1970: 1_795_939_200.5))
        #expect(RFC3339.date(from: "2024-02-29T00:00:00.123456Z")?.timeIntervalSince1970 == 1_709_164_800.123456)
        #expect(RFC3339.date(from: "1969-12-31T23:59:59Z") == Date(timeIntervalSince1970: -1))
    }

    @Test(arguments: [
        "", "2026-11-29", "2026-11-29T08:00:00", "2026-02-29T08:00:00Z", "2026-13-01T08:00:00Z",
        "2026-11-29T24:00:00Z", "2026-11-29T08:60:00Z", "2026-11-29T08:00:00.Z", "2026-11-29T08:00:00Zjunk",
        "2026-11-29T08:00:00+0100", "26-11-29T08:00:00Z", "2026-11-29X08:00:00Z", "２026-11-29T08:00:00Z",
    ])
    func timeThatIsNotRFC3339IsRefused(_ text: String) {
        #expect(RFC3339.date(from: text) == nil)
    }

    @Test func timeReadsWhatItWritesAndAgreesWithFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let millis = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            let text = RFC3339.string(from: date)
            let read = try #require(RFC3339.date(from: text))
            #expect(abs(read.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.000_5, "\(text)")
            let foundation = try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
            #expect(abs(read.timeIntervalSince1970 - foundation.timeIntervalSince1970) < 0.000_5, "\(text)")
        }
    }

    @Test func encodedEnvelopeMatchesItsJSONSchema() async throws {
        guard SchemaValidator.python != nil else { throw SchemaValidator.ValidatorMissing() }
        let schema = try #require(SchemaCatalog.envelope)
        let body = try EnvelopeCodec.encode(Envelope(sample, subject: "193015"))
        #expect(try await SchemaValidator.errors(of: body, against: schema) == [])
        var json = try Self.json(Envelope(sample))
        json["type"] = "ticket.opened"
        json.removeValue(forKey: "id")
        let errors = try await SchemaValidator.errors(of: JSONSerialization.data(withJSONObject: json), against: schema)
        #expect(errors.count == 2)
    }

    static func json<P>(_ envelope: Envelope<P>) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: EnvelopeCodec.encode(envelope)) as! [String: Any]
    }
}

@Suite("Message types")
struct MessageTypeTests {
    @Test func parsesAndNames() throws {
        let t = try MessageType("de.nrw.rbn.supportdesk.ticket.opened.v1")
        #expect(t == MessageType(service: "supportdesk", aggregate: "ticket", name: "opened", version: 1))
        #expect(t.eventRoutingKey == "supportdesk.ticket.opened" && t.source == "/rbn/supportdesk")
        #expect(t.dataSchema == "urn:rbn:schema:de.nrw.rbn.supportdesk.ticket.opened.v1")
    }

    @Test(arguments: [
        "supportdesk.ticket.opened", "de.nrw.rbn.supportdesk.ticket.opened", "de.nrw.rbn.a.b.c.v0",
        "de.nrw.rbn.Support.ticket.opened.v1", "de.nrw.rbn.a..c.v1", "de.nrw.rbn.a.b.c.d.v1",
    ])
    func rejectsOtherShapes(type: String) {
        #expect { try MessageType(type) } throws: { ($0 as? ContractError)?.code == .invalidType }
    }

    @Test func messageIDsAreTimeOrderedVersion7UUIDs() throws {
        let ids = (0..<1000).map { _ in MessageID.make() }
        #expect(Set(ids).count == 1000)
        for id in ids.prefix(50) {
            let parsed = UUID(uuidString: id)
            #expect(parsed != nil && id == id.lowercased() && id.count == 36)
            let chars = Array(id)
            #expect(chars[14] == "7" && "89ab".contains(chars[19]))
        }
        // The first 48 bits are the Unix time in milliseconds: later ids sort later.
        let noon = Date(timeIntervalSince1970: 1_795_950_000.123)
        let id = MessageID.make(at: noon)
        let millis = try #require(UInt64(id.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16))
        #expect(millis == 1_795_950_000_123)
        let later = MessageID.make(at: noon.addingTimeInterval(0.001))
        #expect(id < later)
    }

    @Test func envelopeSchemaShips() throws {
        #expect(SchemaCatalog.names.contains("cloudevent"))
        let schema = try #require(SchemaCatalog.envelope)
        let json = try #require(try JSONSerialization.jsonObject(with: schema) as? [String: Any])
        #expect(json["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }
}
