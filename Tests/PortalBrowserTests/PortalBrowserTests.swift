import Contracts
import Foundation
import NotificationService
import PortalLinks
import PortalService
import RBNTestSupport
import RegistryService
import ServiceKit
import SupportDeskService
import Testing
import TrainingService

/// Issue 20: the portal as parents meet it, in a real browser. The whole suite runs as an
/// installation has it (a broker user per service, the portal's allowed only the public requests),
/// with the demo seeds; `Tests/Browser/portal_flows.py` drives headless Chromium through Selenium,
/// checks every page with axe-core and the Nu HTML Checker, and follows the links in the mails the
/// notification service writes into its maildir.
@Suite("Portal in a browser", .serialized, .hangGuard)
struct PortalBrowserTests {
    static let services = [
        RegistryService.definition(), SupportDeskService.configurable(), TrainingService.configurable(),
        NotificationService.configurable(), PortalService.configurable(),
    ]

    struct Report: Decodable {
        struct Check: Decodable {
            let name: String
            let ok: Bool
            let detail: String
        }
        let checks: [Check]
    }

    static func waitsForDirectory(_ r: SystemUnderTest.Run) -> Bool {
        r.stderr.contains("unknown-school") || r.stderr.contains("unknown-network")
    }

    /// Parents: a place on the waiting list, an offer taken in time, one refused kindly when late.
    /// Teachers: a sign-in link, a ticket with a screenshot, an agent's question answered by mail
    /// (through Postfix) and on the page, the ticket confirmed solved.
    @Test func parentsAndTeachersDoWhatTheyCameFor() async throws {
        let port = TCPPort.free()
        let lmtp = TCPPort.free()
        let base = "http://127.0.0.1:\(port)"
        let links = [
            "RBN_PORTAL_URL": base, "RBN_PORTAL_KEYS": LinkKeys.generate(id: "test"),
            "RBN_PORTAL_ADDR": "127.0.0.1:\(port)",
        ]
        let desk = ["RBN_MAIL_LMTP_ADDR": "127.0.0.1:\(lmtp)"]
        let postfix = try await PostfixInstance.start(relaying: "rbn.example", to: lmtp)
        defer { Task { await postfix.stop() } }
        try await Installation.with(
            services: Self.services, environment: ["notification": links, "portal": links, "support-desk": desk]
        ) { i in
            let sys = i.sys
            for (binary, user) in [
                ("registry", "registry"), ("support-desk", "supportdesk"), ("training", "training"),
                ("notification", "notification"), ("portal", "portal"),
            ] {
                try i.start(binary, user: user)
            }
            let ctl = try i.cli("rbnctl")
            let seeded = try await sys.retryWhileUnavailable(
                ["registry", "seed", "\(SystemUnderTest.repository)/seeds", "--timeout", "60"], environment: ctl)
            #expect(seeded.status == 0, "\(seeded.stderr)")
            // Training takes the seeds once the registry's directory reached it.
            let training = try await eventually(until: { !Self.waitsForDirectory($0) }) {
                let r = try await sys.retryWhileUnavailable(
                    ["training", "seed", "\(SystemUnderTest.repository)/seeds"], environment: ctl)
                if Self.waitsForDirectory(r) {
                    _ = try await sys.retryWhileUnavailable(["registry", "announce"], environment: ctl)
                }
                return r
            }
            #expect(training.status == 0, "\(training.stderr)")
            #expect(await eventually(until: { $0 }) { TCPPort.accepts(port) })

            let out = "\(SystemUnderTest.repository)/var/browser"
            try? FileManager.default.removeItem(atPath: out)
            let run = await Subprocess.run([
                "\(SystemUnderTest.repository)/var/python/bin/python3",
                "\(SystemUnderTest.repository)/Tests/Browser/portal_flows.py", "--base", base, "--maildir",
                "\(sys.directory)/maildir", "--amqp", try i.cli("rbnctl")["RBN_AMQP_URL"] ?? "", "--out", out,
                "--agent", try i.cli("desk")["RBN_AMQP_URL"] ?? "", "--smtp", "\(postfix.smtpPort)",
            ])
            print(run.output)
            let report = try JSONDecoder().decode(
                Report.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/report.json")))
            #expect(report.checks.count >= 30, "\(report.checks.count) checks ran")
            for c in report.checks { #expect(c.ok, "\(c.name): \(c.detail)") }
            #expect(run.status == 0, "\(run.output.suffix(3000))")
            #expect(sys.exited() == nil, "a service ended: \(sys.exited() ?? "")")
        }
    }
}
