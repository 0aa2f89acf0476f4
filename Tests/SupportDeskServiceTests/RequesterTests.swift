import Contracts
import Foundation
import Messaging
import RBNTestSupport
import SupportDeskService
import Testing

/// Issue 20: what a teacher does through the portal, and what the portal may do for them: open a
/// ticket for their school with screenshots (only as the school's contact), see its public
/// conversation (never a note), reply, confirm it solved, reopen.
@Suite("Requesters through the portal", .hangGuard)
struct RequesterTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 700_000)

    /// A desk that knows a school and its contact, and the portal's sender.
    static func with(
        _ body: (ServiceHarness, Registry.Institution, String, ServiceHarness.Sender) async throws -> Void
    )
        async throws
    {
        try await DeskHarness.with { h in
            let school = DeskHarness.school()
            let teacher = "s.peters.\(UUID().uuidString.prefix(8).lowercased())@schule.example"
            try await DeskHarness.announce(
                Registry.ContactAssigned(
                    contact: .init(
                        personID: "p-\(school.id)", name: "Sabine Peters", email: teacher, role: .medienbeauftragte,
                        networkID: school.networkID, institutionID: school.id)), h)
            try await DeskHarness.announce(Registry.InstitutionRegistered(institution: school), h)
            _ = try await DeskHarness.openWhenKnown(school, h)
            let portal = try await h.portal()
            try await body(h, school, teacher, portal)
            await portal.connection.close()
        }
    }

    /// Stages `bytes` in parts as the portal does; returns the reference a request names.
    static func stage(
        _ bytes: [UInt8], as name: String, for email: String, _ h: ServiceHarness, _ portal: ServiceHarness.Sender
    )
        async throws -> SupportDesk.UploadRef
    {
        let id = UUID().uuidString.lowercased()
        let size = SupportDesk.maxUploadPartBytes
        let count = (bytes.count + size - 1) / size
        for i in 0..<count {
            let part = Data(bytes[(i * size)..<min(bytes.count, (i + 1) * size)]).base64EncodedString()
            guard
                case .reply = try await h.send(
                    SupportDesk.StageUpload(uploadID: id, email: email, index: i, count: count, data: part),
                    as: SupportDesk.UploadStaged.self, from: portal)
            else { throw TestSetupError("a part was not staged") }
        }
        return .init(uploadID: id, filename: name)
    }

    static func submit(
        _ school: Registry.Institution, _ email: String, uploads: [SupportDesk.UploadRef] = []
    )
        -> SupportDesk.SubmitTicket
    {
        SupportDesk.SubmitTicket(
            schulnummer: school.id, requester: .init(name: "Sabine Peters", email: email), category: .network,
            title: "WLAN in Raum 204 fällt aus", description: "Seit Montag bricht das WLAN ab.", uploads: uploads)
    }

    @Test func aContactOpensATicketWithAScreenshotAndSeesOnlyThePublicConversation() async throws {
        try await Self.with { h, school, teacher, portal in
            let shot = try await Self.stage(Self.png, as: "../../bildschirm foto.png", for: teacher, h, portal)
            guard
                case .reply(let t) = try await h.send(
                    Self.submit(school, teacher, uploads: [shot]), as: SupportDesk.RequesterTicket.self, from: portal)
            else { throw TestSetupError("the contact's ticket was refused") }
            #expect(t.status == .new && t.conversation.map(\.kind) == ["opened"] && t.conversation[0].fromRequester)
            #expect(t.attachments.count == 1 && t.attachments[0].type == "image/png")
            #expect(!t.attachments[0].name.contains("/"), "\(t.attachments[0].name)")
            // The file comes back whole to its requester, in parts, and to nobody else.
            var bytes: [UInt8] = []
            var offset: Int? = 0
            while let from = offset {
                guard
                    case .reply(let part) = try await h.send(
                        SupportDesk.GetRequesterAttachment(
                            ticketID: t.ticketID, email: teacher, attachmentID: t.attachments[0].id, offset: from),
                        as: SupportDesk.AttachmentPart.self, from: portal)
                else { throw TestSetupError("the requester could not fetch the file") }
                bytes += [UInt8](Data(base64Encoded: part.base64) ?? Data())
                offset = part.nextOffset
            }
            #expect(bytes == Self.png)
            guard
                case .refused(let foreign) = try await h.send(
                    SupportDesk.GetRequesterAttachment(
                        ticketID: t.ticketID, email: "eve@evil.example", attachmentID: t.attachments[0].id),
                    as: SupportDesk.AttachmentPart.self, from: portal)
            else { throw TestSetupError("another address fetched the file") }
            #expect(foreign.code == "not-found")
            // The agent notes something internal and asks a question; the teacher sees the question only.
            for (action, text) in [("note", "Intern: AP-204 ist alt."), ("pending", "Welche Geräte sind betroffen?")] {
                _ = try await h.command(
                    SupportDesk.ChangeTicket(
                        ticketID: t.ticketID, action: .init(rawValue: action)!, by: "guest", text: text),
                    as: SupportDesk.TicketDetails.self)
            }
            guard
                case .reply(let seen) = try await h.send(
                    SupportDesk.GetRequesterTicket(ticketID: t.ticketID, email: teacher),
                    as: SupportDesk.RequesterTicket.self,
                    from: portal)
            else { throw TestSetupError("the requester could not see the ticket") }
            #expect(seen.status == .pending && seen.conversation.map(\.text).contains("Welche Geräte sind betroffen?"))
            #expect(!seen.conversation.contains { ($0.text ?? "").contains("AP-204") }, "a note was shown")
            // A reply resumes it; "solved" resolves it, and again closes it.
            for action in [SupportDesk.RequesterAction.Action.reply, .solved, .solved] {
                guard
                    case .reply = try await h.send(
                        SupportDesk.RequesterAction(
                            ticketID: t.ticketID, email: teacher, action: action, text: "Alle Tablets."),
                        as: SupportDesk.RequesterTicket.self, from: portal)
                else { throw TestSetupError("\(action) was refused") }
            }
            let final = try await h.query(
                SupportDesk.GetTicket(ticketID: t.ticketID), as: SupportDesk.TicketDetails.self)
            #expect(final.ticket.status == .closed)
            #expect(final.history.contains { $0.action == "reply" && $0.text == "Alle Tablets." })
        }
    }

    @Test func thePortalVouchesForOneAddressAndNothingElse() async throws {
        try await Self.with { h, school, teacher, portal in
            // An address that is not the school's contact opens nothing.
            let stranger = "eve@evil.example"
            guard
                case .refused(let notContact) = try await h.send(
                    Self.submit(school, stranger), as: SupportDesk.RequesterTicket.self, from: portal)
            else { throw TestSetupError("a stranger opened a ticket") }
            #expect(notContact.code == "not-a-contact")
            guard
                case .reply(let t) = try await h.send(
                    Self.submit(school, teacher), as: SupportDesk.RequesterTicket.self, from: portal)
            else { throw TestSetupError("the contact's ticket was refused") }
            // Another address neither sees nor changes it, and learns nothing from the refusal.
            guard
                case .refused(let hidden) = try await h.send(
                    SupportDesk.GetRequesterTicket(ticketID: t.ticketID, email: stranger),
                    as: SupportDesk.RequesterTicket.self,
                    from: portal)
            else { throw TestSetupError("a stranger saw the ticket") }
            #expect(hidden.code == "not-found" && !hidden.message.contains(teacher))
            guard
                case .refused = try await h.send(
                    SupportDesk.RequesterAction(ticketID: t.ticketID, email: stranger, action: .solved),
                    as: SupportDesk.RequesterTicket.self, from: portal)
            else { throw TestSetupError("a stranger closed the ticket") }
            // A file staged by one address cannot be named by another; a file that is no screenshot is refused.
            let theirs = try await Self.stage(Self.png, as: "a.png", for: teacher, h, portal)
            guard
                case .refused(let foreign) = try await h.send(
                    SupportDesk.RequesterAction(
                        ticketID: t.ticketID, email: teacher, action: .reply, text: "x", uploads: [theirs]
                    ).with(email: stranger),
                    as: SupportDesk.RequesterTicket.self, from: portal)
            else { throw TestSetupError("another address named the file") }
            #expect(foreign.code == "not-found")
            let script = try await Self.stage(
                Array("#!/bin/sh\nrm -rf /\n".utf8), as: "foto.png", for: teacher, h, portal)
            guard
                case .refused(let typed) = try await h.send(
                    SupportDesk.RequesterAction(
                        ticketID: t.ticketID, email: teacher, action: .reply, text: "x", uploads: [script]),
                    as: SupportDesk.RequesterTicket.self, from: portal)
            else { throw TestSetupError("a script was taken as a screenshot") }
            #expect(typed.code == "invalid" && typed.message.contains("PDF"))
            // The portal may not do what agents do.
            guard
                case .refused(let agentsOnly) = try await h.send(
                    SupportDesk.GetTicket(ticketID: t.ticketID), as: SupportDesk.TicketDetails.self, from: portal)
            else { throw TestSetupError("the portal read the agents' view") }
            #expect(agentsOnly.code == "not-permitted")
        }
    }
}

