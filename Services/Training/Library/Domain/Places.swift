import Contracts
import Foundation

/// How a round's places are given: while confirmed and offered applications are fewer than the
/// capacity, an application gets a place; else it waits. A freed place goes to the oldest waiting
/// application as an offer held for the round's hold time.
public enum Places {
    /// Whether a newcomer gets a place (else the waiting list), with `taken` places confirmed or held.
    public static func hasRoom(capacity: Int, taken: Int) -> Bool { taken < capacity }

    /// Whether a newcomer bringing `seats` people gets places (else the waiting list).
    public static func hasRoom(capacity: Int, taken: Int, seats: Int) -> Bool { taken + seats <= capacity }

    /// Offers freed places to the oldest of `waiting` (ids with the places each needs, in the order
    /// they came) whose people fit into what is free; one who does not fit lets the next, smaller
    /// one go first, and keeps their position for the next freed place.
    public static func offer(
        capacity: Int, taken: Int, waiting: [(id: Int, seats: Int)], _ make: (Int) throws -> Void
    ) rethrows {
        var free = capacity - taken
        for w in waiting where free > 0 && w.seats <= free {
            try make(w.id)
            free -= w.seats
        }
    }

    /// How many waiting applications get an offer now.
    public static func offersToMake(capacity: Int, taken: Int, waiting: Int) -> Int {
        max(0, min(capacity - taken, waiting))
    }

    /// Offers freed places to the oldest of `waiting` (ids in the order they came), as many as
    /// there are free places.
    public static func offer(
        capacity: Int, taken: Int, waiting: [Int], _ make: (Int) throws -> Void
    ) rethrows {
        for id in waiting.prefix(offersToMake(capacity: capacity, taken: taken, waiting: waiting.count)) {
            try make(id)
        }
    }

    /// Expires each offer (`expire` returns what it belongs to: a round or an evening), then offers
    /// the places freed in each of those once, in the order of their keys.
    public static func expire<Parent, Key: Hashable & Comparable>(
        _ offers: [Int], key: (Parent) -> Key, expire: (Int) throws -> Parent, promote: (Parent) throws -> Void
    ) rethrows {
        var parents: [Key: Parent] = [:]
        for id in offers {
            let parent = try expire(id)
            parents[key(parent)] = parent
        }
        for k in parents.keys.sorted() { try promote(parents[k]!) }
    }

    /// When an offer made at `now` expires; `hourLength` is 3600 seconds but in tests.
    public static func offerExpiry(from now: Date, holdHours: Int, hourLength: Double = 3600) -> Date {
        now.addingTimeInterval(Double(holdHours) * hourLength)
    }
}

/// Certificate numbers, `MS-2026-7KQ2M9-X`: the school year's first year, six random characters,
/// and a check character. The check is a weighted sum modulo the prime 37 (weights 1, 2, 3 … by
/// position), so every single mistyped character and every swap of two neighbours changes it;
/// bodies whose check would be the 37th value (no character for it) are drawn again.
public enum CertificateNumber {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    public static func make<R: RandomNumberGenerator>(year: Int, using random: inout R) -> String {
        while true {
            let body = String((0..<6).map { _ in alphabet[Int.random(in: 0..<36, using: &random)] })
            if let c = check("\(year)\(body)") { return "MS-\(year)-\(body)-\(c)" }
        }
    }

    public static func make(year: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return make(year: year, using: &g)
    }

    /// Whether the number is well-formed and its check character fits.
    public static func isWellFormed(_ number: String) -> Bool {
        let parts = number.uppercased().split(separator: "-").map(String.init)
        guard parts.count == 4, parts[0] == "MS", parts[1].count == 4, Int(parts[1]) != nil, parts[2].count == 6,
            parts[3].count == 1, (parts[2] + parts[3]).allSatisfy({ alphabet.contains($0) })
        else { return false }
        return check(parts[1] + parts[2]) == parts[3].first
    }

    /// The character c with sum(wᵢ·vᵢ) + w·c ≡ 0 (mod 37), w being the position after the payload;
    /// nil when c would have to be 36.
    static func check(_ payload: String) -> Character? {
        let values = payload.compactMap { alphabet.firstIndex(of: $0) }
        let sum = values.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element } % 37
        let w = values.count + 1
        // c = -sum / w (mod 37); w's inverse by Fermat: w^35.
        var inverse = 1
        for _ in 0..<35 { inverse = inverse * w % 37 }
        let c = (37 - sum) % 37 * inverse % 37
        return c < 36 ? alphabet[c] : nil
    }
}
