import Contracts
import Foundation
import Hummingbird
import PortalLinks

/// The second half of the double opt-in, and a parent's own registration page: its place or
/// waiting-list position, taking or declining an offered place, cancelling, the calendar file.
/// Each page opens only with a signed link, and acts only for the address that link proves.
extension PortalApp {
    func registerRegistrations(_ router: Router<PortalContext>) {
        let confirm = PortalLinks.prefix(.confirmRegistration)
        let registration = PortalLinks.prefix(.registration)
        router.get("/\(confirm)/:token") { r, c in try await self.confirmPage(r, c) }
        router.post("/\(confirm)/:token") { r, c in try await self.confirm(r, c) }
        router.get("/\(registration)/:token") { r, c in try await self.registrationPage(r, c) }
        router.post("/\(registration)/:token/annehmen") { r, c in try await self.act(.accept, r, c) }
        router.post("/\(registration)/:token/absagen") { r, c in try await self.act(.cancel, r, c) }
        router.get("/\(registration)/:token/kalender.ics") { r, c in try await self.calendar(r, c) }
    }

    /// What a link's token opens; a ``LinkProblem`` (the page that says why not) otherwise.
    func link(_ purpose: SignedLink.Purpose, _ r: Request, _ c: PortalContext) throws(LinkProblem) -> SignedLink {
        let lang = language(r)
        do throws(LinkSigner.Refusal) {
            return try links.signer.verify(c.parameters.get("token") ?? "", purpose: purpose)
        } catch {
            if case .expired = error {
                throw LinkProblem(
                    response: message(
                        r, status: .gone, heading: text("linkExpired", lang), text: text("linkExpiredText", lang),
                        error: true, back: ("/", text("networks", lang))))
            }
            throw LinkProblem(
                response: message(
                    r, status: .notFound, heading: text("linkInvalid", lang), text: text("linkInvalidText", lang),
                    error: true, back: ("/", text("networks", lang))))
        }
    }

    /// A link that does not open anything, with the page that says so.
    struct LinkProblem: Error {
        let response: Response
    }

    /// The number after `kind:` in a link's subject.
    static func id(_ subject: String, _ kind: String) -> Int? {
        guard subject.hasPrefix(kind + ":") else { return nil }
        return Int(subject.dropFirst(kind.count + 1)).flatMap { $0 > 0 ? $0 : nil }
    }

    func confirmPage(_ r: Request, _ c: PortalContext) async throws -> Response {
        let l = try link(.confirmRegistration, r, c)
        let lang = l.claims["lang"].flatMap { Texts.languages.contains($0) ? $0 : nil } ?? language(r)
        guard let eveningID = Self.id(l.subject, "evening"), let email = l.email else { return failure(.notFound, r) }
        let evening: Training.PublicEvening
        switch await ask(Training.ListPublicEvenings(eveningID: eveningID), Training.PublicEveningList.self) {
        case .reply(let list):
            guard let e = list.evenings.first else { return failure(.notFound, r) }
            evening = e
        case .refused: return failure(.notFound, r)
        case .unavailable: return failure(.serviceUnavailable, r)
        }
        let action = r.uri.path
        let page = Page(
            .confirm, language: lang, title: text("confirmTitle", lang),
            values: [
                "name": l.claims["name"] ?? "", "email": email, "people": l.claims["people"] ?? "1",
                "topic": evening.topic?.title ?? text("evenings", lang),
                "when": Dates.span(date: evening.date, starts: evening.starts, ends: evening.ends, lang),
                "action": Language.keep(action, lang), "formToken": formToken(action),
            ])
        return respond(page, r, network: evening.networkID)
    }

    /// Confirms: the registration is sent to the training service (once, however often the link
    /// is used), and the parent goes on to their registration's page.
    func confirm(_ r: Request, _ c: PortalContext) async throws -> Response {
        _ = try await form(r, c)
        let l = try link(.confirmRegistration, r, c)
        let lang = l.claims["lang"].flatMap { Texts.languages.contains($0) ? $0 : nil } ?? language(r)
        guard let eveningID = Self.id(l.subject, "evening"), let email = l.email, let name = l.claims["name"] else {
            return failure(.notFound, r)
        }
        let command = Training.RegisterParent(
            eveningID: eveningID, name: name, email: email, consentToContact: true,
            people: Int(l.claims["people"] ?? "1") ?? 1)
        let token = c.parameters.get("token") ?? ""
        switch await ask(command, Training.RegistrationDetails.self, id: Self.derivedID("portal-confirm", token)) {
        case .reply(let details):
            return redirect(Language.keep(registrationPath(details.registration.id, email: email, lang), lang))
        case .refused(let e):
            let heading = text("refused", lang)
            let said: String
            switch e.code {
            case "conflict":
                said =
                    lang == "en"
                    ? "You are registered for this evening already: the link to your registration is in our e-mail."
                    : "Sie sind für diesen Abend schon angemeldet: Den Link zu Ihrer Anmeldung finden Sie in unserer E-Mail."
            case "closed", "not-open": said = text("closed", lang)
            default: said = e.message
            }
            return message(
                r, status: .conflict, heading: heading, text: said, error: true, back: ("/", text("networks", lang)))
        case .unavailable: return failure(.serviceUnavailable, r)
        }
    }

