import Contracts
import Foundation
import RBNTestSupport
import SupportDeskService
import Testing

/// A support desk with its LMTP listener and maildir, a Postfix relaying to it, and a school with a
/// contact whose address is fresh for each test (every desk on the test broker hears every test's
/// contacts).
struct MailHarness {
    let desk: ServiceHarness
    let postfix: PostfixInstance
    let school: Registry.Institution
    let sender: String
    let maildir: String
    let files: String

    static let domain = "rbn.example"

    /// - Parameter reopenWindowDays: how long after resolving a reply reopens (the desk's default: 14).
    static func with(reopenWindowDays: Double = 14, _ body: (MailHarness) async throws -> Void) async throws {
        let port = TCPPort.free()
        let maildir = NSTemporaryDirectory() + "rbn-maildir-\(UUID().uuidString.prefix(8))"
        var intake = IntakeSettings()
        intake.domain = domain
        intake.authservID = "mx.rbn.test"
        defer { try? FileManager.default.removeItem(atPath: maildir) }
        try await ServiceHarness.with(
            service: SupportDesk.service, events: "supportdesk.#",
            {
                SupportDeskService.definition(
                    name: $0, reopenWindowDays: reopenWindowDays, admins: ["guest"], intake: intake,
                    lmtp: ("127.0.0.1", port), maildir: maildir)
            },
            ready: { h in
                _ = try await h.send(SupportDesk.GetTicket(ticketID: 1), as: SupportDesk.TicketDetails.self, timeout: 1)
            }
        ) { desk in
            _ = await eventually(until: { $0 }) {
                TCPPort.accepts(port) && FileManager.default.fileExists(atPath: maildir + "/new")
            }
            let postfix = try await PostfixInstance.start(relaying: domain, to: port)
            let school = DeskHarness.school()
            let sender = "j.krueger.\(UUID().uuidString.prefix(8).lowercased())@schule.example"
            // The contact first: once the desk knows the school (it opens a ticket for it), it has
            // taken the contact too, which came before on the same queue.
            try await DeskHarness.announce(
                Registry.ContactAssigned(
                    contact: .init(
                        personID: "p-\(school.id)", name: "Jana Krüger", email: sender, role: .medienbeauftragte,
                        networkID: school.networkID, institutionID: school.id)), desk)
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), desk)
            let files = postfix.directory + "-mails"
            let m = MailHarness(
                desk: desk, postfix: postfix, school: school, sender: sender, maildir: maildir, files: files)
            // The desk knows the school and its contact once a ticket for the school can be opened.
            _ = try await DeskHarness.openWhenKnown(school, desk)
            _ = try await eventually(until: { $0 }) {
                try await desk.query(
                    SupportDesk.ListTickets(schulnummer: school.id), as: SupportDesk.TicketList.self
                ).total == 1
            }
            do {
                try await body(m)
            } catch {
                await postfix.stop()
                throw error
            }
            await postfix.stop()
            try? FileManager.default.removeItem(atPath: files)
        }
    }

    /// The shapes of `Tests/Mail/shapes.py`, from this test's sender.
    func shapes() async throws -> [String] {
        let r = await Subprocess.run(["python3", "\(SystemUnderTest.repository)/Tests/Mail/shapes.py", files])
        guard r.status == 0 else { throw TestSetupError("shapes.py failed: \(r.output)") }
        let names = try FileManager.default.contentsOfDirectory(atPath: files).filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let path = files + "/" + name
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let mine = Data(
                String(decoding: bytes, as: UTF8.self).replacingOccurrences(
                    of: "j.krueger@schule.example", with: sender
                )
                .utf8)
            // Only the sender's address changes; the 8-bit bytes of other text stay as they were.
            try (String(data: bytes, encoding: .utf8) == nil ? replaceBytes(bytes) : mine).write(
                to: URL(fileURLWithPath: path))
            return path
        }
    }

    private func replaceBytes(_ data: Data) -> Data {
        let old = Array("j.krueger@schule.example".utf8)
        let new = Array(sender.utf8)
        var out: [UInt8] = []
        let bytes = Array(data)
        var i = 0
        while i < bytes.count {
            if i + old.count <= bytes.count, Array(bytes[i..<i + old.count]) == old {
                out += new
                i += old.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return Data(out)
    }

    /// A plain mail built by Python's `email` package, written to a file.
    func mail(
        subject: String, text: String, from: String? = nil, headers: [String: String] = [:]
    ) async throws
        -> String
    {
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        let path = files + "/\(UUID().uuidString).eml"
        let script = """
            import sys, json
            from email.message import EmailMessage
            from email.headerregistry import Address
            from email import policy
            a = json.loads(sys.argv[1])
            m = EmailMessage()
            m["From"] = Address("Jana Krüger", addr_spec=a["from"])
            m["To"] = "support@\(Self.domain)"
            m["Subject"] = a["subject"]
            m["Message-ID"] = a["id"]
            for k, v in a["headers"].items():
                m[k] = v
            m.set_content(a["text"])
            open(a["path"], "wb").write(m.as_bytes(policy=policy.SMTP))
            """
        let arguments: [String: Any] = [
            "from": from ?? sender, "subject": subject, "text": text, "headers": headers, "path": path,
            "id": "<\(UUID().uuidString)@schule.example>",
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)
        let r = await Subprocess.run(["python3", "-c", script, json])
        guard r.status == 0 else { throw TestSetupError("building a mail failed: \(r.output)") }
        return path
    }

    /// A delivery status notification (RFC 3464) for our mail `messageID`.
    func bounce(of messageID: String) async throws -> String {
        let path = files + "/\(UUID().uuidString).eml"
        // Written out as Postfix's bounce daemon writes it: Python's generator cannot write a
        // message/delivery-status part of its own.
        let script = """
            import sys
            raw = (
                "From: MAILER-DAEMON@mx.schule.example (Mail Delivery System)\\r\\n"
                "To: support@rbn.example\\r\\n"
                "Subject: Undelivered Mail Returned to Sender\\r\\n"
                "Auto-Submitted: auto-replied\\r\\n"
                "MIME-Version: 1.0\\r\\n"
                'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\\r\\n'
                "\\r\\n--B\\r\\nContent-Type: text/plain\\r\\n\\r\\n"
                "I'm sorry to have to inform you that your message could not be delivered.\\r\\n"
                "\\r\\n--B\\r\\nContent-Type: message/delivery-status\\r\\n\\r\\n"
                "Reporting-MTA: dns; mx.schule.example\\r\\n\\r\\n"
                "Final-Recipient: rfc822; weg@schule.example\\r\\nAction: failed\\r\\nStatus: 5.1.1\\r\\n"
                "\\r\\n--B\\r\\nContent-Type: text/rfc822-headers\\r\\n\\r\\n"
                f"From: support@rbn.example\\r\\nMessage-ID: <{sys.argv[2]}>\\r\\nSubject: [#1] Antwort\\r\\n"
                "\\r\\n--B--\\r\\n")
            open(sys.argv[1], "wb").write(raw.encode())
            """
        let r = await Subprocess.run(["python3", "-c", script, path, messageID])
        guard r.status == 0 else { throw TestSetupError("building the bounce failed: \(r.output)") }
        return path
    }

    /// The `Message-ID` header of a mail file.
    func messageID(of path: String) throws -> String? {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        return text.components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID: ") }.map {
            String($0.dropFirst("Message-ID: ".count))
        }
    }

    /// The school's tickets opened by mail, once there are at least `count`.
    func tickets(count: Int) async throws -> [SupportDesk.Ticket] {
        try await eventually(until: { $0.count >= count }) {
            try await desk.query(
                SupportDesk.ListTickets(schulnummer: school.id, sort: .oldest, limit: 100),
                as: SupportDesk.TicketList.self
            ).tickets.filter { $0.requester.email != "j.krueger@schule.example" }
        }
    }
}
