import Foundation
import RBNTestSupport
import Testing

/// The short version of `make chaos` in `make test`: a few hundred commands while every service is
/// SIGKILLed or SIGTERMed once, the broker is restarted, or poison goes in among them; nothing lost,
/// nothing doubled, every poison message dead-lettered with its reason.
@Suite("Chaos, short", .hangGuard)
struct ChaosTests {
    @Test(arguments: ["kill", "broker", "term", "poison", "mail"])
    func nothingIsLostOrDoubled(_ scenario: String) async throws {
        let chaos = [
            "\(SystemUnderTest.binaries)/rbn-chaos", "--scenario", scenario, "--commands", "400", "--faults", "1",
        ]
        // A broker restart would hit every other test on the shared test broker: this one gets a node
        // of its own.
        let r =
            scenario == "broker"
            ? await Subprocess.run(
                [
                    "/usr/bin/env", "-u", "RBN_TEST_AMQP_URL", "RBN_TEST_BROKER_NAME=rbn-test-restart",
                    "RBN_TEST_BROKER_PORT=5689", "RBN_TEST_BROKER_TLS_PORT=5688",
                    "\(SystemUnderTest.repository)/scripts/with-test-broker",
                ] + chaos) : await Subprocess.run(chaos)
        #expect(r.status == 0, "\(r.output)")
        let sent = scenario == "poison" ? 440 : 400
        #expect(r.output.contains("\(scenario): \(sent) sent, 400 handled, 0 lost, 0 doubled"), "\(r.output)")
        if scenario == "mail" { #expect(r.output.contains("Postfix logged 400 delivered"), "\(r.output)") }
        if scenario == "poison" {
            #expect(
                r.output.contains(
                    "40 dead-lettered with reasons (malformed, too-large, unknown-type, unknown-version, unsupported-content-type)"
                ), "\(r.output)")
        }
    }
}
