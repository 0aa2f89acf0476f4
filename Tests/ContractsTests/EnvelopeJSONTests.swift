import Contracts
import Foundation
import Testing

private struct Note: MessagePayload, Equatable {
    static let messageType = MessageType(service: "supportdesk", aggregate: "ticket", name: "noted")
    var text: String
    var tags: [String]
}

/// The hand-written reading and writing of the envelope's top level, checked against Foundation's
/// JSON on awkward text and broken bodies.
@Suite("Envelope JSON")
struct EnvelopeJSONTests {
    private static let awkward = [
        "plain", "Müller-Lüdenscheidt GS", "quote \" and \\ backslash", "line\nbreak\ttab\r", "nul \u{0} bell \u{7}",
        "emoji 🏫 and ß", "slash / stays", "",
    ]

    @Test(arguments: awkward)
    func awkwardTextRoundTripsAndIsValidJSON(_ text: String) throws {
        let envelope = Envelope(
            Note(text: text, tags: [text, "x"]), subject: text.isEmpty ? nil : text,
            time: Date(timeIntervalSince1970: 1_795_000_000.25))
        let body = try EnvelopeCodec.encode(envelope)
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(json["subject"] as? String == envelope.attributes.subject)
        #expect((json["data"] as? [String: Any])?["text"] as? String == text)
        #expect(try EnvelopeCodec.decode(Note.self, from: body) == envelope)
    }

    @Test func escapesInAttributesAreRead() throws {
        let body = Data(
            #"""
            { "specversion" : "1.0", "id":"a\u00e4\ud83c\udfeb\/\"", "source":"/rbn/supportdesk",
              "type":"de.nrw.rbn.supportdesk.ticket.noted.v1", "subject": null, "x-extension": [1, {"a": [true, false, null]}],
              "data": {"text": "t", "tags": []} }
            """#.utf8)
        let envelope = try EnvelopeCodec.decode(Note.self, from: body)
        #expect(envelope.id == "aä🏫/\"")
        #expect(envelope.attributes.subject == nil)
        #expect(envelope.data == Note(text: "t", tags: []))
    }

    @Test(arguments: [
        #"{"id":"x",}"#, #"{"id" "x"}"#, #"{"id":"x""#, #"{"id":"x"} trailing"#, #"{"data":{"a":}}"#,
        #"{"data":[1,]}"#, #"{"id":"\q"}"#, #"{"id":"\ud83c"}"#, #"{"x":tru}"#, "{\"id\":\"a\u{1}b\"}", #"{id:"x"}"#,
        "", "   ",
    ])
    func brokenBodiesAreMalformed(_ text: String) {
        #expect { try EnvelopeCodec.attributes(of: Data(text.utf8)) } throws: {
            ($0 as? ContractError)?.code == .malformed
        }
    }

    @Test func everyTruncationIsRefused() throws {
        let body = try EnvelopeCodec.encode(Envelope(Note(text: "Beamer in Raum 2.14 🏫", tags: ["a", "b"])))
        for length in 0..<body.count {
            #expect(throws: ContractError.self) { try EnvelopeCodec.decode(Note.self, from: body.prefix(length)) }
        }
    }

    @Test func missingOrNullDataNamesTheField() throws {
        let base = try #require(
            try JSONSerialization.jsonObject(with: EnvelopeCodec.encode(Envelope(Note(text: "t", tags: []))))
                as? [String: Any])
        var missing = base
        missing["data"] = nil
        var null = base
        null["data"] = NSNull()
        var wrong = base
        wrong["data"] = ["text": "t", "tags": [1]]
        for (json, field) in [(missing, "data"), (null, "data"), (wrong, "data.tags[0]")] {
            #expect {
                try EnvelopeCodec.decode(Note.self, from: JSONSerialization.data(withJSONObject: json))
            } throws: {
                let e = $0 as? ContractError
                return e?.code == .invalidData && e?.field == field
            }
        }
    }

    @Test func nonStringAttributeIsNamed() throws {
        var json = try #require(
            try JSONSerialization.jsonObject(with: EnvelopeCodec.encode(Envelope(Note(text: "t", tags: []))))
                as? [String: Any])
        json["subject"] = 42
        #expect { try EnvelopeCodec.attributes(of: JSONSerialization.data(withJSONObject: json)) } throws: {
            ($0 as? ContractError)?.field == "subject"
        }
        json["subject"] = nil
        json["id"] = 42
        #expect { try EnvelopeCodec.attributes(of: JSONSerialization.data(withJSONObject: json)) } throws: {
            ($0 as? ContractError)?.code == .missingAttribute
        }
    }
}
