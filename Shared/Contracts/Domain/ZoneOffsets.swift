import Foundation
import Synchronization

/// A time zone's offset from UTC at an instant, as `TimeZone.secondsFromGMT(for:)` gives it, with
/// the stretches between the zone's transitions remembered: asking ICU costs microseconds, and the
/// SLA clocks and retention periods ask for the same few stretches again and again.
///
/// A stretch runs from an instant that was asked for to the zone's next transition (a change of
/// daylight saving or of the zone's rules), over which the offset cannot change. The last few
/// stretches are kept per zone.
public enum ZoneOffsets {
    struct Stretch {
        let from: Date
        let until: Date
        let seconds: Int
    }

    /// Stretches kept per zone, the most recently found first.
    static let kept = 8
    private static let stretches = Mutex<[String: [Stretch]]>([:])

    /// The zone's offset at `date`, in seconds east of UTC.
    public static func seconds(_ zone: TimeZone, at date: Date) -> Int {
        let id = zone.identifier
        if let hit = stretches.withLock({ $0[id]?.first { $0.from <= date && date < $0.until } }) {
            return hit.seconds
        }
        let seconds = zone.secondsFromGMT(for: date)
        // Without a next transition (a zone without any, or past the last one) the offset holds on.
        let until = zone.nextDaylightSavingTimeTransition(after: date) ?? .distantFuture
        stretches.withLock { all in
            var list = all[id] ?? []
            list.insert(Stretch(from: date, until: until, seconds: seconds), at: 0)
            if list.count > kept { list.removeLast() }
            all[id] = list
        }
        return seconds
    }
}
