import Contracts
import Directory
import Foundation
import GRDB
import ServiceKit

/// Tickets: open, change (reply, note, lifecycle steps, escalation), get.
struct TicketHandlers: Sendable {
    /// The business hours the SLA clocks count, by level.
    let calendars: DeskCalendars
    let policies: [TicketPriority: SLAPolicy]
    /// Seconds after resolving or closing in which a ticket may be reopened.
    let reopenWindow: TimeInterval
    let agents: Agents
    /// The desk's mail addresses, for the headers that thread the requester's mails.
    var mail = IntakeSettings()

    func register(_ h: inout HandlerRegistry) {
        h.command(SupportDesk.OpenTicket.self) { c, ctx in try open(c.data, ctx) }
        h.command(SupportDesk.ChangeTicket.self) { c, ctx in try change(c.data, ctx) }
        h.command(SupportDesk.AssignTickets.self) { c, ctx in try assign(c.data, ctx) }
        h.command(SupportDesk.MergeTicket.self) { c, ctx in try merge(c.data, ctx) }
        h.command(SupportDesk.LinkTickets.self) { c, ctx in try link(c.data, ctx) }
        registerAgentBasics(&h)
        h.query(SupportDesk.ListTickets.self) { q, ctx in try list(q.data, ctx) }
        registerKnowledgeBase(&h)
        registerNeedsSurvey(&h)
        registerReports(&h)
        h.query(SupportDesk.GetTicket.self) { q, ctx in
            let t = try existing(Int64(q.data.ticketID), ctx.db)
            try permit(try agents.sender(ctx), t)
            return try details(t, now: ctx.now, ctx.db)
        }
    }

    func existing(_ id: Int64, _ db: Database) throws -> TicketRecord {
        guard let t = try TicketRows.find(id, db) else {
            throw DomainError.notFound("there is no ticket #\(id)", field: "ticketID")
        }
        return t
    }

    /// Refuses when the ticket is outside the agent's scope.
    func permit(_ agent: SupportDesk.Agent, _ t: TicketRecord) throws {
        guard agent.covers(school: t.schulnummer, network: t.networkID, schultraeger: t.schultraegerID, level: t.level)
        else {
            throw DomainError.notPermitted(
                "ticket #\(t.id) (school \(t.schulnummer), level \(t.level)) is outside the scope of \(agent.id)",
                field: "ticketID")
        }
    }

    func open(_ c: SupportDesk.OpenTicket, _ ctx: MessageContext) throws -> SupportDesk.TicketDetails {
        let agent = try agents.sender(ctx)
        guard let school = try Directory.school(c.schulnummer.trimmingCharacters(in: .whitespaces), ctx.db) else {
            throw Refusal.unknownSchool(c.schulnummer)
        }
        guard school.active else {
            throw Refusal.retiredSchool(school.name, school.schulnummer)
        }
        guard agent.mayOpen(school: school.schulnummer, network: school.networkID, schultraeger: school.schultraegerID)
        else {
            throw DomainError.notPermitted(
                "\(school.name) (\(school.schulnummer)) is outside the scope of \(agent.id)", field: "schulnummer")
        }
        let title = c.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 200 else {
            throw DomainError.invalid("a title has 1 to 200 characters", field: "title")
        }
        let requesterEmail: String
        let requesterName: String
        do throws(MailAddress.Invalid) {
            requesterEmail = try MailAddress.normalized(c.requester.email)
            requesterName = try MailAddress.displayName(c.requester.name)
        } catch {
            throw DomainError.invalid(error.reason, field: "requester")
        }
        guard !requesterName.isEmpty else {
            throw DomainError.invalid("the requester needs a name and a work e-mail", field: "requester.name")
        }
        let ticket = try openTicket(
            school: school, title: title, description: c.description,
            requester: .init(name: requesterName, email: requesterEmail),
            priority: TicketPriority(rawValue: c.priority.rawValue) ?? .normal,
            category: TicketCategory(rawValue: c.category.rawValue) ?? .other, ctx)
        var reply = try details(ticket, school: school, now: ctx.now, ctx.db)
        // The duplicate hint is for the person who opened the ticket: only when a reply is awaited.
        if ctx.wantsReply {
            let words = Similarity.words(ticket.title)
            reply.similar = try TicketRows.recentOpen(
                school: ticket.schulnummer, since: ctx.now.addingTimeInterval(-30 * 86400), except: ticket.id, ctx.db
            ).filter { Similarity.shares(words, $0.title) }
        }
        return reply
    }

