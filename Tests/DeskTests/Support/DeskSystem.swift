import Foundation
import RBNTestSupport

/// The desk's system: the registry and the support desk as processes, and the `desk` binary.
typealias DeskSystem = SystemUnderTest

extension SystemUnderTest {
    static func withDesk(_ body: (SystemUnderTest) async throws -> Void) async throws {
        try await with(services: ["support-desk"], body)
    }

    /// Runs `desk` as guest (an admin of the support desk) unless `environment` says otherwise.
    func desk(_ args: [String], stdin: String = "", environment: [String: String] = [:]) async throws -> Run {
        try await run("desk", args, stdin: stdin, environment: environment)
    }

    func startSupportDesk() throws { try start("support-desk") }
    func stopSupportDesk() async { await stopService("support-desk") }

    /// Opens a ticket, retrying while the support desk has not yet learnt the school from the
    /// registry's events; returns its id.
    func openTicket(school: String = "193001", title: String, text: String = "Bitte prüfen.") async throws -> Int {
        for _ in 0..<120 {
            let r = try await desk(
                [
                    "open", "--school", school, "--title", title, "--category", "network", "--requester",
                    "Anna Becker <anna.becker@schule.example>", "-m", text, "--json",
                ])
            if r.status == 0, let id = Self.ticketID(r.stdout) { return id }
            guard r.stderr.contains("unknown-school") || r.status == 5 else {
                throw TestSetupError("desk open failed (\(r.status)): \(r.stderr)")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw TestSetupError("the support desk never learnt school \(school)")
    }

    /// The ticket id of a `--json` ticket details answer.
    static func ticketID(_ json: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let ticket = object["ticket"] as? [String: Any]
        else { return nil }
        return ticket["id"] as? Int
    }
}
