import Contracts
import Foundation
import RBNTestSupport
import RegistryService
import SupportDeskService
import Testing

/// A support desk started after the registry learned its schools catches up when the registry
/// re-announces its directory.
@Suite("Catching up with the registry", .hangGuard)
struct CatchUpTests {
    @Test func aLateDeskLearnsTheSchoolsFromTheAnnouncement() async throws {
        let number = "1" + String(format: "%05d", Int.random(in: 0...99_999))
        let network = "netz-\(number)"
        try await ServiceHarness.with(
            service: Registry.service, events: "registry.#", { RegistryService.definition(name: $0) },
            ready: { h in _ = try await h.query(Registry.ListNetworks(), as: Registry.NetworkList.self, timeout: 1) }
        ) { registry in
            _ = try await registry.command(
                Registry.CreateNetwork(.init(id: network, name: "Testnetz", region: "Testkreis", regionKind: .kreis)),
                as: Registry.NetworkDetails.self)
            _ = try await registry.command(
                Registry.RegisterInstitution(
                    id: "traeger-\(number)", kind: .schultraeger, name: "Stadt Test", networkID: network,
                    itGroup: .init(name: "IT", email: "it@test.example")), as: Registry.InstitutionDetails.self)
            _ = try await registry.command(
                Registry.RegisterInstitution(
                    id: number, kind: .school, name: "Späte Schule", networkID: network,
                    school: .init(schulform: "GE", schultraegerID: "traeger-\(number)", isPublic: true)),
                as: Registry.InstitutionDetails.self)

            try await DeskHarness.with { desk in
                let open = SupportDesk.OpenTicket(
                    schulnummer: number, title: "WLAN fällt aus", description: "Im Neubau kein WLAN.",
                    category: .network,
                    requester: .init(name: "A. Lehrer", email: "a.lehrer@test.example"))
                #expect(try await desk.refusal(open).code == "unknown-school", "the desk missed the registration")
                let announced = try await registry.command(
                    Registry.AnnounceDirectory(), as: Registry.DirectoryAnnounced.self)
                #expect(announced.institutions >= 2)
                // Until the school's event arrived, opening is refused (unknown school).
                let answer = try await eventually(until: { if case .reply = $0 { true } else { false } }) {
                    try await desk.send(open, as: SupportDesk.TicketDetails.self)
                }
                guard case .reply(let d) = answer else {
                    Issue.record("the desk did not catch up: \(answer)")
                    return
                }
                #expect(d.ticket.schoolName == "Späte Schule" && d.ticket.networkID == network)
            }
        }
    }
}