    /// The path of a parent's registration page, signed for their address.
    func registrationPath(_ id: Int, email: String, _ language: String) -> String {
        let token = links.signer.token(
            .registration, subject: "registration:\(id)", email: email, claims: ["lang": language])
        return "/\(PortalLinks.prefix(.registration))/\(token)"
    }

    func registrationPage(_ r: Request, _ c: PortalContext) async throws -> Response {
        let l = try link(.registration, r, c)
        let lang =
            r.uri.queryParameters.get("lang").flatMap { Texts.languages.contains($0) ? $0 : nil }
            ?? l.claims["lang"] ?? language(r)
        guard let id = Self.id(l.subject, "registration"), let email = l.email else { return failure(.notFound, r) }
        let reg: Training.ParentRegistration
        switch await ask(
            Training.GetParentRegistration(registrationID: id, email: email), Training.ParentRegistration.self)
        {
        case .reply(let v): reg = v
        case .refused: return failure(.notFound, r)
        case .unavailable: return failure(.serviceUnavailable, r)
        }
        let e = reg.evening
        let base = r.uri.path
        let live = [.confirmed, .offered, .waitlisted].contains(reg.status) && e.status != .cancelled
        var page = Page(
            .registration, language: lang, title: text("yourRegistration", lang),
            values: [
                "confirmed": reg.status == .confirmed && e.status != .cancelled,
                "waitlisted": reg.status == .waitlisted && e.status != .cancelled,
                "offered": reg.status == .offered && e.status != .cancelled,
                "cancelled": reg.status == .cancelled, "expired": reg.status == .expired,
                "eveningCancelled": e.status == .cancelled, "cancellable": live && reg.status != .offered,
                "position": reg.waitlistPosition.map(String.init) ?? "",
                "deadline": Dates.instant(reg.offerExpiresAt, lang),
                "topic": e.topic?.title ?? text("evenings", lang),
                "when": Dates.span(date: e.date, starts: e.starts, ends: e.ends, lang),
                "where": e.mode == .online ? text("online", lang) : (e.place ?? ""),
                "name": reg.name, "people": "\(reg.people)",
                "acceptAction": Language.keep(base + "/annehmen", lang), "acceptToken": formToken(base + "/annehmen"),
                "cancelAction": Language.keep(base + "/absagen", lang), "cancelToken": formToken(base + "/absagen"),
                "calendarURL": base + "/kalender.ics", "networkURL": Language.keep("/n/\(e.networkID)", lang),
            ])
        if let link = reg.link { page.values["link"] = link }
        return respond(page, r, network: e.networkID)
    }

    enum Action { case accept, cancel }

    /// Takes or declines an offered place, or cancels; then back to the registration's page.
    func act(_ action: Action, _ r: Request, _ c: PortalContext) async throws -> Response {
        _ = try await form(r, c)
        let l = try link(.registration, r, c)
        let lang = language(r)
        guard let id = Self.id(l.subject, "registration"), let email = l.email else { return failure(.notFound, r) }
        let answer: Asked<Training.RegistrationDetails>
        switch action {
        case .accept:
            answer = await ask(
                Training.AcceptRegistrationOffer(registrationID: id, email: email), Training.RegistrationDetails.self)
        case .cancel:
            answer = await ask(
                Training.CancelRegistration(registrationID: id, email: email), Training.RegistrationDetails.self)
        }
        let page = Language.keep("/\(PortalLinks.prefix(.registration))/\(c.parameters.get("token") ?? "")", lang)
        switch answer {
        case .reply: return redirect(page)
        case .refused(let e) where action == .accept && ["offer-expired", "not-allowed"].contains(e.code):
            return message(
                r, status: .conflict, heading: text("offerLate", lang), text: text("offerLateText", lang), error: true,
                back: (page, text("yourRegistration", lang)))
        case .refused(let e):
            return message(
                r, status: .conflict, heading: text("refused", lang), text: e.message, error: true,
                back: (page, text("back", lang)))
        case .unavailable: return failure(.serviceUnavailable, r)
        }
    }

    /// The evening as a calendar file, for a parent with a place.
    func calendar(_ r: Request, _ c: PortalContext) async throws -> Response {
        let l = try link(.registration, r, c)
        guard let id = Self.id(l.subject, "registration"), let email = l.email else { return failure(.notFound, r) }
        guard
            case .reply(let reg) = await ask(
                Training.GetParentRegistration(registrationID: id, email: email), Training.ParentRegistration.self),
            let ics = ICalendar.event(reg, host: Self.origin(of: links.base))
        else { return failure(.notFound, r) }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/calendar; charset=utf-8",
                .contentDisposition: "attachment; filename=\"elternabend-\(reg.evening.id).ics\"",
            ], body: .init(byteBuffer: ByteBuffer(string: ics)))
    }
}
