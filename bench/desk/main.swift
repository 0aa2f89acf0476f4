// bench-desk: how the support desk's lists and full-text searches scale with the store.
//
// For each store size, builds a store as years of use leave it (SyntheticDesk: old tickets
// closed, recent ones open), then times typical queries inside the service: the envelope decoded,
// the handler run on a read snapshot of the store, the reply encoded, exactly as the consumer does
// it, without the broker. Prints p50 / p99 per query and size and the growth from the smallest to
// the largest store. Goal: p50 under 20 ms at 1,000,000 tickets, growth at most 2×.
//
// With --desk and --service (and a broker in RBN_TEST_AMQP_URL), it then times the `desk` CLI as
// a process against a real support-desk process with 100,000 tickets (see CLIBench.swift).
//
//   bench-desk [--sizes 10000,1000000] [--runs N] [--csv FILE]
//              [--desk PATH --service PATH [--cli-tickets N] [--cli-runs N]]
import BenchSupport
import Contracts
import Foundation
import GRDB
import ServiceKit
import SupportDeskService

struct Options {
    var sizes = [10_000, 1_000_000]
    var runs = 300
    var csv = "var/bench/desk.csv"
    var desk: String?
    var service: String?
    var cliTickets = 100_000
    var cliRuns = 30

    init(_ args: [String]) throws {
        let known: Set = ["--sizes", "--runs", "--csv", "--desk", "--service", "--cli-tickets", "--cli-runs"]
        for (arg, value) in try BenchOptions.pairs(args, known: known, usage: "bench/desk/main.swift") {
            switch arg {
            case "--sizes": sizes = try value.split(separator: ",").map { try BenchOptions.positive(arg, String($0)) }
            case "--runs": runs = try BenchOptions.positive(arg, value)
            case "--desk": desk = value
            case "--service": service = value
            case "--cli-tickets": cliTickets = try BenchOptions.positive(arg, value)
            case "--cli-runs": cliRuns = try BenchOptions.positive(arg, value)
            default: csv = value
            }
        }
    }
}

/// One query as an agent sends it.
struct Query {
    let name: String
    let sender: String
    let body: @Sendable (_ newest: Int64, _ serial: String) throws -> Data

    static func list(_ name: String, as sender: String, _ q: SupportDesk.ListTickets) -> Query {
        Query(name: name, sender: sender) { _, _ in try EnvelopeCodec.encode(Envelope(q)) }
    }
}

let admin = "bench-admin"
let open: [SupportDesk.Status] = [.new, .open, .pending]
let queries: [Query] = [
    .list(
        "work queue of a network (coordinator)", as: SyntheticDesk.coordinator,
        .init(status: open, sort: .oldest, limit: 50)),
    .list("my open tickets (1st level)", as: "bench-agent-7", .init(status: open, assignee: "me", limit: 50)),
    .list(
        "one school's history", as: admin,
        .init(schulnummer: SyntheticDesk.schulnummer(network: 1, index: 17), limit: 50)),
    .list("closed, by category, newest", as: admin, .init(status: [.closed], category: .devices, limit: 50)),
    .list("search a frequent word: WLAN", as: admin, .init(text: "WLAN", limit: 50)),
    .list(
        "search two words in scope (coordinator)", as: SyntheticDesk.coordinator,
        .init(text: "Drucker Lehrerzimmer", limit: 50)),
    Query(name: "search a device serial", sender: admin) { _, serial in
        try EnvelopeCodec.encode(Envelope(SupportDesk.ListTickets(text: serial, limit: 50)))
    },
    Query(name: "show one ticket", sender: admin) { newest, _ in
        try EnvelopeCodec.encode(Envelope(SupportDesk.GetTicket(ticketID: Int(newest / 2))))
    },
]

struct Measured {
    var p50: Double
    var p99: Double
    var rows: Int
}

func measure(
    size: Int, runs: Int, handlers: HandlerRegistry
) async throws -> (
    results: [Measured], fill: Double, megabytes: Double
) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-bench-desk-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let clock = ContinuousClock()
    let started = clock.now
    let (store, newest) = try await syntheticStore(tickets: size, in: dir)
    let fill = Stats.seconds(clock.now - started)
    let serial =
        try await store.read { db in
            try String.fetchOne(db, sql: "SELECT description FROM tickets WHERE id = ?", arguments: [newest / 3]) ?? ""
        }.split(separator: " ").first { $0.hasPrefix("SN") }.map { String($0.dropLast()) } ?? "SN0"
    let megabytes = Double((try? FileManager.default.attributesOfItem(atPath: store.path)[.size] as? Int) ?? 0) / 1e6

    var results: [Measured] = []
    for q in queries {
        let body = try q.body(newest, serial)
        var times: [Double] = []
        var rows = 0
        for run in 0..<(runs + runs / 10) {
            let t0 = clock.now
            let reply = try await store.read { db in try handlers.runQuery(body, sender: q.sender, in: db) }
            let elapsed = Stats.seconds(clock.now - t0)
            if run >= runs / 10 { times.append(elapsed) }  // the first tenth warms the cache
            if run == 0 { rows = count(reply) }
        }
        results.append(Measured(p50: Stats.median(times), p99: Stats.percentile(times, 99), rows: rows))
    }
    return (results, fill, megabytes)
}

