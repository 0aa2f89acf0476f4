import Foundation
import RBNTestSupport
import Testing

/// The short version of `make chaos` in `make test`: a few hundred commands while every service is
/// SIGKILLed and, in the second scenario, SIGTERMed once; nothing lost, nothing doubled.
@Suite("Chaos, short", .timeLimit(.minutes(5)))
struct ChaosTests {
    @Test(arguments: ["kill", "term"])
    func nothingIsLostOrDoubled(_ scenario: String) throws {
        let r = Subprocess.run([
            "\(SystemUnderTest.binaries)/rbn-chaos", "--scenario", scenario, "--commands", "400", "--faults", "1",
        ])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("\(scenario): 400 sent, 400 handled, 0 lost, 0 doubled"), "\(r.output)")
    }
}
