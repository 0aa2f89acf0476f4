import Contracts
import Foundation
import Hummingbird

/// The needs survey as a school answers it: an overview of its last answers, then one area per
/// page (GOV.UK's one question per page), each saved as it is answered, back to the overview.
extension PortalApp {
    static let areaTexts: [(SupportDesk.NeedArea, String)] = [
        (.hardware, "areaHardware"), (.network, "areaNetwork"), (.devices, "areaDevices"),
        (.learningPlatform, "areaLearningPlatform"), (.accounts, "areaAccounts"), (.software, "areaSoftware"),
        (.dataProtection, "areaDataProtection"), (.training, "areaTraining"), (.other, "areaOther"),
    ]
    static let urgencyTexts: [(SupportDesk.Urgency?, String, String)] = [
        (nil, "none", "noNeed"), (.low, "low", "urgLow"), (.medium, "medium", "urgMedium"), (.high, "high", "urgHigh"),
    ]

    /// The areas the open survey asks about, in the portal's order.
    static func asked(_ needs: SupportDesk.SchoolNeeds) -> [(SupportDesk.NeedArea, String)] {
        areaTexts.filter { needs.areas?.contains($0.0) ?? true }
    }

    func registerSurvey(_ router: Router<PortalContext>) {
        router.get("/schule/:session/umfrage/:school") { r, c in try await self.surveyPage(r, c) }
        router.get("/schule/:session/umfrage/:school/:area") { r, c in try await self.surveyQuestion(r, c, errors: []) }
        router.post("/schule/:session/umfrage/:school/:area") { r, c in try await self.answerSurvey(r, c) }
    }

    /// The session's address and the school's last answers, when the address is its contact.
    private func surveyContext(
        _ r: Request, _ c: PortalContext
    ) async throws(LinkProblem) -> (email: String, token: String, needs: SupportDesk.SchoolNeeds) {
        let s = try session(r, c)
        let school = c.parameters.get("school") ?? ""
        switch await ask(SupportDesk.GetSchoolNeeds(schulnummer: school, email: s.email), SupportDesk.SchoolNeeds.self)
        {
        case .reply(let needs): return (s.email, s.token, needs)
        case .refused(let e) where e.code == "no-survey":
            let lang = language(r)
            throw LinkProblem(
                response: message(
                    r, status: .ok, heading: text("survey", lang), text: text("noSurvey", lang), error: false,
                    back: (Language.keep("/schule/\(s.token)", lang), text("back", lang))))
        case .refused: throw LinkProblem(response: failure(.notFound, r))
        case .unavailable: throw LinkProblem(response: failure(.serviceUnavailable, r))
        }
    }

    func surveyPage(_ r: Request, _ c: PortalContext) async throws -> Response {
        let ctx = try await surveyContext(r, c)
        let lang = language(r)
        let base = "/schule/\(ctx.token)/umfrage/\(ctx.needs.schulnummer)"
        let asked = Self.asked(ctx.needs)
        let areas: [[String: Any]] = asked.map { area, key in
            let a = ctx.needs.answers.first { $0.area == area }
            var v: [String: Any] = [
                "label": text(key, lang),
                "answer": text(Self.urgencyTexts.first { $0.0 == a?.urgency }?.2 ?? "noNeed", lang),
                "url": Language.keep("\(base)/\(area.rawValue)", lang),
            ]
            if let note = a?.note { v["note"] = note }
            // Last year's answer beside this year's, for the school to compare.
            if let before = ctx.needs.previous?.first(where: { $0.area == area }) {
                v["previous"] = text(Self.urgencyTexts.first { $0.0 == before.urgency }?.2 ?? "noNeed", lang)
            }
            return v
        }
        return respond(
            Page(
                .survey, language: lang, title: text("survey", lang),
                values: [
                    "school": ctx.needs.schoolName, "areas": areas, "saved": r.uri.queryParameters.get("fertig") != nil,
                    "year": ctx.needs.schoolYear ?? "",
                    "startURL": Language.keep("\(base)/\((asked.first ?? Self.areaTexts[0]).0.rawValue)", lang),
                    "backURL": Language.keep("/schule/\(ctx.token)", lang),
                ]), r)
    }

    func surveyQuestion(_ r: Request, _ c: PortalContext, errors: [FieldError]) async throws -> Response {
        let ctx = try await surveyContext(r, c)
        let asked = Self.asked(ctx.needs)
        guard let index = asked.firstIndex(where: { $0.0.rawValue == c.parameters.get("area") }) else {
            return failure(.notFound, r)
        }
        let lang = language(r)
        let (area, key) = asked[index]
        let last = ctx.needs.answers.first { $0.area == area }
        let base = "/schule/\(ctx.token)/umfrage/\(ctx.needs.schulnummer)"
        let action = "\(base)/\(area.rawValue)"
        let back = index == 0 ? base : "\(base)/\(asked[index - 1].0.rawValue)"
        var page = Page(
            .surveyQuestion, language: lang, title: text(key, lang),
            values: [
                "area": text(key, lang), "step": "\(index + 1)", "steps": "\(asked.count)",
                "action": Language.keep(action, lang), "formToken": formToken(action),
                "backURL": Language.keep(back, lang), "note": last?.note ?? "",
                "choices": Self.urgencyTexts.enumerated().map { i, u in
                    [
                        "value": u.1, "label": text(u.2, lang), "fieldID": "urgency-\(i)",
                        "checked": last.map { $0.urgency == u.0 } ?? false,
                    ] as [String: Any]
                },
            ])
        page.errors = errors
        if !errors.isEmpty { page.status = 400 }
        return respond(page, r)
    }

    func answerSurvey(_ r: Request, _ c: PortalContext) async throws -> Response {
        let form = try await self.form(r, c)
        let s = try session(r, c)
        let lang = language(r)
        guard let index = Self.areaTexts.firstIndex(where: { $0.0.rawValue == c.parameters.get("area") }),
            let school = c.parameters.get("school")
        else { return failure(.notFound, r) }
        guard let choice = Self.urgencyTexts.first(where: { $0.1 == form["urgency"] }) else {
            return try await surveyQuestion(
                r, c, errors: [FieldError(field: "urgency", message: text("errUrgency", lang), anchor: "urgency-0")])
        }
        let answer = SupportDesk.AnswerNeed(
            schulnummer: school, email: s.email, area: Self.areaTexts[index].0, urgency: choice.0,
            note: form.trimmed("note").isEmpty ? nil : String(form.trimmed("note").prefix(2000)))
        switch await ask(answer, SupportDesk.SchoolNeeds.self) {
        case .reply(let needs):
            let base = "/schule/\(s.token)/umfrage/\(school)"
            // The next area the survey asks about after this one.
            let next = Self.asked(needs).first { a in Self.areaTexts.firstIndex { $0.0 == a.0 }! > index }
            return redirect(Language.keep(next.map { "\(base)/\($0.0.rawValue)" } ?? base + "?fertig=1", lang))
        case .refused: return failure(.notFound, r)
        case .unavailable: return failure(.serviceUnavailable, r)
        }
    }
}
