// rbn-chaos: the suite's promises under faults, with real processes and a real broker. A load of
// commands (tickets opened, parents registered for an evening) goes in while a fault hits the
// services; afterwards each store and the mail folder are counted. One line per scenario:
//
//   kill: 20000 sent, 20000 handled, 0 lost, 0 doubled
//
// and exit status 1 when anything was lost or doubled.
//
//   rbn-chaos [--scenario kill|broker|cluster|term|poison|disk|mail|all] [--commands N (20,000)] [--faults N (5)]
//             [--service NAME (repeat: only these services are hit; all when none)]
//
// Scenarios (numbers of issue 10): 1 `kill`: every service SIGKILLed `--faults` times at random
// moments and restarted; 2 `broker`: the broker node stopped and started again `--faults` times
// during the load (services, and the load generator, reconnect by themselves); 3 `cluster`: the
// suite on a 3-node cluster of its own (deploy/rabbitmq/cluster), every service given all three
// nodes, and the node leading the busiest quorum queue (notification.events, which every
// operation's event and every other event of the suite goes through) SIGKILLed `--faults` times
// during the load and started again; 4 `poison`: one poison message (malformed, wrong version, oversized,
// unknown type, wrong content type) per ten good commands, all of which must end in the
// support desk's dead-letter queue with a reason while every good one is handled; 5 `term`: every
// service stopped with SIGTERM during the load and restarted; 6 `disk`: the support desk's store on
// a small file system of its own (tmpfs: needs root), filled up during the load until the service
// reports not ready on /health/ready, then freed; it must be ready again and have lost nothing;
// 7 `mail` (issue 19): a Postfix of its own delivers `--commands` mails over LMTP to the support
// desk while the desk is SIGKILLed `--faults` times; each mail must be one ticket or quarantine
// entry, and Postfix must have logged each as delivered.
//
// Runs under scripts/with-test-broker (make chaos), each scenario in a virtual host of its own.
// RBN_CHAOS_DEBUG=1 prints each fault, and the counts (tickets, registrations, mails) as they settle.
import ChaosKit
import Foundation
import RBNTestSupport

/// A result line, written at once (`print` would hold it in a buffer when the output is a file).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let options: Options
do {
    options = try Options(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("rbn-chaos: \(error)\n".utf8))
    exit(2)
}
// Ctrl-C or a stop: the services this run started go too, instead of running on without it.
signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let stops = [SIGINT, SIGTERM].map { sig in
    let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
    source.setEventHandler {
        _ = Subprocess.runBlocking(["pkill", "-KILL", "-P", "\(getpid())"])
        FileHandle.standardError.write(Data("rbn-chaos: stopped; its services were killed\n".utf8))
        exit(130)
    }
    source.resume()
    return source
}
var failed = false
for name in options.scenarios {
    let (line, bad) = await Chaos.run(name, options)
    say(line)
    failed = failed || bad
}
exit(failed ? 1 : 0)
