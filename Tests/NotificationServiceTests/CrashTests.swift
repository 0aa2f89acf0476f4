import Contracts
import Foundation
import Logging
import Messaging
import RBNTestSupport
import Testing

/// The notification process SIGKILLed again and again while 2,000 events arrive: afterwards every
/// event has been delivered, and none twice.
@Suite("Notifications survive crashes", .hangGuard)
struct CrashTests {
    @Test func killedDuringABurstEveryMailArrivesOnce() async throws {
        try await SystemUnderTest.with(services: ["notification"], registry: false) { sys in
            let config = try AMQPConfiguration(uri: sys.brokerURL())
            let connection = try await AMQPConnection.connect(
                config, logger: .init(label: "test") { _ in SwiftLogNoOpLogHandler() })
            defer { Task { await connection.close() } }
            // The service declares the exchanges and its queue; wait until it has.
            let ready = try await eventually(until: { $0.status == 0 }) {
                try await sys.run("rbnctl", ["notify", "log", "--timeout", "2"])
            }
            #expect(ready.status == 0, "\(ready.stderr)")

            let count = 2000
            let clock = SupportDesk.Clock(state: .ok, used: 0, target: 3600)
            let publisher = Task {
                for i in 0..<count {
                    let ticket = SupportDesk.Ticket(
                        id: i + 1, title: "Anfrage \(i + 1)", status: .new, priority: .normal, category: .other,
                        level: 1, schulnummer: "193001", schoolName: "Grundschule am Werreufer",
                        networkID: "kreis-lippe", schultraegerID: nil, itGroupEmail: nil,
                        requester: .init(name: "Elternteil \(i)", email: "person\(i)@schule.example"), assignee: nil,
                        openedAt: "2026-11-30T08:00:00Z", firstResponse: clock, resolution: clock)
                    try await connection.publishEvent(SupportDesk.TicketOpened(ticket: ticket, by: "guest"))
                }
            }
            let maildir = "\(sys.directory)/maildir/new"
            func delivered() -> Int { ((try? FileManager.default.contentsOfDirectory(atPath: maildir)) ?? []).count }
            // Three hard kills while the burst is handled, each followed by a restart.
            for _ in 0..<3 {
                try await Task.sleep(for: .milliseconds(Int.random(in: 300...900)))
                await sys.kill("notification")
                try sys.start("notification")
            }
            try await publisher.value
            _ = await eventually(every: .milliseconds(200), until: { $0 >= count }) { delivered() }
            try await Task.sleep(for: .seconds(2))
            let files = (try? FileManager.default.contentsOfDirectory(atPath: maildir)) ?? []
            #expect(files.count == count)
            let recipients = Set(
                files.compactMap { try? String(contentsOfFile: "\(maildir)/\($0)", encoding: .utf8) }.compactMap {
                    mail in
                    mail.split(separator: "\r\n").first { $0.hasPrefix("To: ") }.map(String.init)
                })
            #expect(recipients.count == count, "each requester once")
            let log = try await sys.run("rbnctl", ["notify", "log", "--limit", "1000", "--json"])
            let list = try JSONDecoder().decode(Notifications.DeliveryList.self, from: Data(log.stdout.utf8))
            #expect(list.deliveries.allSatisfy { $0.status == .sent })
        }
    }
}
