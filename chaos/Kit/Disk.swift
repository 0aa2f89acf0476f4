import Foundation
import Glibc
import RBNTestSupport

/// `/health/ready` of a service at `port`: the status code and the body.
func readiness(port: Int) async -> (status: Int, body: String) {
    let r = await Subprocess.run([
        "curl", "-s", "-m", "3", "-w", "\n%{http_code}", "http://127.0.0.1:\(port)/health/ready",
    ])
    let lines = r.output.split(separator: "\n", omittingEmptySubsequences: false)
    return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
}

/// Waits up to a minute for `condition` on the readiness at `port`; true when it came.
func waitFor(readiness port: Int, _ condition: ((status: Int, body: String)) -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
        if condition(await readiness(port: port)) { return true }
        try await Task.sleep(for: .milliseconds(250))
    }
    return false
}

/// Scenario 6: the support desk's store on a file system of its own, filled during the load
/// (after `after` seconds), kept full for `hold` seconds, then freed. Whether the desk reported
/// not ready while full, and ready again after.
func fillAndFree(_ mount: String, port: Int, after: Double, hold: Double) async throws -> (Bool, Bool) {
    try await Task.sleep(for: .seconds(after))
    // The space left, taken by one file, and whatever rounding left by a second one.
    var fs = statvfs()
    guard statvfs(mount, &fs) == 0 else { throw ChaosError("cannot read the free space of \(mount)") }
    let free = UInt64(fs.f_bavail) * UInt64(fs.f_frsize)
    _ = await Subprocess.run(["fallocate", "-l", "\(free)", "\(mount)/filler"])
    _ = await Subprocess.run(["dd", "if=/dev/zero", "of=\(mount)/filler2", "bs=4k"])
    debug("disk full")
    let notReady = try await waitFor(readiness: port) { $0.status == 503 && $0.body.contains("the store cannot write") }
    debug("support-desk not ready: \(notReady)")
    try await Task.sleep(for: .seconds(hold))
    for f in ["filler", "filler2"] { try? FileManager.default.removeItem(atPath: "\(mount)/\(f)") }
    debug("disk freed")
    let readyAgain = try await waitFor(readiness: port) { $0.status == 200 }
    debug("support-desk ready again: \(readyAgain)")
    return (notReady, readyAgain)
}

func diskScenario(_ o: Options) async throws -> (Tally, notReady: Bool, readyAgain: Bool) {
    let mount = FileManager.default.temporaryDirectory.appendingPathComponent(
        "rbn-chaos-disk-\(UUID().uuidString.prefix(6).lowercased())"
    ).path
    try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
    let mounted = await Subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256m", "rbn-chaos", mount])
    guard mounted.status == 0 else {
        try? FileManager.default.removeItem(atPath: mount)
        throw ChaosError(
            "this scenario puts the support desk's store on a small file system of its own (tmpfs), "
                + "which needs root: \(mounted.output.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    defer {
        _ = Subprocess.runBlocking(["umount", "-l", mount])
        try? FileManager.default.removeItem(atPath: mount)
    }
    let port = Int.random(in: 40_000...49_999)
    var result = (Tally(), notReady: false, readyAgain: false)
    try await SystemUnderTest.with(
        services: Array(services.dropFirst()),
        environment: ["support-desk": ["RBN_DATA_DIR": mount, "RBN_HTTP_ADDR": "127.0.0.1:\(port)"]]
    ) { sys in
        let eveningID = try await SuiteLoad.evening(sys)
        let run = "disk\(UUID().uuidString.prefix(6).lowercased())"
        let seconds = Double(o.commands) / 200
        async let filled = fillAndFree(mount, port: port, after: seconds / 4, hold: max(5, seconds / 4))
        try await load(sys, run: run, commands: o.commands, eveningID: eveningID, seconds: seconds)
        let (notReady, readyAgain) = try await filled
        result = (try await settle(sys, run: run, commands: o.commands, desk: mount), notReady, readyAgain)
    }
    return result
}
