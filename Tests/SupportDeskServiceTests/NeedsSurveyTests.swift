import Contracts
import Foundation
import RBNTestSupport
import SupportDeskService
import Testing

/// The needs survey: the latest answer per school and area counts; reports aggregate.
@Suite("Needs survey over the broker", .hangGuard)
struct NeedsSurveyTests {
    @Test func answersAreAggregatedPerNetworkSchultraegerAreaAndUrgency() async throws {
        try await DeskHarness.with { h in
            let network = "netz-\(UUID().uuidString.prefix(6).lowercased())"
            var a = DeskHarness.school()
            var b = DeskHarness.school()
            a.networkID = network
            b.networkID = network
            for s in [a, b] {
                try await DeskHarness.announce(Registry.InstitutionRegistered(institution: s), h)
            }
            _ = try await DeskHarness.openWhenKnown(a, h)
            _ = try await DeskHarness.openWhenKnown(b, h)
            for (s, area, urgency) in [
                (a, SupportDesk.NeedArea.network, SupportDesk.Urgency.high), (b, .network, .high), (a, .training, .low),
                (a, .training, .medium),  // a second answer replaces the first
            ] {
                _ = try await h.command(
                    SupportDesk.RecordNeed(schulnummer: s.id, area: area, urgency: urgency),
                    as: SupportDesk.NeedsSummary.self)
            }
            let report = try await h.query(
                SupportDesk.NeedsReport(networkID: network), as: SupportDesk.NeedsSummary.self)
            #expect(
                report.rows.map { "\($0.area.rawValue):\($0.urgency.rawValue)=\($0.schools)" } == [
                    "network:high=2", "training:medium=1",
                ])
            #expect(report.rows.allSatisfy { $0.schultraegerID == "stadt-detmold" })
            let e = try await h.refusal(SupportDesk.RecordNeed(schulnummer: "199999", area: .other, urgency: .low))
            #expect(e.code == "unknown-school")
        }
    }
}
