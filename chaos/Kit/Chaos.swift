import Foundation
import RBNTestSupport

/// Runs the scenarios of `make chaos`.
public enum Chaos {
    /// Runs one scenario: its result line, and whether it failed (anything lost or doubled, a
    /// poison message without its reason, a check not met, or a scenario that could not run).
    public static func run(_ name: String, _ options: Options) async -> (line: String, failed: Bool) {
        do {
            switch name {
            case "poison":
                var result = (line: "", failed: false)
                try await SystemUnderTest.with(services: Array(services.dropFirst())) { sys in
                    let (t, dead, reasons) = try await poisonScenario(sys, options)
                    let kinds = reasons.sorted().joined(separator: ", ")
                    result = (
                        "poison: \(t.line); \(dead) dead-lettered with reasons (\(kinds))",
                        t.lost > 0 || t.doubled > 0 || reasons.count < 5
                    )
                }
                return result
            case "cluster":
                let (t, killed) = try await clusterScenario(options)
                let nodes = killed.map(String.init).joined(separator: ", ")
                let times = killed.count == 1 ? "once (node" : "\(killed.count) times (nodes"
                return (
                    "cluster: \(t.line); the leader of notification.events killed \(times) \(nodes))",
                    t.lost > 0 || t.doubled > 0
                )
            case "disk":
                let (t, notReady, readyAgain) = try await diskScenario(options)
                let seen = [
                    notReady ? "not ready while the disk was full" : "NEVER reported not ready while the disk was full",
                    readyAgain ? "ready again when space returned" : "NOT ready again when space returned",
                ]
                return (
                    "disk: \(t.line); \(seen.joined(separator: ", "))",
                    t.lost > 0 || t.doubled > 0 || !notReady || !readyAgain
                )
            case "mail":
                let (t, delivered, deferred) = try await mailScenario(options)
                return (
                    "mail: \(t.line); Postfix logged \(delivered) delivered (\(deferred) deferrals retried)",
                    t.lost > 0 || t.doubled > 0 || delivered != t.sent
                )
            default:
                let t = try await scenario(name, options)
                return ("\(name): \(t.line)", t.lost > 0 || t.doubled > 0)
            }
        } catch {
            return ("\(name): could not run: \(error)", true)
        }
    }
}
