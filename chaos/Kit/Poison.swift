import Contracts
import Foundation
import Logging
import Messaging
import RBNTestSupport

/// Poison for the support desk's commands queue, of five kinds in turn.
func poison(_ i: Int, run: String) throws -> AMQPMessage {
    let good = try EnvelopeCodec.message(
        for: Envelope(
            SupportDesk.OpenTicket(
                schulnummer: "193001", title: "\(run)-poison-\(i)", description: "Gift", category: .hardware,
                requester: .init(name: "Gift", email: "\(run)-poison-\(i)@chaos.example")),
            id: "\(run)-poison-\(i)"))
    var m = good
    // Oversized ones (over 1 MiB each) only a few times: the broker need not hold gigabytes.
    switch i % 5 == 2 && i > 20 ? 0 : i % 5 {
    case 0: m.body = Data("kein JSON \(i)".utf8)
    case 1:
        m.properties.type = "de.nrw.rbn.supportdesk.ticket.open.v9"
        m.body = Data(
            String(decoding: good.body, as: UTF8.self).replacingOccurrences(of: ".open.v1", with: ".open.v9").utf8)
    case 2: m.body = good.body + Data(repeating: 0x20, count: 1 << 20)
    case 3:
        m.properties.type = "de.nrw.rbn.supportdesk.ticket.frobnicate.v1"
        m.body = Data(
            String(decoding: good.body, as: UTF8.self).replacingOccurrences(of: ".open.v1", with: ".frobnicate.v1").utf8
        )
    default: m.properties.contentType = "text/plain"
    }
    m.properties.userID = "guest"
    return m
}

/// Scenario 4: good commands with poison among them; every poison message dead-lettered with a
/// reason, every good one handled.
func poisonScenario(_ sys: SystemUnderTest, _ o: Options) async throws -> (Tally, dead: Int, reasons: Set<String>) {
    let eveningID = try await SuiteLoad.evening(sys)
    let run = "poison\(UUID().uuidString.prefix(6).lowercased())"
    let poisons = max(5, o.commands / 10)
    let quiet = Logger(label: "chaos") { _ in SwiftLogNoOpLogHandler() }
    let connection = try await AMQPConnection.connect(try AMQPConfiguration(uri: sys.brokerURL()), logger: quiet)
    for i in 0..<poisons {
        try await connection.publish(
            try poison(i, run: run), exchange: RBNTopology.commandsExchange, routingKey: "supportdesk")
    }
    await connection.close()
    try await load(sys, run: run, commands: o.commands, eveningID: eveningID, seconds: Double(o.commands) / 400)
    var tally = try await settle(sys, run: run, commands: o.commands)
    tally.sent += poisons
    var dead = 0
    for _ in 0..<60 {
        let out = try await sys.ctl(["list_queues", "-p", sys.vhost, "name", "messages", "--quiet"])
        dead =
            out.split(separator: "\n").first { $0.hasPrefix("supportdesk.dead\t") }
            .flatMap { Int($0.split(separator: "\t").last ?? "") } ?? 0
        if dead >= poisons { break }
        try await Task.sleep(for: .milliseconds(500))
    }
    let list = try await sys.run("rbnctl", ["dlq", "list", "supportdesk", "--limit", "1000", "--json"])
    let letters = (try? JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]) ?? []
    let reasons = Set(letters.compactMap { ($0["reason"] as? String)?.split(separator: ":").first.map(String.init) })
    tally.lost += max(0, poisons - dead)
    return (tally, dead, reasons)
}
