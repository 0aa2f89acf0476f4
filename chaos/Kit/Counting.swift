import Foundation
import RBNTestSupport

/// What a scenario came to: commands sent, and effects found once per command.
struct Tally {
    var sent = 0
    var handled = 0
    var lost = 0
    var doubled = 0
    /// Every row and mail found, to tell whether anything still moves.
    var progress = 0
    /// What was found, store by store, for a report when something is missing.
    var found = ""
    var line: String { "\(sent) sent, \(handled) handled, \(lost) lost, \(doubled) doubled" }
}

/// `SELECT count(*), count(DISTINCT …)` on a store, read by `sqlite3` beside the running service.
func rows(_ store: String, _ sql: String) async -> (all: Int, distinct: Int) {
    let r = await Subprocess.run(["sqlite3", "-readonly", "-cmd", ".timeout 5000", store, sql])
    let parts = r.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").compactMap { Int($0) }
    return parts.count == 2 ? (parts[0], parts[1]) : (0, 0)
}

/// Counts each command's effects: its ticket or registration in the store, and its one mail.
/// `desk`: the support desk's data directory, when it is not the system's.
func count(_ sys: SystemUnderTest, run: String, commands: Int, desk: String? = nil) async -> Tally {
    func rows(_ store: String, _ sql: String) async -> (all: Int, distinct: Int) {
        let directory = store == "support-desk" ? desk ?? sys.directory : sys.directory
        return await ChaosKit.rows("\(directory)/\(store).sqlite", sql)
    }
    let tickets = await rows(
        "support-desk", "SELECT count(*), count(DISTINCT title) FROM tickets WHERE title LIKE '\(run)-%'")
    let registrations = await rows(
        "training", "SELECT count(*), count(DISTINCT email) FROM registrations WHERE email LIKE '\(run)-%'")
    let mails = SuiteLoad.mails(in: "\(sys.directory)/maildir/new", run: run)
    var t = Tally(sent: commands)
    t.found = "tickets \(tickets), registrations \(registrations), mails \(mails.count)"
    debug(t.found)
    let effects = tickets.distinct + registrations.distinct
    let mailed = mails.count
    t.handled = min(effects, mailed)
    t.progress = tickets.all + registrations.all + mails.values.reduce(0, +)
    t.lost = commands - t.handled
    t.doubled =
        (tickets.all - tickets.distinct) + (registrations.all - registrations.distinct)
        + mails.values.reduce(0) { $0 + max(0, $1 - 1) }
    return t
}

/// When something is lost or doubled: what was found, and what each service logged last, on
/// standard error (the system's directory, logs included, is gone after the run).
func explain(_ t: Tally, _ sys: SystemUnderTest) {
    var text = "\(t.line): found \(t.found)\n"
    for service in services { text += "--- \(service), last lines of its log:\n\(sys.tail(service, lines: 15))\n" }
    FileHandle.standardError.write(Data(text.utf8))
}

/// Waits until every command has its effects, or nothing moved (in a store or the mail folder)
/// for 30 s; explains a loss or doubling.
func settle(_ sys: SystemUnderTest, run: String, commands: Int, desk: String? = nil) async throws -> Tally {
    var last = await count(sys, run: run, commands: commands, desk: desk)
    var still = ContinuousClock.now
    while last.handled < commands, ContinuousClock.now - still < .seconds(30) {
        try await Task.sleep(for: .seconds(1))
        let now = await count(sys, run: run, commands: commands, desk: desk)
        if now.progress != last.progress { still = ContinuousClock.now }
        last = now
    }
    // A moment more: a doubled effect would come after the last expected one.
    try await Task.sleep(for: .seconds(2))
    let t = await count(sys, run: run, commands: commands, desk: desk)
    if t.lost > 0 || t.doubled > 0 { explain(t, sys) }
    return t
}
