// bench-notify: deliveries per second of the notification service, to the maildir and to a local
// SMTP server (aiosmtpd), each beside the same channel driven directly in this process (the
// floor: no broker, no store, no rules), so the ratio says what the service costs.
//
//   bench-notify --service PATH --smtp-server PATH [--messages N] [--csv FILE]
import BenchSupport
import Contracts
import Foundation
import Logging
import Messaging
import NotificationService
import RBNTestSupport

struct Options {
    var service = ""
    var smtpServer = "scripts/test-smtp-server"
    var messages = 2000
    var csv = "var/bench/notify.csv"

    init(_ args: [String]) throws {
        let known: Set = ["--service", "--smtp-server", "--messages", "--csv"]
        for (arg, value) in try BenchOptions.pairs(args, known: known, usage: "bench/notify/main.swift") {
            switch arg {
            case "--service": service = value
            case "--smtp-server": smtpServer = value
            case "--messages": messages = try BenchOptions.positive(arg, value)
            default: csv = value
            }
        }
        guard !service.isEmpty else { throw BenchError("--service PATH (the notification binary) is required") }
    }
}

func outgoing(_ i: Int, run: String) -> Outgoing {
    Outgoing(
        deliveryID: i, eventID: "\(run)-\(i)", recipient: "person\(i)@schule.example", recipientName: "Jörg Müller",
        subject: "Ihre Anfrage #\(i) ist eingegangen", text: "Hallo,\n\nwir kümmern uns darum.\n", language: "de")
}

/// Messages per second through a channel, sequentially, as the service's one worker sends them.
func direct(_ channel: any Channel, _ n: Int, run: String) async throws -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    for i in 1...n {
        guard await channel.send(outgoing(i, run: run)) == .sent else {
            throw BenchError("\(run): message \(i) not sent")
        }
    }
    return Double(n) / Stats.seconds(clock.now - start)
}

/// Messages per second through the service: events published, mails counted where they land.
func throughService(
    _ o: Options, uri: String, extra: [String: String], dir: String, count: @escaping () -> Int
) async throws -> Double {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let service = try ChildProcess(
        o.service,
        environment: [
            "RBN_AMQP_URL": uri, "RBN_DATA_DIR": dir, "RBN_HTTP_ADDR": "off", "RBN_PUBLISHERS": "*",
            "RBN_LOG_LEVEL": "info",
        ].merging(extra) { $1 }, logPath: "\(dir)/notification.log")
    defer { service.signal(SIGKILL) }
    let connection = try await AMQPConnection.connect(try AMQPConfiguration(uri: uri), logger: Stats.quietLogger)
    // Ready once it declared the exchanges and its queue (a publish before would be lost).
    var ready = false
    for _ in 0..<200 where !ready {
        ready =
            (try? String(contentsOfFile: "\(dir)/notification.log", encoding: .utf8))?.contains("consuming") ?? false
        if !ready { try await Task.sleep(for: .milliseconds(50)) }
    }
    guard ready else { throw BenchError("notification did not start: \(service.tail())") }
    let clock = SupportDesk.Clock(state: .ok, used: 0, target: 3600)
    let bodies = try (1...o.messages).map { i in
        let t = SupportDesk.Ticket(
            id: i, title: "Anfrage \(i)", status: .new, priority: .normal, category: .other, level: 1,
            schulnummer: "193001", schoolName: "Grundschule am Werreufer", networkID: "kreis-lippe",
            schultraegerID: nil, itGroupEmail: nil,
            requester: .init(name: "Jörg Müller", email: "bench\(i)@schule.example"), assignee: nil,
            openedAt: "2026-11-30T08:00:00Z", firstResponse: clock, resolution: clock)
        return try EnvelopeCodec.message(for: Envelope(SupportDesk.TicketOpened(ticket: t, by: "guest")))
    }
    let timer = ContinuousClock()
    let start = timer.now
    for b in bodies {
        try await connection.publish(
            b, exchange: RBNTopology.eventsExchange, routingKey: SupportDesk.TicketOpened.messageType.eventRoutingKey)
    }
    let deadline = timer.now + .seconds(300)
    while count() < o.messages, timer.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    let elapsed = Stats.seconds(timer.now - start)
    await connection.close()
    await service.stop()
    guard count() >= o.messages else { throw BenchError("only \(count()) of \(o.messages) arrived: \(service.tail())") }
    return Double(o.messages) / elapsed
}

func files(_ dir: String) -> Int { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).count }

func run() async throws {
    let o = try Options(CommandLine.arguments)
    guard let uri = ProcessInfo.processInfo.environment["RBN_TEST_AMQP_URL"] else {
        throw BenchError("RBN_TEST_AMQP_URL is not set; run 'make bench', which starts a broker")
    }
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("rbn-bench-notify-\(UUID().uuidString)")
        .path
    defer { try? FileManager.default.removeItem(atPath: base) }
    print("bench-notify: \(o.messages) messages per run, deliveries per second")

    // Maildir.
    let direct1 = try await direct(MaildirChannel(directory: "\(base)/direct-maildir"), o.messages, run: "direct")
    let service1 = try await throughService(o, uri: uri, extra: [:], dir: "\(base)/service-maildir") {
        files("\(base)/service-maildir/maildir/new")
    }

    // SMTP, against aiosmtpd on loopback.
    let outbox = "\(base)/smtp"
    let server = try ChildProcess(o.smtpServer, arguments: [outbox], environment: [:], logPath: "\(base)/smtp.log")
    defer { server.signal(SIGKILL) }
    var port = 0
    for _ in 0..<200 where port == 0 {
        let log = (try? String(contentsOfFile: "\(base)/smtp.log", encoding: .utf8)) ?? ""
        port = log.split(separator: "\n").first { $0.hasPrefix("ready ") }.flatMap { Int($0.dropFirst(6)) } ?? 0
        if port == 0 { try await Task.sleep(for: .milliseconds(50)) }
    }
    guard port > 0 else { throw BenchError("the SMTP server did not start") }
    let direct2 = try await direct(
        SMTPChannel(.init(host: "127.0.0.1", port: port, security: .none)), o.messages, run: "direct")
    let before = files(outbox)
    let service2 = try await throughService(
        o, uri: uri, extra: ["RBN_SMTP_URL": "smtp://127.0.0.1:\(port)?tls=none"], dir: "\(base)/service-smtp"
    ) { files(outbox) - before }

    func line(_ name: String, _ s: Double, _ d: Double) -> String {
        name.padding(toLength: 10, withPad: " ", startingAt: 0)
            + String(format: "service %7.0f/s   channel alone %7.0f/s   ratio %.2f", s, d, s / d)
    }
    print(line("maildir", service1, direct1))
    print(line("smtp", service2, direct2))
    try Stats.writeCSV(
        o.csv, header: "channel,service_per_s,channel_alone_per_s,ratio",
        rows: [
            "maildir,\(service1),\(direct1),\(service1 / direct1)", "smtp,\(service2),\(direct2),\(service2 / direct2)",
        ])
    print("CSV: \(o.csv)")
}

do {
    try await run()
} catch {
    FileHandle.standardError.write(Data("bench-notify: \(error)\n".utf8))
    exit(1)
}
