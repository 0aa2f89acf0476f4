import Contracts
import Foundation
import Hummingbird
import WebForms

/// A school's application for a Medienscouts round, by one of its contacts: the rounds of its
/// network, the team (four pupils by first name and grade, with the parents' consent under 16, and
/// two teachers), and the application's page with its place, waiting-list position or offer.
extension PortalApp {
    func registerApplications(_ router: Router<PortalContext>) {
        router.get("/schule/:session/medienscouts/:school") { r, c in try await self.roundsPage(r, c) }
        router.get("/schule/:session/medienscouts/:school/:round") { r, c in
            try await self.applyPage(r, c, form: Form(), errors: [])
        }
        router.post("/schule/:session/medienscouts/:school/:round") { r, c in try await self.apply(r, c) }
        router.get("/schule/:session/bewerbung/:application") { r, c in try await self.applicationPage(r, c) }
        router.post("/schule/:session/bewerbung/:application/annehmen") { r, c in
            try await self.actOnApplication(true, r, c)
        }
        router.post("/schule/:session/bewerbung/:application/zurueckziehen") { r, c in
            try await self.actOnApplication(false, r, c)
        }
    }

    static func workshops(_ r: Training.Round, _ lang: String) -> String {
        r.workshops.filter { !$0.cancelled }.map { Dates.day($0.date, lang) }.joined(separator: "; ")
    }

    /// The signed-in contact and the rounds of the school the address names.
    func schoolRounds(
        _ r: Request, _ c: PortalContext
    ) async throws(LinkProblem) -> (session: String, email: String, rounds: Training.SchoolRounds) {
        let s = try session(r, c)
        switch await ask(
            Training.GetSchoolRounds(schulnummer: c.parameters.get("school") ?? "", email: s.email),
            Training.SchoolRounds.self)
        {
        case .reply(let rounds): return (s.token, s.email, rounds)
        case .refused: throw LinkProblem(response: failure(.notFound, r))
        case .unavailable: throw LinkProblem(response: failure(.serviceUnavailable, r))
        }
    }

    func roundsPage(_ r: Request, _ c: PortalContext) async throws -> Response {
        let ctx = try await schoolRounds(r, c)
        let lang = language(r)
        let base = "/schule/\(ctx.session)"
        let rounds: [[String: Any]] = ctx.rounds.rounds.map { sr in
            var v: [String: Any] = [
                "title": sr.round.title, "workshops": Self.workshops(sr.round, lang),
                "deadline": Dates.day(sr.round.applicationCloses, lang), "free": sr.freePlaces,
                "hasPlaces": sr.freePlaces > 0 && sr.waiting == 0,
            ]
            if let a = sr.application {
                v["applicationURL"] = Language.keep("\(base)/bewerbung/\(a.id)", lang)
                v["status"] = a.status.rawValue
            } else if sr.open {
                v["applyURL"] = Language.keep("\(base)/medienscouts/\(ctx.rounds.schulnummer)/\(sr.round.id)", lang)
            }
            return v
        }
        return respond(
            Page(
                .rounds, language: lang, title: text("scouts", lang),
                values: ["school": ctx.rounds.schoolName, "rounds": rounds, "backURL": Language.keep(base, lang)]), r)
    }

    func applyPage(_ r: Request, _ c: PortalContext, form: Form, errors: [FieldError]) async throws -> Response {
        let ctx = try await schoolRounds(r, c)
        guard let round = ctx.rounds.rounds.first(where: { $0.round.id == c.parameters.get("round") && $0.open }) else {
            return failure(.notFound, r)
        }
        let lang = language(r)
        let action = "/schule/\(ctx.session)/medienscouts/\(ctx.rounds.schulnummer)/\(round.round.id)"
        var page = Page(
            .apply, language: lang, title: text("scoutsApply", lang),
            values: [
                "round": round.round.title, "action": Language.keep(action, lang), "formToken": formToken(action),
                "backURL": Language.keep("/schule/\(ctx.session)/medienscouts/\(ctx.rounds.schulnummer)", lang),
                "students": (1...4).map { n in
                    [
                        "n": "\(n)", "name": form["s\(n)-name"], "grade": form["s\(n)-grade"],
                        "under16": form["s\(n)-under16"] == "yes" || form.values.isEmpty,
                        "consent": form["s\(n)-consent"] == "yes",
                    ] as [String: Any]
                },
                "teachers": (1...2).map { n in ["n": "\(n)", "name": form["t\(n)-name"], "email": form["t\(n)-email"]]
                },
            ])
        page.errors = errors
        if !errors.isEmpty { page.status = 400 }
        return respond(page, r)
    }

