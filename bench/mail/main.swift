// bench-mail: mail into the support desk (issue 19). The same mails, a mix of the shapes schools'
// mail clients send (Tests/Mail/shapes.py), go through a Postfix of their own twice: once into a
// plain maildir that Postfix writes itself (the floor), once over LMTP to the support desk, which
// answers 250 only after each mail is a committed ticket or reply. Then, at a fifth of that rate,
// the time from the end of the SMTP DATA to the committed ticket; and the desk's resident memory
// while it takes a 24 MB mail.
//
//   bench-mail [--mails N (10,000)] [--csv FILE]
import BenchSupport
import Foundation
import RBNTestSupport

struct Options {
    var mails = 10_000
    var csv = "var/bench/mail.csv"

    init(_ args: [String]) throws {
        for (arg, value) in try BenchOptions.pairs(args, known: ["--mails", "--csv"], usage: "bench/mail/main.swift") {
            switch arg {
            case "--mails": mails = try BenchOptions.positive(arg, value)
            default: csv = value
            }
        }
    }
}

let domain = "rbn.example"

/// `n` mails cycling through the shapes, from the Medienbeauftragte of school 193001 in the seeds:
/// three in four open a ticket, every fourth answers one of the first hundred tickets by its tag.
/// Each gets a Message-ID and subject of its own (`<run>-<i> …`).
func writeMails(_ n: Int, run: String, into directory: String) async throws -> [String] {
    let shapes = directory + "/shapes"
    var r = await Subprocess.run(["python3", "\(SystemUnderTest.repository)/Tests/Mail/shapes.py", shapes])
    guard r.status == 0 else { throw BenchError("shapes.py: \(r.output)") }
    let script = """
        import sys, os, glob
        from email import message_from_bytes, policy
        n, run, shapes, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
        raws = [open(p, "rb").read() for p in sorted(glob.glob(shapes + "/*.eml"))]
        for i in range(n):
            m = message_from_bytes(raws[i % len(raws)], policy=policy.SMTP)
            for h in ("From", "Message-ID", "Subject"):
                del m[h]
            m["From"] = "Sabine Peters <s.peters@gs-werre.example>"
            m["Message-ID"] = f"<{run}-{i}@bench.example>"
            m["Subject"] = f"AW: [#{i % 100 + 1}] {run}-{i} Rückfrage" if i % 4 == 3 else f"{run}-{i} Anfrage"
            open(os.path.join(out, f"{i:06d}.eml"), "wb").write(m.as_bytes(policy=policy.SMTP))
        """
    r = await Subprocess.run(["python3", "-c", script, "\(n)", run, shapes, directory])
    guard r.status == 0 else { throw BenchError("writing the mails: \(r.output)") }
    return (0..<n).map { String(format: "\(directory)/%06d.eml", $0) }
}

/// Sends the files through Postfix and waits until it logged each delivered; mails per second.
func deliver(_ files: [String], through postfix: PostfixInstance) async throws -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try await postfix.send(files, to: "support@\(domain)")
    var last = -1
    var still = clock.now
    while postfix.delivered < files.count {
        if postfix.delivered != last {
            last = postfix.delivered
            still = clock.now
        }
        guard clock.now - still < .seconds(120) else {
            throw BenchError("Postfix delivered \(postfix.delivered) of \(files.count), then nothing for 120 s")
        }
        try await Task.sleep(for: .milliseconds(20))
    }
    return Double(files.count) / Stats.seconds(clock.now - start)
}

/// Sends `files` at `rate` per second; the time each one's DATA was accepted, by Message-ID.
func paced(_ files: [String], rate: Double, port: Int) async throws -> [String: Double] {
    let script = """
        import sys, time, json, smtplib
        from email import message_from_bytes
        port, rate, files = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
        sent = {}
        with smtplib.SMTP("127.0.0.1", port) as s:
            start = time.time()
            for i, path in enumerate(files):
                pause = start + i / rate - time.time()
                if pause > 0: time.sleep(pause)
                raw = open(path, "rb").read()
                mid = message_from_bytes(raw)["Message-ID"].strip("<>")
                s.sendmail("s.peters@gs-werre.example", ["support@rbn.example"], raw)
                sent[mid] = time.time()
        print(json.dumps(sent))
        """
    let r = await Subprocess.run(["python3", "-c", script, "\(port)", "\(rate)"] + files)
    guard r.status == 0, let sent = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Double]
    else { throw BenchError("paced sending: \(r.output)") }
    return sent
}

/// When each mail was taken (its transaction's time, milliseconds), by Message-ID.
func taken(_ sys: SystemUnderTest) async -> [String: Double] {
    let r = await Subprocess.run([
        "sqlite3", "-readonly", "-separator", " ", "\(sys.directory)/support-desk.sqlite",
        "SELECT message_id, received_at FROM mail_intake WHERE message_id IS NOT NULL",
    ])
    var out: [String: Double] = [:]
    let format = ISO8601DateFormatter()
    format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    for line in r.stdout.split(separator: "\n") {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let date = format.date(from: String(parts[1])) else { continue }
        out[String(parts[0])] = date.timeIntervalSince1970
    }
    return out
}

/// The resident memory of a process, in MB.
func rss(_ pid: pid_t) -> Double {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
}

