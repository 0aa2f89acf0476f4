import Contracts
import Foundation
import Testing

@Suite("Zone offsets")
struct ZoneOffsetsTests {
    /// The remembered stretches give what ICU gives, for instants asked in any order, around
    /// daylight-saving changes (Berlin's, New York's, Lord Howe's half hour) and in zones without
    /// any: every quarter hour around each change, and a pseudo-random walk over eight years.
    @Test func offsetsAreTheZonesOwn() throws {
        let zones = try ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"].map {
            try #require(TimeZone(identifier: $0))
        }
        var instants: [Date] = []
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // 2024-01-01 to 2032-01-01, in seconds.
            instants.append(Date(timeIntervalSince1970: 1_704_067_200 + Double(state >> 36 % 252_460_800)))
        }
        for zone in zones {
            var t = Date(timeIntervalSince1970: 1_704_067_200)
            while let change = zone.nextDaylightSavingTimeTransition(after: t), change.timeIntervalSince1970 < 1.9e9 {
                for quarter in -8...8 { instants.append(change.addingTimeInterval(Double(quarter) * 900 - 1)) }
                for quarter in -8...8 { instants.append(change.addingTimeInterval(Double(quarter) * 900)) }
                t = change
            }
            for date in instants + instants.reversed() {
                #expect(
                    ZoneOffsets.seconds(zone, at: date) == zone.secondsFromGMT(for: date),
                    "\(zone.identifier) at \(date.timeIntervalSince1970)")
            }
        }
    }
}
