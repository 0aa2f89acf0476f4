import Contracts
import Foundation
import GRDB
import Hummingbird
import PortalLinks
import WebForms

/// The networks, their evenings, and asking for a place (the first half of the double opt-in).
extension PortalApp {
    func registerEvenings(_ router: Router<PortalContext>) {
        router.get("/n/:network") { r, c in try await self.network(r, c) }
        router.get("/n/:network/impressum") { r, c in
            try await self.legal(.imprint, network: c.parameters.get("network"), r)
        }
        router.get("/n/:network/datenschutz") { r, c in
            try await self.legal(.privacy, network: c.parameters.get("network"), r)
        }
        router.get("/n/:network/abend/:evening") { r, c in try await self.evening(r, c) }
        router.post("/n/:network/abend/:evening") { r, c in try await self.requestPlace(r, c) }
        router.get("/n/:network/abend/:evening/gesendet") { r, c in
            let lang = self.language(r)
            let network = c.parameters.get("network") ?? ""
            var page = Page(.checkMail, language: lang, title: self.text("checkMail", lang))
            page.values["networkURL"] = Language.keep("/n/\(network)", lang)
            return self.respond(page, r, network: network)
        }
    }

    func home(_ r: Request, _ c: PortalContext) async throws -> Response {
        let lang = language(r)
        guard case .reply(let list) = await askCached(Registry.ListNetworks(), Registry.NetworkList.self) else {
            return failure(.serviceUnavailable, r)
        }
        let networks: [[String: Any]] = list.networks.map {
            ["name": $0.name, "region": $0.region, "url": Language.keep("/n/\($0.id)", lang)]
        }
        return respond(Page(.home, language: lang, title: text("networks", lang), values: ["networks": networks]), r)
    }

    /// The network, or nil (a page of 404) when there is none of that id.
    func findNetwork(_ id: String?) async -> PortalApp.Asked<Registry.Network?> {
        guard let id, id.count <= 64 else { return .reply(nil) }
        return await askCached(Registry.ListNetworks(), Registry.NetworkList.self).map { list in
            list.networks.first { $0.id == id }
        }
    }

    func network(_ r: Request, _ c: PortalContext) async throws -> Response {
        let lang = language(r)
        guard case .reply(let found) = await findNetwork(c.parameters.get("network")) else {
            return failure(.serviceUnavailable, r)
        }
        guard let n = found else { return failure(.notFound, r) }
        // The evenings and the articles at once: two questions to two services.
        async let evenings = askCached(Training.ListPublicEvenings(networkID: n.id), Training.PublicEveningList.self)
        async let newest = publicArticles(n.id, limit: 5)
        async let rounds = askCached(Training.ListPublicRounds(networkID: n.id), Training.PublicRoundList.self)
        guard case .reply(let list) = await evenings else { return failure(.serviceUnavailable, r) }
        var values: [String: Any] = ["name": n.name, "region": n.region]
        values["evenings"] = list.evenings.map { e -> [String: Any] in
            [
                "topic": e.topic?.title ?? text("evenings", lang),
                "when": Dates.span(date: e.date, starts: e.starts, ends: e.ends, lang),
                "host": e.institutionName, "open": e.open,
                "hasPlaces": e.freePlaces > 0 && e.waiting == 0, "free": e.freePlaces,
                "url": Language.keep("/n/\(n.id)/abend/\(e.id)", lang),
            ]
        }
        if case .reply(let list) = await rounds {
            values["rounds"] = list.rounds.map { sr -> [String: Any] in
                [
                    "title": sr.round.title, "workshops": Self.workshops(sr.round, lang),
                    "deadline": Dates.day(sr.round.applicationCloses, lang), "open": sr.open, "free": sr.freePlaces,
                    "hasPlaces": sr.freePlaces > 0 && sr.waiting == 0,
                ]
            }
        }
        values["schoolsURL"] = Language.keep("/schule", lang)
        if case .reply(let articles) = await newest {
            values["articles"] = articles.map {
                ["title": $0.title, "url": Language.keep("/n/\(n.id)/hilfe/\($0.id)", lang)]
            }
        }
        values["helpURL"] = Language.keep("/n/\(n.id)/hilfe", lang)
        if let office = n.bodies?.first(where: { $0.kind == .bildungsbuero }) {
            var o: [String: Any] = ["name": office.name]
            if let email = office.email { o["email"] = email }
            values["office"] = o
        }
        return respond(Page(.network, language: lang, title: n.name, values: values), r, network: n.id)
    }

    /// The evening `/n/<network>/abend/<id>` names, when it is one of that network's.
    /// - Parameter cached: a page that only shows it may take a kept answer; one that acts asks afresh.
    func findEvening(_ c: PortalContext, cached: Bool = false) async -> PortalApp.Asked<Training.PublicEvening?> {
        guard let network = c.parameters.get("network"), let id = c.parameters.get("evening").flatMap(Int.init), id > 0
        else { return .reply(nil) }
        let query = Training.ListPublicEvenings(networkID: network, eveningID: id)
        let answer =
            cached
            ? await askCached(query, Training.PublicEveningList.self)
            : await ask(query, Training.PublicEveningList.self)
        switch answer {
        case .reply(let list): return .reply(list.evenings.first)
        case .refused(let e): return e.code == "not-found" ? .reply(nil) : .refused(e)
        case .unavailable: return .unavailable
        }
    }

