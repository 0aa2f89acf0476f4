import Foundation
import RBNTestSupport
import Testing

/// The short version of `make chaos` in `make test`: a few hundred commands while every service is
/// SIGKILLed or SIGTERMed once, or with poison among them; nothing lost, nothing doubled, every
/// poison message dead-lettered with its reason.
@Suite("Chaos, short", .timeLimit(.minutes(5)))
struct ChaosTests {
    @Test(arguments: ["kill", "term", "poison"])
    func nothingIsLostOrDoubled(_ scenario: String) throws {
        let r = Subprocess.run([
            "\(SystemUnderTest.binaries)/rbn-chaos", "--scenario", scenario, "--commands", "400", "--faults", "1",
        ])
        #expect(r.status == 0, "\(r.output)")
        let sent = scenario == "poison" ? 440 : 400
        #expect(r.output.contains("\(scenario): \(sent) sent, 400 handled, 0 lost, 0 doubled"), "\(r.output)")
        if scenario == "poison" {
            #expect(
                r.output.contains(
                    "40 dead-lettered with reasons (malformed, too-large, unknown-type, unknown-version, unsupported-content-type)"
                ), "\(r.output)")
        }
    }
}