func main() async throws {
    let o = try Options(CommandLine.arguments)
    let work = NSTemporaryDirectory() + "rbn-bench-mail-\(UUID().uuidString.prefix(6))"
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: work) }
    let run = "b\(UUID().uuidString.prefix(6).lowercased())"
    print("bench-mail: \(o.mails) mails (the shapes of Tests/Mail/shapes.py), through Postfix")
    let files = try await writeMails(o.mails, run: run, into: work)

    // The floor: Postfix writes the mails into a maildir itself.
    let floorPostfix = try await PostfixInstance.start(delivering: domain, intoMaildir: work + "/maildir")
    let floor: Double
    do {
        floor = try await deliver(files, through: floorPostfix)
    } catch {
        await floorPostfix.stop()
        throw error
    }
    await floorPostfix.stop()
    print(String(format: "  Postfix into a maildir (floor)        %6.0f mails/s", floor))

    var figures: [(String, String)] = [("mails", "\(o.mails)"), ("floor_per_s", String(format: "%.0f", floor))]
    let port = TCPPort.free()
    try await SystemUnderTest.with(
        services: ["support-desk"],
        environment: ["support-desk": ["RBN_MAIL_LMTP_ADDR": "127.0.0.1:\(port)", "RBN_MAIL_DOMAIN": domain]]
    ) { sys in
        let postfix = try await PostfixInstance.start(relaying: domain, to: port)
        do {
            let rate = try await deliver(files, through: postfix)
            let tickets = await Subprocess.run([
                "sqlite3", "-readonly", "\(sys.directory)/support-desk.sqlite",
                "SELECT count(*) FROM mail_intake WHERE outcome IN ('ticket', 'reply')",
            ]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            print(String(format: "  Postfix over LMTP to the support desk %6.0f mails/s", rate))
            print(String(format: "  ratio desk/floor                       %6.2f", rate / floor))
            print("  committed as tickets and replies       \(tickets) of \(o.mails)")
            figures += [
                ("desk_per_s", String(format: "%.0f", rate)), ("ratio", String(format: "%.2f", rate / floor)),
                ("committed", tickets),
            ]

            // Latency at a fifth of the rate: from DATA accepted by Postfix to the desk's transaction.
            let sample = Array(files.prefix(min(1000, o.mails)))
            let latencyRun = "l\(run)"
            let again = try await writeMails(sample.count, run: latencyRun, into: work + "/latency")
            let sent = try await paced(again, rate: max(1, rate / 5), port: postfix.smtpPort)
            _ = await eventually(until: { $0 >= sent.count + o.mails }) { postfix.delivered }
            let at = await taken(sys)
            let latencies = sent.compactMap { id, t in at[id].map { max(0, $0 - t) * 1000 } }.sorted()
            let p50 = Stats.percentile(latencies, 50)
            let p99 = Stats.percentile(latencies, 99)
            print(
                String(
                    format: "  end of DATA to committed, at %.0f mails/s: p50 %.0f ms, p99 %.0f ms (%d mails)",
                    max(1, rate / 5), p50, p99, latencies.count))
            figures += [("p50_ms", String(format: "%.0f", p50)), ("p99_ms", String(format: "%.0f", p99))]

            // Memory while a 24 MB mail goes in.
            guard let pid = sys.pid(of: "support-desk") else { throw BenchError("the support desk is not running") }
            let idle = rss(pid)
            let big = work + "/big.eml"
            let build = await Subprocess.run([
                "python3", "-c",
                """
                import os, sys
                from email.message import EmailMessage
                from email import policy
                m = EmailMessage()
                m["From"] = "Sabine Peters <s.peters@gs-werre.example>"; m["To"] = "support@rbn.example"
                m["Subject"] = "Scan des Jahresberichts"; m["Message-ID"] = "<big-\(run)@bench.example>"
                m.set_content("Der Scan ist angehängt.")
                m.add_attachment(os.urandom(17 * 1024 * 1024), maintype="application", subtype="pdf", filename="scan.pdf")
                open(sys.argv[1], "wb").write(m.as_bytes(policy=policy.SMTP))
                """, big,
            ])
            guard build.status == 0 else { throw BenchError("the big mail: \(build.output)") }
            let size = (try FileManager.default.attributesOfItem(atPath: big)[.size] as? Int) ?? 0
            let before = postfix.delivered
            async let sending: Void = postfix.send([big])
            var peak = idle
            while postfix.delivered <= before {
                peak = max(peak, rss(pid))
                try await Task.sleep(for: .milliseconds(10))
            }
            try await sending
            print(
                String(
                    format: "  support desk RSS: %.1f MB idle, %.1f MB at most while taking a %.1f MB mail", idle, peak,
                    Double(size) / 1_000_000))
            figures += [("rss_idle_mb", String(format: "%.1f", idle)), ("rss_peak_mb", String(format: "%.1f", peak))]
        } catch {
            await postfix.stop()
            throw error
        }
        await postfix.stop()
    }
    try FileManager.default.createDirectory(
        atPath: URL(fileURLWithPath: o.csv).deletingLastPathComponent().path, withIntermediateDirectories: true)
    let csv = figures.map(\.0).joined(separator: ",") + "\n" + figures.map(\.1).joined(separator: ",") + "\n"
    try csv.write(toFile: o.csv, atomically: true, encoding: .utf8)
    print("bench-mail: wrote \(o.csv)")
}

do {
    try await main()
} catch {
    FileHandle.standardError.write(Data("bench-mail: \(error)\n".utf8))
    exit(1)
}
