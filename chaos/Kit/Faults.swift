import Foundation
import RBNTestSupport

/// The faults, spread over the load: each service `faults` times, in random order; or the broker
/// restarted `faults` times.
func faults(
    _ sys: SystemUnderTest, scenario: String, count: Int, over seconds: Double, targets: [String] = []
) async throws {
    if scenario == "broker" {
        for _ in 0..<count {
            try await Task.sleep(for: .seconds(Double.random(in: 0.5...max(1, seconds / Double(max(1, count))))))
            let ctl = ProcessInfo.processInfo.environment["RBN_BROKER_CTL"] ?? ""
            let r = await Subprocess.run([ctl, "restart"])
            guard r.status == 0 else { throw ChaosError("the broker did not restart: \(r.output)") }
            debug("broker restarted")
        }
        return
    }
    var plan = (0..<count).flatMap { _ in targets.isEmpty ? services : targets }.shuffled()
    let gap = seconds / Double(max(1, plan.count))
    while let service = plan.popLast() {
        try await Task.sleep(for: .seconds(Double.random(in: 0.3...max(0.4, gap))))
        if scenario == "kill" { await sys.kill(service) } else { await sys.stopService(service) }
        debug("\(service): \(scenario == "kill" ? "SIGKILL" : "SIGTERM")")
        try await Task.sleep(for: .milliseconds(Int.random(in: 100...800)))
        try sys.start(service)
    }
}

func scenario(_ name: String, _ o: Options) async throws -> Tally {
    var tally = Tally()
    try await SystemUnderTest.with(services: Array(services.dropFirst())) { sys in
        let eveningID = try await SuiteLoad.evening(sys)
        let run = "\(name)\(UUID().uuidString.prefix(6).lowercased())"
        let seconds = Double(o.commands) / 200
        async let faulted: Void = faults(sys, scenario: name, count: o.faults, over: seconds, targets: o.targets)
        try await load(sys, run: run, commands: o.commands, eveningID: eveningID, seconds: seconds)
        try await faulted
        tally = try await settle(sys, run: run, commands: o.commands)
    }
    return tally
}