    /// Opens a checked ticket for a known, active school: stores it with its SLA clocks, indexes it,
    /// records who opened it and announces it. Agents open through ``open(_:_:)``, mail through the
    /// intake.
    func openTicket(
        school: Directory.School, title: String, description: String, requester: SupportDesk.Requester,
        priority: TicketPriority = .normal, category: TicketCategory = .other, replyingTo incoming: String? = nil,
        _ ctx: MessageContext
    ) throws -> TicketRecord {
        let policy = policies[priority] ?? SLAPolicy.defaults[.normal]!
        var ticket = TicketRecord(
            title: title, description: description, status: .new, statusSince: ctx.now, priority: priority,
            category: category, level: 1, schulnummer: school.schulnummer, networkID: school.networkID,
            schultraegerID: school.schultraegerID, requester: requester, assignee: nil, openedAt: ctx.now,
            mergedInto: nil, firstResponse: SLAClock(target: policy.firstResponse, startedAt: ctx.now),
            resolution: SLAClock(target: policy.resolution, startedAt: ctx.now))
        ticket.id = try TicketRows.save(ticket, calendars, ctx.db)
        try TicketRows.index(ticket.id, title: ticket.title, text: ticket.description, ctx.db)
        try TicketRows.addHistory(
            ticket.id, at: ctx.now, by: ticket.requester.email, action: "opened", text: description, isPublic: true,
            messageID: ctx.message.id, ctx.db)
        var opened = SupportDesk.TicketOpened(
            ticket: view(ticket, school: school, now: ctx.now), by: ticket.requester.email)
        opened.mail = try mailThread(ticket, incoming: incoming, ctx.db)
        try ctx.emit(opened, subject: "\(ticket.id)")
        return ticket
    }

