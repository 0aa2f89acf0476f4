import Foundation
import FuzzTargets
import Testing

@testable import Contracts

/// Issue 22: the token decoder answers only where Foundation's `JSONDecoder` gives the same value,
/// and leaves the rest (nil) to it: over typed payloads, over any JSON, and over thousands of
/// mutations of both, the two never disagree.
@Suite("JSON read from tokens")
struct JSONTokenDecoderTests {
    enum Colour: String, Codable, Equatable { case red, blau = "blau-grün" }
    struct Leaf: Codable, Equatable {
        var name: String
        var count: Int64
        var small: UInt8
        var signed: Int8
        var wide: UInt64
        var colour: Colour
        var note: String?
    }
    struct Tree: Codable, Equatable {
        var title: String
        var missing: String?
        var present: Int?
        var flag: Bool
        var share: Double
        var leaves: [Leaf]
        var nested: [[Int]]
        var byName: [String: Leaf]
        var byNumber: [Int: String]
        var texts: [String?]
        var optionalLeaf: Leaf?
    }
    /// What Foundation treats in ways of its own: always left to it.
    struct Special: Codable, Equatable {
        var when: Date
        var ratio: Float
    }

    /// Any JSON value through the generic containers (numbers as a Double): the fuzz target's.
    typealias AnyJSON = FuzzTargets.AnyJSON

    static func ours<T: Decodable>(_: T.Type, _ bytes: [UInt8]) -> T? {
        bytes.withUnsafeBytes { JSONTokenDecoder.decode(T.self, from: $0) }
    }

