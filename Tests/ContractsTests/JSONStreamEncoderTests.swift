import Foundation
import Testing

@testable import Contracts

@Suite("JSON written in one pass")
struct JSONStreamEncoderTests {
    enum Colour: String, Codable, Equatable { case red, blau = "blau-grün" }
    struct Empty: Codable, Equatable {}
    struct Leaf: Codable, Equatable {
        var name: String
        var count: Int64
        var small: UInt8
        var ratio: Float
        var when: Date?
        var colour: Colour
    }
    struct Tree: Codable, Equatable {
        var title: String
        var missing: String?
        var present: Int?
        var flag: Bool
        var share: Double
        var leaves: [Leaf]
        var none: [Leaf]
        var nested: [[Int]]
        var byName: [String: Leaf]
        var byNumber: [Int: String]
        var empty: Empty
        var optionalLeaf: Leaf?
        var texts: [String?]
    }
    /// Writes its members through nested containers, as a hand-written conformance may.
    struct Nesting: Encodable {
        enum K: String, CodingKey { case a, inner, list, z }
        enum I: String, CodingKey { case x }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            try c.encode(1, forKey: .a)
            var inner = c.nestedContainer(keyedBy: I.self, forKey: .inner)
            try inner.encode("x", forKey: .x)
            var list = c.nestedUnkeyedContainer(forKey: .list)
            try list.encode(true)
            try list.encodeNil()
            var deeper = list.nestedContainer(keyedBy: I.self)
            try deeper.encode(2.5, forKey: .x)
            try c.encode("last", forKey: .z)
        }
    }
    /// Goes back to a container after its sibling took over: out of order.
    struct OutOfOrder: Encodable {
        enum K: String, CodingKey { case a, b }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            var a = c.nestedUnkeyedContainer(forKey: .a)
            try c.encode(1, forKey: .b)
            try a.encode(2)
        }
    }

    static let texts = [
        "", "plain", "\"quoted\" and \\back\\slash", "a/b", "line\nbreak\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}",
        "Grüße 名前 🎓",
        "\u{2028}\u{2029}",
    ]

    func leaf(_ i: Int) -> Leaf {
        Leaf(
            name: Self.texts[i % Self.texts.count], count: Int64.max - Int64(i), small: UInt8(i % 256),
            ratio: Float(i) / 7,
            when: i % 2 == 0 ? Date(timeIntervalSinceReferenceDate: 786_123_456.789 + Double(i)) : nil,
            colour: i % 3 == 0 ? .red : .blau)
    }

    func foundation<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    func json(_ data: some Collection<UInt8>) throws -> NSObject {
        try #require(JSONSerialization.jsonObject(with: Data(data), options: [.fragmentsAllowed]) as? NSObject)
    }

    /// The same JSON as JSONEncoder's, member for member, and the same value read back.
    @Test func theSameJSONAsJSONEncoder() throws {
        let tree = Tree(
            title: "Beamer \"ohne\" Bild / Raum 2\n", missing: nil, present: -42, flag: true, share: 0.1 + 0.2,
            leaves: (0..<12).map(leaf), none: [], nested: [[], [1], [2, 3]],
            byName: ["eins": leaf(1), "zwei \"2\"": leaf(2)], byNumber: [1: "a", -7: "b"], empty: Empty(),
            optionalLeaf: leaf(3), texts: Self.texts + [nil])
        let mine = try #require(JSONStreamEncoder.encode(tree))
        #expect(try json(mine) == json(foundation(tree)))
        #expect(try JSONDecoder().decode(Tree.self, from: Data(mine)) == tree)
        for value in [Colour.blau] {
            #expect(try json(#require(JSONStreamEncoder.encode(value))) == json(foundation(value)))
        }
        #expect(try json(#require(JSONStreamEncoder.encode(Empty()))) == json(foundation(Empty())))
        #expect(try json(#require(JSONStreamEncoder.encode(Nesting()))) == json(foundation(Nesting())))
        #expect(
            try json(#require(JSONStreamEncoder.encode([leaf(5), leaf(6)]))) == json(foundation([leaf(5), leaf(6)])))
    }

    /// What it cannot write in one pass, or JSONEncoder refuses, is left to JSONEncoder.
    @Test func outOfOrderAndRefusedValuesAreLeftToJSONEncoder() throws {
        #expect(JSONStreamEncoder.encode(OutOfOrder()) == nil)
        #expect(JSONStreamEncoder.encode(["x": Double.infinity]) == nil)
        #expect(JSONStreamEncoder.encode(Data([1, 2])) == nil)
    }
}
