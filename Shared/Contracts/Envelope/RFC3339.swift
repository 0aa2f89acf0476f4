import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 timestamps in UTC with milliseconds (`2026-11-29T08:15:00.250Z`); reading also accepts
/// whole seconds, any number of fraction digits and numeric offsets.
///
/// Both directions are written by hand: Foundation's formatters cost more than the rest of
/// encoding or decoding an envelope.
public enum RFC3339 {
    public static func string(from date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ n: Int32, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        let ms = Int32(((millis % 1000) + 1000) % 1000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(ms, 3))Z"
    }

    /// The instant of an RFC 3339 `date-time`; nil when the text is not one (wrong shape, or a
    /// field out of range such as February 30th or hour 24).
    public static func date(from string: String) -> Date? {
        var text = string
        return text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            return reader.dateTime()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        mutating func dateTime() -> Date? {
            guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2),
                expect(UInt8(ascii: "-")), let day = digits(2), expectSeparator(),
                let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2),
                expect(UInt8(ascii: ":")), let second = digits(2)
            else { return nil }
            guard (1...12).contains(month), (1...CivilDay.days(inMonth: month, of: year)).contains(day),
                hour < 24, minute < 60, second <= 60
            else { return nil }
            var fraction = 0.0
            if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
                at += 1
                var scale = 0.1
                let start = at
                while at < bytes.count, let d = digit(bytes[at]) {
                    fraction += Double(d) * scale
                    scale /= 10
                    at += 1
                }
                guard at > start else { return nil }
            }
            guard at < bytes.count else { return nil }
            var offset = 0
            switch bytes[at] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                at += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[at] == UInt8(ascii: "-") ? -1 : 1
                at += 1
                guard let h = digits(2), expect(UInt8(ascii: ":")), let m = digits(2), h < 24, m < 60 else {
                    return nil
                }
                offset = sign * (h * 3600 + m * 60)
            default:
                return nil
            }
            guard at == bytes.count else { return nil }
            let days = CivilDay(year, month, day).ordinal
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
            return Date(timeIntervalSince1970: Double(seconds) + fraction)
        }

        private func digit(_ byte: UInt8) -> Int? {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
        }

        private mutating func digits(_ count: Int) -> Int? {
            guard at + count <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<count {
                guard let d = digit(bytes[at]) else { return nil }
                value = value * 10 + d
                at += 1
            }
            return value
        }

        private mutating func expect(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        /// `T`, `t`, or the space RFC 3339 allows for readability.
        private mutating func expectSeparator() -> Bool {
            expect(UInt8(ascii: "T")) || expect(UInt8(ascii: "t")) || expect(UInt8(ascii: " "))
        }
    }
}
