/// Reads `--name value` pairs from a benchmark's command line.
public enum BenchOptions {
    /// The pairs in order; throws for a flag without a value or one not in `known`.
    public static func pairs(_ args: [String], known: Set<String>, usage: String) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        var it = args.dropFirst().makeIterator()
        while let arg = it.next() {
            guard known.contains(arg) else { throw BenchError("unknown option \(arg); see \(usage)") }
            guard let value = it.next() else { throw BenchError("\(arg) needs a value") }
            pairs.append((arg, value))
        }
        return pairs
    }

    /// A positive whole number, or an error naming the option.
    public static func positive(_ name: String, _ value: String) throws -> Int {
        guard let n = Int(value), n > 0 else { throw BenchError("\(name) must be a positive number, got '\(value)'") }
        return n
    }
}
