import Contracts
import Foundation
import RBNTestSupport
import SupportDeskService
import Testing

/// The needs survey as yearly campaigns: a network opens the survey of a school year with its areas,
/// the latest answer per school, year and area counts, and reports compare with the year before.
@Suite("Needs survey over the broker", .hangGuard)
struct NeedsSurveyTests {
    @Test func answersAreCountedPerSchoolYearBesideTheYearBefore() async throws {
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
            func record(_ s: Registry.Institution, _ area: SupportDesk.NeedArea, _ u: SupportDesk.Urgency) async throws
            {
                _ = try await h.command(
                    SupportDesk.RecordNeed(schulnummer: s.id, area: area, urgency: u), as: SupportDesk.NeedsSummary.self
                )
            }
            // Without an open survey there is nothing to answer.
            #expect(
                try await h.refusal(SupportDesk.RecordNeed(schulnummer: a.id, area: .network, urgency: .low)).code
                    == "no-survey")

            // Last school year: all areas.
            _ = try await h.command(
                SupportDesk.OpenNeedsSurvey(networkID: network, schoolYear: "2025/26"),
                as: SupportDesk.NeedsSurveys.self)
            try await record(a, .network, .high)
            try await record(b, .network, .medium)
            let closed = try await h.command(
                SupportDesk.CloseNeedsSurvey(networkID: network, schoolYear: "2025/26"),
                as: SupportDesk.NeedsSurveys.self)
            #expect(closed.campaigns.first?.closedAt != nil)

            // This school year: two areas only.
            let opened = try await h.command(
                SupportDesk.OpenNeedsSurvey(networkID: network, schoolYear: "2026/27", areas: [.network, .training]),
                as: SupportDesk.NeedsSurveys.self)
            #expect(opened.campaigns.map(\.schoolYear) == ["2026/27", "2025/26"])
            for (s, area, urgency) in [
                (a, SupportDesk.NeedArea.network, SupportDesk.Urgency.high), (b, .network, .high), (a, .training, .low),
                (a, .training, .medium),  // a second answer replaces the first
            ] {
                try await record(s, area, urgency)
            }
            let notAsked = try await h.refusal(
                SupportDesk.RecordNeed(schulnummer: a.id, area: .hardware, urgency: .low))
            #expect(notAsked.field == "area")

            let report = try await h.query(
                SupportDesk.NeedsReport(networkID: network), as: SupportDesk.NeedsSummary.self)
            #expect(report.schoolYear == "2026/27" && report.previousYear == "2025/26")
            #expect(
                report.rows.map { "\($0.area.rawValue):\($0.urgency.rawValue)=\($0.schools)/\($0.previous ?? -1)" } == [
                    "network:high=2/1", "network:medium=0/1", "training:medium=1/0",
                ])
            #expect(report.rows.allSatisfy { $0.schultraegerID == "stadt-detmold" })
            // One school beside its own year before.
            let school = try await h.query(
                SupportDesk.NeedsReport(schulnummer: b.id), as: SupportDesk.NeedsSummary.self)
            #expect(
                school.rows.map { "\($0.area.rawValue):\($0.urgency.rawValue)=\($0.schools)/\($0.previous ?? -1)" } == [
                    "network:high=1/0", "network:medium=0/1",
                ])
            // An earlier year by name.
            let last = try await h.query(
                SupportDesk.NeedsReport(networkID: network, schoolYear: "2025/26"), as: SupportDesk.NeedsSummary.self)
            #expect(last.rows.map(\.schools) == [1, 1] && last.previousYear == "2024/25")
            let e = try await h.refusal(SupportDesk.RecordNeed(schulnummer: "199999", area: .other, urgency: .low))
            #expect(e.code == "unknown-school")
            #expect(
                try await h.refusal(SupportDesk.OpenNeedsSurvey(networkID: "gibt-es-nicht", schoolYear: "2026/27")).code
                    == "unknown-network")
        }
    }
}
