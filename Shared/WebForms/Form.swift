import Foundation

/// A submitted form (`application/x-www-form-urlencoded`): at most ``maxFields`` fields, each
/// value at most ``maxValueLength`` characters, the first value of a repeated name kept.
public struct Form: Equatable, Sendable {
    public static let maxFields = 32
    public static let maxValueLength = 20_000

    public private(set) var values: [String: String] = [:]

    /// Why a body is not a form we take.
    public struct Invalid: Error, Equatable {}

    public init(_ values: [String: String] = [:]) { self.values = values }

    public init(body: String) throws(Invalid) {
        let pairs = body.split(separator: "&", omittingEmptySubsequences: true)
        guard pairs.count <= Self.maxFields else { throw Invalid() }
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "")
            else { throw Invalid() }
            guard value.count <= Self.maxValueLength else { throw Invalid() }
            if values[name] == nil { values[name] = value }
        }
    }

    public subscript(_ name: String) -> String { values[name] ?? "" }

    /// A value trimmed of spaces at both ends.
    public func trimmed(_ name: String) -> String { self[name].trimmingCharacters(in: .whitespacesAndNewlines) }

    private static func decode(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