extension RequesterTests {
    @Test func aContactAnswersTheNeedsSurveyAreaByAreaAndNobodyElseMay() async throws {
        try await Self.with { h, school, teacher, portal in
            // Until the network opens a survey there is none to answer.
            guard
                case .refused(let none) = try await h.send(
                    SupportDesk.GetSchoolNeeds(schulnummer: school.id, email: teacher),
                    as: SupportDesk.SchoolNeeds.self,
                    from: portal)
            else { throw TestSetupError("a survey was open before any was opened") }
            #expect(none.code == "no-survey")
            let year = SchoolYear.of(CivilDay(Date(), in: CivilDay.berlin))
            _ = try await h.command(
                SupportDesk.OpenNeedsSurvey(
                    networkID: school.networkID, schoolYear: year, areas: [.network, .devices]),
                as: SupportDesk.NeedsSurveys.self)
            for (area, urgency) in [(SupportDesk.NeedArea.network, SupportDesk.Urgency?.some(.high)), (.devices, .low)]
            {
                guard
                    case .reply = try await h.send(
                        SupportDesk.AnswerNeed(
                            schulnummer: school.id, email: teacher, area: area, urgency: urgency, note: "WLAN im Altbau"
                        ),
                        as: SupportDesk.SchoolNeeds.self, from: portal)
                else { throw TestSetupError("the contact's answer was refused") }
            }
            // "No need" withdraws an earlier answer.
            guard
                case .reply(let needs) = try await h.send(
                    SupportDesk.AnswerNeed(schulnummer: school.id, email: teacher, area: .devices, urgency: nil),
                    as: SupportDesk.SchoolNeeds.self, from: portal)
            else { throw TestSetupError("withdrawing was refused") }
            #expect(needs.answers.map(\.area) == [.network] && needs.answers.first?.urgency == .high)
            #expect(needs.schoolYear == year && needs.areas == [.network, .devices])
            for email in ["eve@evil.example", teacher.uppercased()] {
                let answer = try await h.send(
                    SupportDesk.GetSchoolNeeds(schulnummer: school.id, email: email), as: SupportDesk.SchoolNeeds.self,
                    from: portal)
                switch answer {
                case .reply(let r): #expect(email != "eve@evil.example" && r.answers.count == 1)
                case .refused(let e): #expect(email == "eve@evil.example" && e.code == "not-a-contact")
                }
            }
            let report = try await h.query(
                SupportDesk.NeedsReport(networkID: school.networkID), as: SupportDesk.NeedsSummary.self)
            #expect(report.rows.contains { $0.area == .network && $0.urgency == .high })
        }
    }
}

extension SupportDesk.RequesterAction {
    func with(email: String) -> Self {
        var copy = self
        copy.email = email
        return copy
    }
}