/// A support-desk store in `directory` with `tickets` tickets as years of use leave them (written in
/// transactions of 50,000, checkpointed); and the id of the newest.
func syntheticStore(tickets: Int, in directory: String) async throws -> (Store, Int64) {
    let store = try Store(
        directory: directory, name: "support-desk", migrations: SupportDeskService.definition().migrations)
    let now = Date()
    var (done, newest): (Int, Int64) = (0, 0)
    while done < tickets {
        let (chunk, first) = (min(50_000, tickets - done), done)
        newest = try await store.write { db in
            try SyntheticDesk.fill(
                db, tickets: chunk, newest: now.addingTimeInterval(-Double(tickets - first - chunk) * 300), now: now,
                seed: UInt64(first))
        }
        done += chunk
    }
    try await store.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    return (store, newest)
}

/// Tickets in a list reply, or 1 for a ticket's details.
func count(_ reply: Data) -> Int {
    guard let json = try? JSONSerialization.jsonObject(with: reply) as? [String: Any],
        let data = json["data"] as? [String: Any]
    else { return 0 }
    return (data["tickets"] as? [Any])?.count ?? (data["ticket"] != nil ? 1 : 0)
}

func ms(_ s: Double) -> String { String(format: "%.2f", s * 1000) }

func run() async throws {
    let o = try Options(CommandLine.arguments)
    let handlers = SupportDeskService.definition(admins: [admin]).handlers
    print("bench-desk: queries inside the support desk, p50 / p99 of \(o.runs) runs each, in ms")
    var bySize: [(size: Int, results: [Measured])] = []
    for size in o.sizes {
        let (results, fill, mb) = try await measure(size: size, runs: o.runs, handlers: handlers)
        print(String(format: "  %@ tickets: store built in %.1f s, %.0f MB", size.formatted(), fill, mb))
        bySize.append((size, results))
    }
    let name = queries.map(\.name.count).max() ?? 20
    func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
    print(
        pad("query", name) + "  "
            + bySize.map { pad("\($0.size.formatted()) (rows)", 24) }.joined(separator: "") + "growth p50")
    var rows: [String] = []
    var met = true
    for (i, q) in queries.enumerated() {
        var line = pad(q.name, name) + "  "
        for (size, results) in bySize {
            let m = results[i]
            line += pad("\(ms(m.p50)) / \(ms(m.p99)) (\(m.rows))", 24)
            rows.append("\(q.name),\(size),\(m.p50 * 1000),\(m.p99 * 1000),\(m.rows)")
        }
        if let small = bySize.first?.results[i], let large = bySize.last?.results[i] {
            let growth = large.p50 / small.p50
            line += String(format: "%.2f×", growth)
            met = met && large.p50 < 0.020 && growth <= 2
        }
        print(line)
    }
    print("goal: p50 under 20 ms in the largest store, growth at most 2×: \(met ? "met" : "NOT met")")
    try Stats.writeCSV(o.csv, header: "query,tickets,p50_ms,p99_ms,rows", rows: rows)
    print("CSV: \(o.csv)")
    if let desk = o.desk, let service = o.service {
        try await cli(desk: desk, service: service, o)
    }
}

func cli(desk: String, service: String, _ o: Options) async throws {
    guard let url = ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] else {
        throw BenchError("RBN_TEST_AMQP_URL is not set; run 'make bench', which starts a broker")
    }
    print(
        "\nbench-desk: the desk CLI as a process (start, connect, ask, print), \(o.cliTickets.formatted()) tickets, "
            + "median / p90 of \(o.cliRuns) runs, in ms")
    let results = try await CLIBench(
        desk: desk, service: service, brokerURL: url, tickets: o.cliTickets, runs: o.cliRuns
    ).run()
    var rows: [String] = []
    for r in results {
        print("  " + r.name.padding(toLength: 36, withPad: " ", startingAt: 0) + "\(ms(r.median)) / \(ms(r.p90))")
        rows.append("\(r.name),\(o.cliTickets),\(r.median * 1000),\(r.p90 * 1000)")
    }
    let met = results.prefix(2).allSatisfy { $0.median < 0.150 }
    print("goal: desk show and desk list under 150 ms (median): \(met ? "met" : "NOT met")")
    let csv = o.csv.replacingOccurrences(of: ".csv", with: "-cli.csv")
    try Stats.writeCSV(csv, header: "command,tickets,median_ms,p90_ms", rows: rows)
    print("CSV: \(csv)")
}

do {
    try await run()
} catch {
    FileHandle.standardError.write(Data("bench-desk: \(error)\n".utf8))
    exit(1)
}
