import Contracts
import Foundation
import Logging
import Messaging
import RBNTestSupport

/// With RBN_CHAOS_DEBUG set, a line on standard error.
func debug(_ line: String) {
    guard ProcessInfo.processInfo.environment["RBN_CHAOS_DEBUG"] != nil else { return }
    FileHandle.standardError.write(Data("\(line)\n".utf8))
}

let services = SuiteCatalogue.services.map(\.executable)

/// The load: tickets opened and parents registered, alternating, spread over `seconds`.
func load(_ sys: SystemUnderTest, run: String, commands: Int, eveningID: Int, seconds: Double) async throws {
    let quiet = Logger(label: "chaos") { _ in SwiftLogNoOpLogHandler() }
    let connection = try await AMQPConnection.connect(try AMQPConfiguration(uri: sys.brokerURL()), logger: quiet)
    let chunk = 20
    let pause = seconds / Double(max(1, commands / chunk))
    for start in stride(from: 0, to: commands, by: chunk) {
        let batch = try (start..<min(commands, start + chunk)).map {
            try SuiteLoad.command($0, run: run, eveningID: eveningID)
        }
        // Every command is confirmed by the broker, or sent again: the sender's part of "never lost".
        var pending = batch
        while !pending.isEmpty {
            let results = await connection.publish(batch: pending)
            pending = zip(pending, results).compactMap { p, r in
                if case .failure = r { return p }
                return nil
            }
            if !pending.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
        }
        try await Task.sleep(for: .seconds(pause))
    }
    await connection.close()
}