    /// The team as entered: rows left empty are skipped; what is half filled is a mistake.
    static func team(
        _ form: Form, _ lang: String, today: String
    ) -> Result<
        (students: [Training.Student], teachers: [Training.Teacher]), FieldErrors
    > {
        let t = Texts.table(lang)
        var errors: [FieldError] = []
        var students: [Training.Student] = []
        for n in 1...4 {
            let name = form.trimmed("s\(n)-name")
            let gradeText = form.trimmed("s\(n)-grade")
            if name.isEmpty && gradeText.isEmpty { continue }
            guard !name.isEmpty, name.count <= 60, let grade = Int(gradeText), (5...13).contains(grade) else {
                errors.append(FieldError(field: "s\(n)", message: t["errStudents"]!, anchor: "s\(n)-name"))
                continue
            }
            let under16 = form["s\(n)-under16"] == "yes"
            if under16 && form["s\(n)-consent"] != "yes" {
                errors.append(FieldError(field: "s\(n)c", message: t["errConsentParents"]!, anchor: "s\(n)-consent"))
                continue
            }
            students.append(
                .init(firstName: name, grade: grade, under16: under16, parentalConsentOn: under16 ? today : nil))
        }
        if students.isEmpty && errors.isEmpty {
            errors.append(FieldError(field: "students", message: t["errStudents"]!, anchor: "s1-name"))
        }
        var teachers: [Training.Teacher] = []
        for n in 1...2 {
            let name = form.trimmed("t\(n)-name")
            let email = form.trimmed("t\(n)-email")
            if name.isEmpty && email.isEmpty { continue }
            guard (try? MailAddress.displayName(name)) != nil, !name.isEmpty,
                let address = try? MailAddress.normalized(email)
            else {
                errors.append(FieldError(field: "t\(n)", message: t["errTeachers"]!, anchor: "t\(n)-name"))
                continue
            }
            teachers.append(.init(name: name, email: address))
        }
        if teachers.isEmpty && !errors.contains(where: { $0.field.hasPrefix("t") }) {
            errors.append(FieldError(field: "teachers", message: t["errTeachers"]!, anchor: "t1-name"))
        }
        return errors.isEmpty ? .success((students, teachers)) : .failure(FieldErrors(list: errors))
    }

    func apply(_ r: Request, _ c: PortalContext) async throws -> Response {
        let form = try await self.form(r, c)
        let s = try session(r, c)
        let lang = language(r)
        let school = c.parameters.get("school") ?? ""
        let today = CivilDay(Date(), in: CivilDay.berlin).description
        let team: (students: [Training.Student], teachers: [Training.Teacher])
        switch Self.team(form, lang, today: today) {
        case .success(let v): team = v
        case .failure(let e): return try await applyPage(r, c, form: form, errors: e.list)
        }
        let submit = Training.ApplyForRound(
            roundID: c.parameters.get("round") ?? "", schulnummer: school, students: team.students,
            teachers: team.teachers, email: s.email)
        switch await ask(submit, Training.ApplicationDetails.self) {
        case .reply(let d):
            return redirect(Language.keep("/schule/\(s.token)/bewerbung/\(d.application.id)", lang))
        case .refused(let e):
            return message(
                r, status: .conflict, heading: text("refused", lang), text: e.message, error: true,
                back: (Language.keep("/schule/\(s.token)/medienscouts/\(school)", lang), text("back", lang)))
        case .unavailable: return failure(.serviceUnavailable, r)
        }
    }

    func applicationPage(_ r: Request, _ c: PortalContext) async throws -> Response {
        let s = try session(r, c)
        guard let id = c.parameters.get("application").flatMap(Int.init) else { return failure(.notFound, r) }
        let lang = language(r)
        let d: Training.ApplicationDetails
        switch await ask(Training.GetApplication(applicationID: id, email: s.email), Training.ApplicationDetails.self) {
        case .reply(let v): d = v
        case .refused: return failure(.notFound, r)
        case .unavailable: return failure(.serviceUnavailable, r)
        }
        let a = d.application
        let base = "/schule/\(s.token)/bewerbung/\(a.id)"
        let team =
            a.students.map { "\($0.firstName) (\($0.grade))" }.joined(separator: ", ") + "; "
            + a.teachers.map(\.name).joined(separator: ", ")
        return respond(
            Page(
                .application, language: lang, title: text("applicationTitle", lang),
                values: [
                    "round": d.round.title, "school": a.schoolName, "team": team,
                    "workshops": Self.workshops(d.round, lang), "confirmed": a.status == .confirmed,
                    "waitlisted": a.status == .waitlisted, "offered": a.status == .offered,
                    "withdrawn": a.status == .withdrawn, "expired": a.status == .expired,
                    "live": [.confirmed, .waitlisted, .offered].contains(a.status),
                    "position": a.waitlistPosition.map(String.init) ?? "",
                    "deadline": Dates.instant(a.offerExpiresAt, lang),
                    "acceptAction": Language.keep(base + "/annehmen", lang),
                    "acceptToken": formToken(base + "/annehmen"),
                    "withdrawAction": Language.keep(base + "/zurueckziehen", lang),
                    "withdrawToken": formToken(base + "/zurueckziehen"),
                    "backURL": Language.keep("/schule/\(s.token)/medienscouts/\(a.schulnummer)", lang),
                ]), r)
    }

    func actOnApplication(_ accept: Bool, _ r: Request, _ c: PortalContext) async throws -> Response {
        _ = try await form(r, c)
        let s = try session(r, c)
        guard let id = c.parameters.get("application").flatMap(Int.init) else { return failure(.notFound, r) }
        let lang = language(r)
        let answer =
            accept
            ? await ask(Training.AcceptOffer(applicationID: id, email: s.email), Training.ApplicationDetails.self)
            : await ask(
                Training.WithdrawApplication(applicationID: id, email: s.email), Training.ApplicationDetails.self)
        let page = Language.keep("/schule/\(s.token)/bewerbung/\(id)", lang)
        switch answer {
        case .reply: return redirect(page)
        case .refused(let e) where accept && ["offer-expired", "not-allowed"].contains(e.code):
            return message(
                r, status: .conflict, heading: text("offerLate", lang), text: text("offerLateText", lang), error: true,
                back: (page, text("back", lang)))
        case .refused(let e):
            return message(
                r, status: .conflict, heading: text("refused", lang), text: e.message, error: true,
                back: (page, text("back", lang)))
        case .unavailable: return failure(.serviceUnavailable, r)
        }
    }
}
