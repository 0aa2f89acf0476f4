import Foundation
import RBNTestSupport

/// Scenario 7 `mail` (issue 19): a Postfix of its own delivers `--commands` mails over LMTP to the
/// support desk while the desk is SIGKILLed `--faults` times. Half come from a school contact of
/// the seeds (each a ticket), half from strangers (each a quarantine entry). Every mail must end as
/// exactly one ticket or quarantine entry, counted against what Postfix logged as delivered.
func mailScenario(_ o: Options) async throws -> (tally: Tally, delivered: Int, deferred: Int) {
    var result = (tally: Tally(), delivered: 0, deferred: 0)
    let port = TCPPort.free()
    let desk = [
        "support-desk": [
            "RBN_MAIL_LMTP_ADDR": "127.0.0.1:\(port)", "RBN_MAIL_DOMAIN": "rbn.example",
        ]
    ]
    try await SystemUnderTest.with(services: ["support-desk"], environment: desk) { sys in
        let postfix = try await PostfixInstance.start(relaying: "rbn.example", to: port)
        do {
            let run = "mail\(UUID().uuidString.prefix(6).lowercased())"
            let files = try await writeMails(o.commands, run: run, into: postfix.directory + "-mails")
            async let faulted: Void = killDesk(sys, postfix, count: o.faults, total: o.commands)
            try await postfix.send(files)
            try await faulted
            // Until Postfix has handed over every mail, or nothing moved for 60 s.
            var last = -1
            var still = ContinuousClock.now
            while postfix.delivered < o.commands, ContinuousClock.now - still < .seconds(60) {
                if postfix.delivered != last {
                    last = postfix.delivered
                    still = ContinuousClock.now
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            result.delivered = postfix.delivered
            result.deferred = postfix.deferred
            // Counted until every mail is found, or the counts stop moving for 30 s: a store that the
            // restarted desk is just opening may not be readable at the first look.
            var tally = await countMails(sys, run: run, sent: o.commands)
            var found = ContinuousClock.now
            while tally.handled < o.commands, ContinuousClock.now - found < .seconds(30) {
                try await Task.sleep(for: .milliseconds(500))
                let next = await countMails(sys, run: run, sent: o.commands)
                if next.handled != tally.handled { found = ContinuousClock.now }
                tally = next
            }
            result.tally = tally
            if result.tally.lost > 0 || result.tally.doubled > 0 { explain(result.tally, sys) }
        } catch {
            await postfix.stop()
            throw error
        }
        try? FileManager.default.removeItem(atPath: postfix.directory + "-mails")
        await postfix.stop()
    }
    return result
}

/// `count` mails built with Python's `email` package: even ones from Sabine Peters, the
/// Medienbeauftragte of school 193001 in the seeds; odd ones from strangers. Subject `<run>-<i> …`.
private func writeMails(_ count: Int, run: String, into directory: String) async throws -> [String] {
    let script = """
        import sys, os
        from email.message import EmailMessage
        from email import policy
        n, run, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        os.makedirs(out, exist_ok=True)
        for i in range(n):
            m = EmailMessage()
            m["From"] = "Sabine Peters <s.peters@gs-werre.example>" if i % 2 == 0 else f"{run}-{i}@fremd.example"
            m["To"] = "support@rbn.example"
            m["Subject"] = f"{run}-{i} Drucker im Raum {i % 40}"
            m["Message-ID"] = f"<{run}-{i}@chaos.example>"
            m.set_content("Der Drucker zieht kein Papier ein.\\n" * (1 + i % 20))
            open(os.path.join(out, f"{i:06d}.eml"), "wb").write(m.as_bytes(policy=policy.SMTP))
        """
    let r = await Subprocess.run(["python3", "-c", script, "\(count)", run, directory])
    guard r.status == 0 else { throw ChaosError("writing the mails failed: \(r.output)") }
    return (0..<count).map { String(format: "\(directory)/%06d.eml", $0) }
}

/// SIGKILLs the support desk `count` times while Postfix delivers `total` mails: the k-th time once
/// Postfix has handed over k/(count+1) of them, so every kill falls into the delivery; the desk is
/// started again after each.
private func killDesk(_ sys: SystemUnderTest, _ postfix: PostfixInstance, count: Int, total: Int) async throws {
    for k in 1...max(1, count) where count > 0 {
        let mark = total * k / (count + 1)
        _ = await eventually(every: .milliseconds(20), until: { $0 >= mark }) { postfix.delivered }
        await sys.kill("support-desk")
        debug("support-desk: SIGKILL after \(postfix.delivered) delivered")
        try await Task.sleep(for: .milliseconds(Int.random(in: 100...800)))
        try sys.start("support-desk")
    }
}

/// Each mail's ticket or quarantine entry, by its subject.
private func countMails(_ sys: SystemUnderTest, run: String, sent: Int) async -> Tally {
    func rows(_ sql: String) async -> (all: Int, distinct: Int) {
        await ChaosKit.rows("\(sys.directory)/support-desk.sqlite", sql)
    }
    let tickets = await rows("SELECT count(*), count(DISTINCT title) FROM tickets WHERE title LIKE '\(run)-%'")
    let quarantined = await rows(
        "SELECT count(*), count(DISTINCT subject) FROM quarantine WHERE subject LIKE '\(run)-%'")
    var t = Tally(sent: sent)
    t.found = "tickets \(tickets), quarantined \(quarantined)"
    debug(t.found)
    t.handled = tickets.distinct + quarantined.distinct
    t.lost = sent - t.handled
    t.doubled = (tickets.all - tickets.distinct) + (quarantined.all - quarantined.distinct)
    return t
}
