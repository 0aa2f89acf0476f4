import Foundation
import Logging

/// Small statistics and output helpers shared by the benchmarks.
public enum Stats {
    public static func median(_ xs: [Double]) -> Double { percentile(xs, 50) }

    /// The p-th percentile (nearest rank) of `xs`.
    public static func percentile(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return .nan }
        let s = xs.sorted()
        let rank = Int((p / 100 * Double(s.count)).rounded(.up)) - 1
        return s[min(max(rank, 0), s.count - 1)]
    }

    /// Seconds in a duration.
    public static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Writes CSV rows under `path`, creating its directory.
    public static func writeCSV(_ path: String, header: String, rows: [String]) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ([header] + rows).joined(separator: "\n").appending("\n").write(to: url, atomically: true, encoding: .utf8)
    }

    /// A logger that only speaks up when something goes wrong, so tables stay readable.
    public static let quietLogger: Logger = {
        var l = Logger(label: "bench")
        l.logLevel = .warning
        return l
    }()
}