    func change(_ c: SupportDesk.ChangeTicket, _ ctx: MessageContext) throws -> SupportDesk.TicketDetails {
        var t = try existing(Int64(c.ticketID), ctx.db)
        let agent = try agents.sender(ctx)
        try permit(agent, t)
        // The agent makes the change, unless they pass on the requester's own reply (a phone call
        // is always the requester's, recorded by the agent).
        let by = c.by == "requester" || c.action == .phone ? "requester" : agent.id
        let text = c.text?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        func needText(_ what: String) throws -> String {
            guard let text else { throw DomainError.invalid("\(what) needs a text", field: "text") }
            return text
        }
        func step(_ s: Lifecycle.Step) throws {
            do {
                let next = try Lifecycle.next(
                    t.status, s, since: t.statusSince, now: ctx.now, reopenWindow: reopenWindow)
                if next != t.status {
                    t.status = next
                    t.statusSince = ctx.now
                }
            } catch {
                throw Refusal.ticket(t.id, error)
            }
        }
        func check(_ rule: (TicketStatus) throws(TicketRules.Refusal) -> Void) throws {
            do { try rule(t.status) } catch { throw Refusal.ticket(t.id, error) }
        }
        let byRequester = by == "requester"
        var isPublic = false
        var recorded = text
        let event: (SupportDesk.Ticket) -> any SupportDesk.TicketEvent
        switch c.action {
        case .phone:
            let said = try needText("a phone call (what the requester said)")
            isPublic = true
            recorded = said
            if t.status == .pending {
                try step(.resume)
                t.firstResponse.resume(at: ctx.now)
                t.resolution.resume(at: ctx.now)
            }
            try check(TicketRules.takesRequesterReply)
            event = { SupportDesk.TicketReplied(ticket: $0, by: "requester", text: said) }
        case .reply:
            let reply = try needText("a reply")
            isPublic = true
            recorded = reply
            if byRequester {
                if t.status == .pending {
                    try step(.resume)
                    t.firstResponse.resume(at: ctx.now)
                    t.resolution.resume(at: ctx.now)
                }
                try check(TicketRules.takesRequesterReply)
            } else {
                try step(.start)
                t.firstResponse.stop(at: ctx.now, calendars[t.level])
            }
            event = { SupportDesk.TicketReplied(ticket: $0, by: by, text: reply) }
        case .note:
            let note = try needText("a note")
            try check(TicketRules.takesNote)
            event = { SupportDesk.TicketNoted(ticket: $0, by: by, text: note) }
        case .pending:
            try step(.waitForRequester)
            t.firstResponse.pause(at: ctx.now, calendars[t.level])
            t.resolution.pause(at: ctx.now, calendars[t.level])
            event = { SupportDesk.TicketPending(ticket: $0, by: by, text: text) }
        case .resolve:
            let solution = try needText("resolving")
            isPublic = true
            try step(.resolve)
            t.firstResponse.stop(at: ctx.now, calendars[t.level])
            t.resolution.stop(at: ctx.now, calendars[t.level])
            event = { SupportDesk.TicketResolved(ticket: $0, by: by, text: solution) }
        case .close:
            try step(.close)
            event = { SupportDesk.TicketClosed(ticket: $0, by: by, text: text) }
        case .reopen:
            try step(.reopen)
            t.resolution.restart(at: ctx.now)
            event = { SupportDesk.TicketReopened(ticket: $0, by: by, text: text) }
        case .escalate:
            let reason = try needText("an escalation (the reason)")
            let school = try Directory.school(t.schulnummer, ctx.db)
            do {
                t.moveClocks(
                    toLevel: try TicketRules.escalate(
                        level: t.level, status: t.status, schultraegerHasITGroup: school?.itGroupEmail != nil),
                    at: ctx.now, calendars)
            } catch  where error.isMissingLevel2 {
                throw DomainError(
                    Refusal.noLevel2,
                    "the Schulträger of \(school?.name ?? t.schulnummer) has no IT group in the registry",
                    field: "action")
            } catch {
                throw Refusal.ticket(t.id, error)
            }
            t.assignee = nil
            event = { SupportDesk.TicketEscalated(ticket: $0, by: by, text: reason) }
        case .deescalate:
            do {
                t.moveClocks(toLevel: try TicketRules.deescalate(level: t.level), at: ctx.now, calendars)
            } catch { throw Refusal.ticket(t.id, error) }
            t.assignee = nil
            event = { SupportDesk.TicketDeescalated(ticket: $0, by: by, text: text) }
        }
        try TicketRows.save(t, calendars, ctx.db)
        try TicketRows.addHistory(
            t.id, at: ctx.now, by: by, action: c.action.rawValue, text: recorded, isPublic: isPublic,
            messageID: ctx.message.id, recordedBy: c.action == .phone ? agent.id : nil, ctx.db)
        if let recorded { try TicketRows.index(t.id, adding: recorded, ctx.db) }
        var e = event(try view(t, now: ctx.now, ctx.db))
        // What the requester hears of by mail threads with what they wrote.
        if [.pending, .resolve].contains(c.action) || c.action == .reply && !byRequester {
            e.mail = try mailThread(t, ctx.db)
        }
        try emit(e, subject: "\(t.id)", ctx)
        return try details(t, now: ctx.now, ctx.db)
    }

    private func emit(_ payload: any MessagePayload, subject: String, _ ctx: MessageContext) throws {
        func typed<P: MessagePayload>(_ p: P) throws { try ctx.emit(p, subject: subject) }
        try typed(payload)
    }