    static func theirs<T: Decodable>(_: T.Type, _ bytes: [UInt8]) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(bytes))
    }

    static func tree(_ g: inout some RandomNumberGenerator) -> Tree {
        func leaf() -> Leaf {
            Leaf(
                name: ["Beamer", "WLAN \"Neubau\"", "Grüße\n\t\\", "😀 Emoji", ""].randomElement(using: &g)!,
                count: Int64.random(in: Int64.min...Int64.max, using: &g), small: UInt8.random(in: 0...255, using: &g),
                signed: Int8.random(in: -128...127, using: &g), wide: UInt64.random(in: 0...UInt64.max, using: &g),
                colour: Bool.random(using: &g) ? .red : .blau, note: Bool.random(using: &g) ? nil : "Notiz")
        }
        return Tree(
            title: "Ticket \(Int.random(in: 1...99_999, using: &g))", missing: nil,
            present: Bool.random(using: &g) ? Int.random(in: -1000...1000, using: &g) : nil,
            flag: Bool.random(using: &g),
            share: [0.5, 1e-7, 123_456.789, 3, -2.25, 1e300].randomElement(using: &g)!,
            leaves: (0..<Int.random(in: 0...3, using: &g)).map { _ in leaf() }, nested: [[1, 2], [], [-3]],
            byName: ["a": leaf(), "b": leaf()], byNumber: [1: "eins", -2: "minus zwei"], texts: ["x", nil, "y"],
            optionalLeaf: Bool.random(using: &g) ? leaf() : nil)
    }

    /// Written by hand: escapes, numbers of every shape, nesting, and what is only almost JSON.
    static let corpus: [String] = [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e\u00e9\n\"\\\/\b\f\r\t"},"f":-0.5e-3,"g":1E2,"h":0}"#,
        #"[1, 2.0, -0, 1e400, -1e-400, 12345678901234567890, "\ud83d\ude00", "\u0000"]"#,
        #"{"k":"v","k":"w"}"#, #"{"K":1,"\u212a":2}"#, #"{"a\u0062":1}"#, #" { } "#, #"[[[[[]]]]]"#,
        #"{"x":01}"#, #"{"x":1.}"#, #"{"x":.5}"#, #"{"x":+1}"#, #"{"x":"\x"}"#, #"{"x":"\u12"}"#,
        #"{"x":tru}"#, #"{"x":1,}"#, #"[1,]"#, #"{"x" 1}"#, "{\"x\":\"tab\there\"}", "{\"x\":\"\u{7f}\"}",
        #"{"ß":"straße","n":-9223372036854775808,"m":9223372036854775807,"o":18446744073709551615}"#,
    ]

    static func mutated(_ bytes: [UInt8], _ g: inout some RandomNumberGenerator) -> [UInt8] {
        var b = bytes
        let alphabet = Array("{}[]\",:0123456789-+.eE \\utfnrlsaK\u{0}é€".utf8)
        for _ in 0..<Int.random(in: 1...3, using: &g) {
            let at = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &g)
            switch Int.random(in: 0...4, using: &g) {
            case 0 where !b.isEmpty: b[at] = alphabet.randomElement(using: &g)!
            case 1 where !b.isEmpty: b.remove(at: at)
            case 2: b.insert(alphabet.randomElement(using: &g)!, at: at)
            case 3 where !b.isEmpty:
                let end = min(b.count, at + Int.random(in: 1...8, using: &g))
                b.insert(contentsOf: b[at..<end], at: at)
            default: b = Array(b.prefix(at))
            }
        }
        return b
    }

    @Test func typedPayloadsReadAsFoundationReadsThem() throws {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let tree = Self.tree(&g)
            let bytes = Array(try JSONEncoder().encode(tree))
            let ours = Self.ours(Tree.self, bytes)
            #expect(ours == tree, "\(String(decoding: bytes, as: UTF8.self))")
            #expect(Self.theirs(Tree.self, bytes) == tree)
        }
        // Left to Foundation, which reads them.
        let special = Array(try JSONEncoder().encode(Special(when: Date(timeIntervalSince1970: 1), ratio: 0.5)))
        #expect(Self.ours(Special.self, special) == nil)
        #expect(Self.theirs(Special.self, special) != nil)
    }

    @Test func whatItAnswersFoundationAnswersTheSame() throws {
        var g = SystemRandomNumberGenerator()
        var documents = Self.corpus.map { Array($0.utf8) }
        for _ in 0..<20 { documents.append(Array(try JSONEncoder().encode(Self.tree(&g)))) }
        var answered = 0
        var mutants = 0
        func check(_ bytes: [UInt8]) {
            let text = String(decoding: bytes, as: UTF8.self)
            if let ours = Self.ours(AnyJSON.self, bytes) {
                answered += 1
                #expect(Self.theirs(AnyJSON.self, bytes) == ours, "any JSON: \(text)")
            }
            if let ours = Self.ours(Tree.self, bytes) {
                #expect(Self.theirs(Tree.self, bytes) == ours, "a tree: \(text)")
            }
        }
        for d in documents { check(d) }
        for _ in 0..<30_000 {
            let m = Self.mutated(documents.randomElement(using: &g)!, &g)
            mutants += 1
            check(m)
        }
        // Most of the valid documents, and some of the mutants, are answered, not all left to Foundation.
        #expect(answered > documents.count / 2)
        #expect(mutants == 30_000)
    }

    /// An object of many members is Foundation's (checking its keys one by one would cost the
    /// square of their number), and is read all the same.
    @Test func aLargeObjectIsLeftToFoundation() throws {
        let small = Dictionary(uniqueKeysWithValues: (0..<JSONTokens.maxMembers).map { ("k\($0)", $0) })
        let large = Dictionary(uniqueKeysWithValues: (0..<100_000).map { ("k\($0)", $0) })
        #expect(Self.ours([String: Int].self, Array(try JSONEncoder().encode(small))) == small)
        let bytes = Array(try JSONEncoder().encode(large))
        #expect(Self.ours([String: Int].self, bytes) == nil)
        #expect(Self.theirs([String: Int].self, bytes) == large)
    }

    @Test func theEnvelopeReadsDataThroughEitherTheSame() throws {
        // Plain: the token decoder answers. An integer written 1e2, and -0: Foundation's reading.
        for data in [#"{"id":7,"name":"x"}"#, #"{"id":1e2,"name":"x"}"#, #"{"id":-0,"name":"\ud83d\ude00"}"#] {
            let body = Data(
                (#"{"specversion":"1.0","id":"m1","source":"test","type":""# + Thing.messageType.rawValue + #"","#
                    + #""datacontenttype":"application/json","data":"# + data + "}").utf8)
            let viaCodec = try EnvelopeCodec.decode(Thing.self, from: body).data
            let viaFoundation = try? JSONDecoder().decode(Thing.self, from: Data(data.utf8))
            #expect(viaCodec == viaFoundation, "\(data)")
        }
    }

    struct Thing: MessagePayload, Equatable {
        static let messageType = MessageType(service: "test", aggregate: "thing", name: "made")
        var id: Int
        var name: String
    }
}
