import Contracts
import Foundation

/// The command line: which scenarios, how many commands, how many faults.
public struct Options: Sendable {
    public static let all = ["kill", "broker", "cluster", "term", "poison", "disk", "mail"]
    public var scenarios = Options.all
    public var commands = 20_000
    public var faults = 5
    /// The services faults hit (`--service`, repeat); all when none is named.
    public var targets: [String] = []

    public init(_ args: [String]) throws {
        var i = 0
        while i < args.count {
            let arg = args[i]
            guard i + 1 < args.count else { throw ChaosError("\(arg) needs a value; see chaos/Main/main.swift") }
            let value = args[i + 1]
            switch arg {
            case "--scenario": scenarios = value == "all" ? Options.all : [value]
            case "--commands": commands = Int(value) ?? 0
            case "--faults": faults = Int(value) ?? -1
            case "--service": targets.append(value)
            default: throw ChaosError("unknown option \(arg); see chaos/Main/main.swift")
            }
            i += 2
        }
        guard scenarios.allSatisfy({ Options.all.contains($0) }) else {
            throw ChaosError("--scenario is \(Options.all.joined(separator: ", ")) or all")
        }
        let known = SuiteCatalogue.services.map(\.executable)
        for t in targets where !known.contains(t) {
            throw ChaosError("--service is one of \(known.joined(separator: ", ")), not '\(t)'")
        }
        guard commands > 0, faults >= 0 else { throw ChaosError("--commands and --faults are positive numbers") }
    }
}

/// A scenario that could not run, or a bad command line.
public struct ChaosError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
