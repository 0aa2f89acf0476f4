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
        let (opened, id) = try await openTicket(
            school: school, title: title, requester: "Anna Becker <anna.becker@schule.example>", text: text,
            category: "network")
        guard let id else { throw TestSetupError("desk open failed (\(opened.status)): \(opened.stderr)") }
        return id
    }

    /// The ticket id of a `--json` ticket details answer.
    static func ticketID(_ json: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let ticket = object["ticket"] as? [String: Any]
        else { return nil }
        return ticket["id"] as? Int
    }
}
