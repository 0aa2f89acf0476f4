import Contracts
import Directory
import Foundation
import GRDB
import ServiceKit

/// The needs survey as yearly campaigns: a network's coordinator opens the survey of a school year
/// with its areas; the schools answer on the portal (agents record answers taken otherwise); the
/// reports count a school year's answers per network, Schulträger, area and urgency, each beside the
/// year before, for a network or one school.
extension TicketHandlers {
    func registerNeedsSurvey(_ h: inout HandlerRegistry) {
        h.command(SupportDesk.OpenNeedsSurvey.self) { c, ctx in try openSurvey(c.data, ctx) }
        h.command(SupportDesk.CloseNeedsSurvey.self) { c, ctx in try closeSurvey(c.data, ctx) }
        h.query(SupportDesk.ListNeedsSurveys.self) { q, ctx in
            let agent = try agents.sender(ctx)
            var w = SQLConditions()
            w.add("network_id = ?", q.data.networkID)
            if let mine = try networks(of: agent, ctx.db) { w.add(in: "network_id", Array(mine)) }
            return SupportDesk.NeedsSurveys(campaigns: try NeedsRows.campaigns(w, ctx.db))
        }
        h.command(SupportDesk.RecordNeed.self) { c, ctx in try recordNeed(c.data, ctx) }
        h.query(SupportDesk.NeedsReport.self) { q, ctx in try needsReport(q.data, ctx) }
        h.command(SupportDesk.AnswerNeed.self) { c, ctx in
            let school = try contactsSchool(c.data.schulnummer, email: c.data.email, ctx)
            let campaign = try openCampaign(of: school, area: c.data.area, ctx.db)
            try NeedsRows.answer(
                school.schulnummer, campaign.schoolYear, c.data.area, c.data.urgency,
                note: c.data.note?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty.map {
                    String($0.prefix(2000))
                },
                at: ctx.now, by: c.data.email.lowercased(), ctx.db)
            return try schoolNeeds(school, ctx.db)
        }
        h.query(SupportDesk.GetSchoolNeeds.self) { q, ctx in
            try schoolNeeds(try contactsSchool(q.data.schulnummer, email: q.data.email, ctx), ctx.db)
        }
    }