    /// The threading headers of the next mail to a ticket's requester: a signed Message-ID that
    /// names the ticket, In-Reply-To their last mail (or the ticket's first), References to both,
    /// the signed reply address, and the network's support address as sender.
    func mailThread(_ t: TicketRecord, incoming: String? = nil, _ db: Database) throws -> SupportDesk.MailThread {
        let key = try ServiceKey.load(db)
        let threading = MailThreading(domain: mail.domain, localPart: mail.localPart) { key.hash($0) }
        let sequence =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM history WHERE ticket_id = ?"), arguments: [t.id]) ?? 1
        let signature = threading.signature(t.id)  // an HMAC: once for the three headers
        let root = threading.messageID(ticket: t.id, sequence: 1, signed: signature)
        let theirs = try String.fetchAll(
            db.cachedStatement(
                sql: "SELECT message_id FROM mail_intake WHERE ticket_id = ? AND message_id IS NOT NULL ORDER BY id"),
            arguments: [t.id])
        let last = incoming ?? theirs.last
        var references: [String] = []
        for id in [theirs.first, sequence > 1 ? root : nil, last].compactMap({ $0 }) where !references.contains(id) {
            references.append(id)
        }
        return SupportDesk.MailThread(
            messageID: threading.messageID(ticket: t.id, sequence: max(sequence, 1), signed: signature),
            inReplyTo: last ?? (sequence > 1 ? root : nil), references: references,
            replyTo: threading.replyAddress(ticket: t.id, signed: signature), from: mail.sender(network: t.networkID))
    }

    /// The ticket as messages carry it, with its clocks as they stand now.
    func view(_ t: TicketRecord, now: Date, _ db: Database) throws -> SupportDesk.Ticket {
        view(t, school: try Directory.school(t.schulnummer, db), now: now)
    }

    func view(_ t: TicketRecord, school: Directory.School?, now: Date) -> SupportDesk.Ticket {
        let calendar = calendars[t.level]
        func clock(_ c: SLAClock) -> SupportDesk.Clock {
            SupportDesk.Clock(
                state: SupportDesk.SLAState(rawValue: c.state(at: now, calendar).rawValue) ?? .ok,
                used: c.used(at: now, calendar), target: c.target, dueAt: c.due(calendar).map(RFC3339.string(from:)))
        }
        return SupportDesk.Ticket(
            id: Int(t.id), title: t.title, status: SupportDesk.Status(rawValue: t.status.rawValue) ?? .open,
            priority: SupportDesk.Priority(rawValue: t.priority.rawValue) ?? .normal,
            category: SupportDesk.Category(rawValue: t.category.rawValue) ?? .other, level: t.level,
            schulnummer: t.schulnummer, schoolName: school?.name ?? t.schulnummer, networkID: t.networkID,
            schultraegerID: t.schultraegerID, itGroupEmail: t.level == 2 ? school?.itGroupEmail : nil,
            requester: t.requester, assignee: t.assignee, openedAt: RFC3339.string(from: t.openedAt),
            firstResponse: clock(t.firstResponse), resolution: clock(t.resolution),
            mergedInto: t.mergedInto.map(Int.init), tags: t.tags.isEmpty ? nil : t.tags, satisfied: t.satisfied)
    }

    /// The ticket with its history, links, articles and attachments; `school` when the caller has
    /// looked it up already.
    func details(
        _ t: TicketRecord, school: Directory.School? = nil, now: Date, _ db: Database
    ) throws -> SupportDesk.TicketDetails {
        SupportDesk.TicketDetails(
            ticket: try school.map { view(t, school: $0, now: now) } ?? view(t, now: now, db),
            description: t.description, history: try TicketRows.history(t.id, db),
            links: try TicketRows.links(t.id, db), articles: try ArticleRows.linked(to: t.id, db),
            attachments: try IntakeRows.attachments(of: t.id, db).emptyAsNil)
    }
}