    func evening(_ r: Request, _ c: PortalContext) async throws -> Response {
        switch await findEvening(c, cached: true) {
        case .reply(let e?): return eveningPage(e, form: Form(["people": "1"]), errors: [], r)
        case .reply(nil): return failure(.notFound, r)
        default: return failure(.serviceUnavailable, r)
        }
    }

    func eveningPage(_ e: Training.PublicEvening, form: Form, errors: [FieldError], _ r: Request) -> Response {
        let lang = language(r)
        let action = "/n/\(e.networkID)/abend/\(e.id)"
        var page = Page(
            .evening, language: lang, title: e.topic?.title ?? text("evenings", lang),
            values: [
                "topic": e.topic?.title ?? text("evenings", lang),
                "when": Dates.span(date: e.date, starts: e.starts, ends: e.ends, lang),
                "where": e.mode == .online ? text("online", lang) : (e.place ?? ""),
                "host": e.institutionName, "open": e.open, "cancelled": e.status == .cancelled,
                "hasPlaces": e.freePlaces > 0 && e.waiting == 0, "free": e.freePlaces,
                "networkURL": Language.keep("/n/\(e.networkID)", lang),
                "action": Language.keep(action, lang), "formToken": formToken(action),
                "form": [
                    "name": form["name"], "email": form["email"], "people": form["people"],
                    "consent": form["consent"] == "yes",
                ],
            ])
        if let s = e.speaker { page.values["speaker"] = s }
        page.errors = errors
        if !errors.isEmpty { page.status = 400 }
        return respond(page, r, network: e.networkID)
    }

    /// The registration form: checked, then a mail with the confirmation link, and nothing stored
    /// but a counted hit and an audit line with the address's pseudonym.
    func requestPlace(_ r: Request, _ c: PortalContext) async throws -> Response {
        let form = try await self.form(r, c)
        let lang = language(r)
        guard case .reply(let found) = await findEvening(c) else { return failure(.serviceUnavailable, r) }
        guard let e = found else { return failure(.notFound, r) }
        let sent = Language.keep("/n/\(e.networkID)/abend/\(e.id)/gesendet", lang)
        // A bot filled the field people do not see: it is told what a person would be, and nothing happens.
        if !form["website"].isEmpty { return redirect(sent) }
        guard e.open else { return eveningPage(e, form: form, errors: [], r) }
        let checked = RegistrationForm.check(form, lang)
        guard case .success(let entry) = checked else {
            if case .failure(let errors) = checked { return eveningPage(e, form: form, errors: errors.list, r) }
            return failure(.badRequest, r)
        }
        let who = client(r, c)
        let allowed = await withinLimits { db in
            [
                RateLimit(bucket: "ip:" + (try PortalRows.pseudonym(who, db)), limit: 20, window: 3600),
                RateLimit(bucket: "mail:" + (try PortalRows.pseudonym(entry.email, db)), limit: 5, window: 3600),
            ]
        }
        guard allowed else { return failure(.tooManyRequests, r) }
        let event = Portal.RegistrationRequested(
            eveningID: e.id, networkID: e.networkID, topic: e.topic?.title ?? "Elternabend", date: e.date,
            starts: e.starts, name: entry.name, email: entry.email, people: entry.people, language: lang)
        do {
            try await worker.write { ctx in
                try PortalRows.audit(
                    action: "registration-requested", subject: "evening:\(e.id)", address: entry.email, client: who,
                    now: ctx.now, ctx.db)
                try ctx.emit(event, subject: "\(e.id)")
            }
        } catch {
            worker.logger.error("a registration request could not be stored", metadata: ["error": "\(error)"])
            return failure(.serviceUnavailable, r)
        }
        return redirect(sent)
    }
}

/// The registration form's fields, checked as the training service will check them, so a person
/// hears of a mistake on the page and not in a mail.
enum RegistrationForm {
    struct Entry: Equatable {
        var name: String
        var email: String
        var people: Int
    }

    static func check(_ form: Form, _ language: String) -> Result<Entry, FieldErrors> {
        let t = Texts.table(language)
        var errors: [FieldError] = []
        let name = form.trimmed("name")
        if name.isEmpty || (try? MailAddress.displayName(name)) == nil {
            errors.append(FieldError(field: "name", message: t["errName"]!))
        } else if name.count > MailAddress.maxNameLength {
            errors.append(FieldError(field: "name", message: t["errNameLong"]!))
        }
        let email = try? MailAddress.normalized(form.trimmed("email"))
        if email == nil { errors.append(FieldError(field: "email", message: t["errEmail"]!)) }
        let people = Int(form.trimmed("people"))
        if people == nil || !(1...Training.maxPeople).contains(people!) {
            errors.append(FieldError(field: "people", message: t["errPeople"]!))
        }
        if form["consent"] != "yes" { errors.append(FieldError(field: "consent", message: t["errConsent"]!)) }
        guard errors.isEmpty, let email, let people else { return .failure(FieldErrors(list: errors)) }
        return .success(Entry(name: name, email: email, people: people))
    }
}
