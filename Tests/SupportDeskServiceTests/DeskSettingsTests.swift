import Contracts
import Foundation
import RBNTestSupport
import ServiceKit
import SupportDeskService
import Testing

/// The desk's own settings: read, checked, and listed by `--help` of the executable.
@Suite("Desk settings")
struct DeskSettingsTests {
    @Test func defaultsAreTheDocumentedOnes() throws {
        let s = try DeskSettings([:])
        for level in [1, 2] {
            #expect(s.calendars[level].opens == 7 * 60 + 30 && s.calendars[level].closes == 16 * 60)
        }
        #expect(s.policies == SLAPolicy.defaults && s.reopenWindowDays == 14 && s.closeAfterDays == 7)
        // Level 1 pauses in NRW's school holidays, level 2 does not.
        #expect(s.admins.isEmpty && s.calendars.level2.closed.isEmpty)
        #expect(s.calendars.level1.closed == NRWSchoolHolidays.closedDays)
    }

    @Test func valuesAreRead() throws {
        let s = try DeskSettings([
            "desk.admins": "admin, bildungsbuero ", "sla.hours": "08:00-15:30",
            "sla.closed": "2026-10-19..2026-10-31, 2026-12-24", "sla.policy": "critical=0.5/4,low=24/120",
            "tickets.reopen.days": "30", "tickets.close.days": "3", "sla.ferien": "none",
            "sla.closed.level1": "2027-02-08",
        ])
        #expect(s.admins == ["admin", "bildungsbuero"])
        #expect(s.calendars.level2.opens == 8 * 60 && s.calendars.level2.closes == 15 * 60 + 30)
        let both = [CivilDay(2026, 10, 19)...CivilDay(2026, 10, 31), CivilDay(2026, 12, 24)...CivilDay(2026, 12, 24)]
        #expect(s.calendars.level2.closed == both)
        #expect(s.calendars.level1.closed == both + [CivilDay(2027, 2, 8)...CivilDay(2027, 2, 8)])
        #expect(try DeskSettings(["sla.ferien": "1,2"]).calendars.level2.closed == NRWSchoolHolidays.closedDays)
        #expect(s.policies[.critical] == SLAPolicy(firstResponse: 1800, resolution: 4 * 3600))
        #expect(s.policies[.normal] == SLAPolicy.defaults[.normal])
        #expect(s.reopenWindowDays == 30 && s.closeAfterDays == 3)
    }

    @Test(arguments: [
        ("sla.hours", "16:00-07:30"), ("sla.hours", "morgens"), ("sla.closed", "2026-10-31..2026-10-19"),
        ("sla.closed", "Herbstferien"), ("sla.policy", "urgent=1/2"), ("sla.policy", "high=4/2"),
        ("tickets.close.days", "-1"), ("sla.ferien", "3"), ("sla.closed.level1", "Rosenmontag"),
    ])
    func badValuesNameTheKey(_ key: String, _ value: String) {
        #expect {
            try DeskSettings([key: value])
        } throws: { error in
            "\(error)".contains(key)
        }
    }

    @Test func theExecutableListsItsKeysAndRefusesABadOne() async {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("support-desk").path
        let help = await Subprocess.run([binary, "--help"])
        #expect(help.status == 0 && help.output.contains("--sla-hours") && help.output.contains("RBN_DESK_ADMINS"))
        let bad = await Subprocess.run([binary, "--sla-hours", "spät"], environment: ["RBN_HTTP_ADDR": "off"])
        #expect(bad.status == 2 && bad.output.contains("sla.hours"))
    }
}
