import ArgumentParser
import CLIKit
import Foundation

/// Ticket ids as arguments: `12`, `#12`, or `-` for ids read from standard input (whitespace or
/// commas between them), so `desk list --ids --status new | desk take -` works.
struct TicketIDs: ParsableArguments {
    @Argument(help: "Ticket ids ('-' reads them from standard input).")
    var ids: [String] = []

    init() {}

    /// Ids already read.
    init(_ ids: [Int]) { self.ids = ids.map(String.init) }

    /// Whether standard input carries ids (and so cannot carry a text).
    var readsStandardInput: Bool { ids.contains("-") }

    func validate() throws {
        guard !ids.isEmpty else {
            throw ValidationError("give at least one ticket id (or '-' to read them from standard input)")
        }
        for id in ids where id != "-" { _ = try Self.parse(id) }
    }

    /// The ids, in order and without repeats.
    func resolve() throws -> [Int] {
        var out: [Int] = []
        for arg in ids {
            let parts = arg == "-" ? IDList.parts(readStandardInput()).map(String.init) : [arg]
            for p in parts {
                let id = try Self.parse(p)
                if !out.contains(id) { out.append(id) }
            }
        }
        guard !out.isEmpty else { throw ValidationError("no ticket ids on standard input") }
        return out
    }

    static func parse(_ text: String) throws -> Int {
        guard let id = IDList.id(text) else { throw ValidationError("'\(text)' is not a ticket id") }
        return id
    }
}

/// One ticket id as an argument (`12` or `#12`).
struct TicketID: ExpressibleByArgument {
    let value: Int
    init?(argument: String) {
        guard let id = try? TicketIDs.parse(argument) else { return nil }
        value = id
    }
}