    /// Only a network's coordinators and admins run its survey.
    private func mayRunSurvey(_ network: String, _ ctx: MessageContext) throws -> SupportDesk.Agent {
        let agent = try agents.sender(ctx)
        guard agent.role == .admin || (agent.role == .coordinator && agent.networks.contains(network)) else {
            throw DomainError.notPermitted(
                "the survey of '\(network)' is run by its coordinators and admins", field: "networkID")
        }
        // A network the desk knows: from the registry, or by a school of it.
        guard
            try Bool.fetchOne(
                ctx.db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM networks WHERE id = ?1)
                        OR EXISTS (SELECT 1 FROM schools WHERE network_id = ?1)
                    """, arguments: [network]) == true
        else { throw DomainError("unknown-network", "no network '\(network)' is registered", field: "networkID") }
        return agent
    }

    func openSurvey(_ c: SupportDesk.OpenNeedsSurvey, _ ctx: MessageContext) throws -> SupportDesk.NeedsSurveys {
        let agent = try mayRunSurvey(c.networkID, ctx)
        guard SchoolYear.isValid(c.schoolYear) else {
            throw DomainError.invalid("a school year looks like 2026/27, not '\(c.schoolYear)'", field: "schoolYear")
        }
        var areas: [SupportDesk.NeedArea] = []
        for a in c.areas ?? SupportDesk.NeedArea.allCases where !areas.contains(a) { areas.append(a) }
        guard !areas.isEmpty else { throw DomainError.invalid("a survey asks about an area at least", field: "areas") }
        try NeedsRows.open(
            .init(
                networkID: c.networkID, schoolYear: c.schoolYear, areas: areas, openedAt: RFC3339.string(from: ctx.now),
                openedBy: agent.id), ctx.db)
        var w = SQLConditions()
        w.add("network_id = ?", c.networkID)
        return SupportDesk.NeedsSurveys(campaigns: try NeedsRows.campaigns(w, ctx.db))
    }

    func closeSurvey(_ c: SupportDesk.CloseNeedsSurvey, _ ctx: MessageContext) throws -> SupportDesk.NeedsSurveys {
        _ = try mayRunSurvey(c.networkID, ctx)
        guard try NeedsRows.close(c.networkID, c.schoolYear, at: ctx.now, ctx.db) else {
            throw DomainError.notFound(
                "'\(c.networkID)' has no survey of \(c.schoolYear)", field: "schoolYear")
        }
        var w = SQLConditions()
        w.add("network_id = ?", c.networkID)
        return SupportDesk.NeedsSurveys(campaigns: try NeedsRows.campaigns(w, ctx.db))
    }

    /// The survey open for the school's network (the newest, should there be several), asking about
    /// `area` when one is given.
    private func openCampaign(
        of school: Directory.School, area: SupportDesk.NeedArea?, _ db: Database
    ) throws -> SupportDesk.NeedsCampaign {
        guard let campaign = try NeedsRows.open(network: school.networkID, db) else {
            throw DomainError(
                "no-survey",
                "the network \(school.networkID) has no needs survey open; its coordinator opens one (desk needs open)",
                field: "schulnummer")
        }
        if let area, !campaign.areas.contains(area) {
            throw DomainError.invalid(
                "the survey of \(campaign.schoolYear) does not ask about \(area.rawValue)", field: "area")
        }
        return campaign
    }

    /// The school, when the address is one of its contacts (or its official address); from the portal
    /// nothing else, and no more than "not a contact" otherwise.
    private func contactsSchool(_ schulnummer: String, email: String, _ ctx: MessageContext) throws -> Directory.School
    {
        let address = (try? MailAddress.normalized(email)) ?? ""
        guard let school = try MailIntake.schools(of: address, ctx.db).first(where: { $0.schulnummer == schulnummer })
        else {
            throw DomainError(
                "not-a-contact", "this address is not a contact of school \(schulnummer) in the registry",
                field: "schulnummer")
        }
        return school
    }

    /// The school's answers to the open survey, its areas, and its answers of the year before.
    private func schoolNeeds(_ school: Directory.School, _ db: Database) throws -> SupportDesk.SchoolNeeds {
        let campaign = try openCampaign(of: school, area: nil, db)
        return SupportDesk.SchoolNeeds(
            schulnummer: school.schulnummer, schoolName: school.name,
            answers: try NeedsRows.answers(school.schulnummer, campaign.schoolYear, db),
            schoolYear: campaign.schoolYear,
            areas: campaign.areas,
            previous: try SchoolYear.previous(campaign.schoolYear).map {
                try NeedsRows.answers(school.schulnummer, $0, db)
            })
    }

    func recordNeed(_ r: SupportDesk.RecordNeed, _ ctx: MessageContext) throws -> SupportDesk.NeedsSummary {
        let agent = try agents.sender(ctx)
        guard let school = try Directory.school(r.schulnummer, ctx.db), school.active else {
            throw Refusal.unknownSchool(r.schulnummer, activeOnly: true)
        }
        guard agent.mayOpen(school: school.schulnummer, network: school.networkID, schultraeger: school.schultraegerID)
        else {
            throw DomainError.notPermitted("\(school.name) is outside the scope of \(agent.id)", field: "schulnummer")
        }
        let year: String
        if let given = r.schoolYear {
            guard let c = try NeedsRows.campaign(school.networkID, given, ctx.db) else {
                throw DomainError(
                    "no-survey", "the network \(school.networkID) has no survey of \(given)", field: "schoolYear")
            }
            guard c.areas.contains(r.area) else {
                throw DomainError.invalid("the survey of \(given) does not ask about \(r.area.rawValue)", field: "area")
            }
            year = given
        } else {
            year = try openCampaign(of: school, area: r.area, ctx.db).schoolYear
        }
        try NeedsRows.answer(
            school.schulnummer, year, r.area, r.urgency,
            note: r.note?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty, at: ctx.now, by: agent.id, ctx.db)
        return try needsReport(.init(networkID: school.networkID, schoolYear: year), ctx)
    }

    func needsReport(_ q: SupportDesk.NeedsReport, _ ctx: MessageContext) throws -> SupportDesk.NeedsSummary {
        let agent = try agents.sender(ctx)
        var w = SQLConditions()
        w.add("s.network_id = ?", q.networkID)
        w.add("s.schultraeger_id = ?", q.schultraegerID)
        w.add("s.schulnummer = ?", q.schulnummer)
        let mine = try networks(of: agent, ctx.db)
        if let mine { w.add(in: "s.network_id", Array(mine)) }
        var scope = SQLConditions()
        scope.add("network_id = ?", q.networkID)
        if let mine { scope.add(in: "network_id", Array(mine)) }
        guard let year = try q.schoolYear ?? NeedsRows.campaigns(scope, ctx.db).first?.schoolYear else {
            return SupportDesk.NeedsSummary(rows: [])
        }
        let previousYear = SchoolYear.previous(year)
        let now = try NeedsRows.counts(year, w, ctx.db)
        let before = try previousYear.map { try NeedsRows.counts($0, w, ctx.db) } ?? [:]
        // Every combination either year has, this year's count beside the year before's.
        let keys = Set(now.keys).union(before.keys).sorted()
        return SupportDesk.NeedsSummary(
            rows: keys.compactMap { k in
                guard let area = SupportDesk.NeedArea(rawValue: k.area),
                    let urgency = SupportDesk.Urgency(rawValue: k.urgency)
                else { return nil }
                return .init(
                    networkID: k.network, schultraegerID: k.schultraeger.isEmpty ? nil : k.schultraeger, area: area,
                    urgency: urgency, schools: now[k] ?? 0, previous: before[k] ?? 0)
            }, schoolYear: year, previousYear: previousYear)
    }
}
