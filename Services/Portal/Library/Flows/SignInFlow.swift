import Contracts
import Foundation
import Hummingbird
import PortalLinks
import WebForms

/// Signing in as a school contact: a link to the address the registry has, and the same answer
/// whether or not it has it. The link's page asks for a click (so a mail scanner that opens links
/// signs nobody in) and then gives an eight-hour session, carried in the addresses of the pages.
extension PortalApp {
    /// How long a signed-in session lasts.
    static let sessionLifetime: TimeInterval = 8 * 3600

    func registerSignIn(_ router: Router<PortalContext>) {
        router.get("/schule") { r, _ in self.signInPage(Form(), errors: [], r) }
        router.post("/schule") { r, c in try await self.requestSignIn(r, c) }
        router.get("/schule/gesendet") { r, _ in
            let lang = self.language(r)
            return self.message(
                r, status: .ok, heading: self.text("signInSent", lang), text: self.text("signInSentText", lang),
                back: ("/", self.text("networks", lang)))
        }
        let prefix = PortalLinks.prefix(.signIn)
        router.get("/\(prefix)/:token") { r, c in try await self.signInContinue(r, c) }
        router.post("/\(prefix)/:token") { r, c in try await self.startSession(r, c) }
        router.get("/schule/:session") { r, c in try await self.schoolArea(r, c) }
        registerRequests(router)
    }

    func signInPage(_ form: Form, errors: [FieldError], _ r: Request) -> Response {
        let lang = language(r)
        var page = Page(
            .signIn, language: lang, title: text("signInTitle", lang),
            values: [
                "action": Language.keep("/schule", lang), "formToken": formToken("/schule"),
                "form": ["email": form["email"]],
            ])
        page.errors = errors
        if !errors.isEmpty { page.status = 400 }
        return respond(page, r)
    }

    /// Asks for a sign-in link. The answer comes before anything is looked up, and is the same for
    /// every address: whether one is known can be learnt neither from the page nor from its timing.
    func requestSignIn(_ r: Request, _ c: PortalContext) async throws -> Response {
        let form = try await self.form(r, c)
        let lang = language(r)
        let sent = Language.keep("/schule/gesendet", lang)
        if !form["website"].isEmpty { return redirect(sent) }
        guard let email = try? MailAddress.normalized(form.trimmed("email")) else {
            return signInPage(form, errors: [FieldError(field: "email", message: text("errEmail", lang))], r)
        }
        let who = client(r, c)
        let allowed = await withinLimits { db in
            [
                RateLimit(bucket: "ip:" + (try PortalRows.pseudonym(who, db)), limit: 10, window: 3600),
                RateLimit(bucket: "sign-in:" + (try PortalRows.pseudonym(email, db)), limit: 3, window: 3600),
            ]
        }
        guard allowed else { return failure(.tooManyRequests, r) }
        Task { await self.sendSignIn(email, language: lang, client: who) }
        return redirect(sent)
    }

    /// Mails a sign-in link when the registry knows the address as a school's contact.
    func sendSignIn(_ email: String, language: String, client: String) async {
        guard
            case .reply(let found) = await ask(Registry.FindContactSchools(email: email), Registry.ContactSchools.self),
            !found.schools.isEmpty
        else { return }
        do {
            try await worker.write { ctx in
                try PortalRows.audit(
                    action: "sign-in-requested", subject: "contact", address: email, client: client, now: ctx.now,
                    ctx.db)
                try ctx.emit(Portal.SignInRequested(email: email, name: found.name, language: language))
            }
        } catch {
            worker.logger.error("a sign-in link could not be sent", metadata: ["error": "\(error)"])
        }
    }

    func signInContinue(_ r: Request, _ c: PortalContext) async throws -> Response {
        let l = try link(.signIn, r, c)
        guard l.subject == "link" else { return failure(.notFound, r) }
        let lang = l.claims["lang"] ?? language(r)
        let action = r.uri.path
        return respond(
            Page(
                .signInContinue, language: lang, title: text("signInTitle", lang),
                values: [
                    "email": l.email ?? "", "action": Language.keep(action, lang), "formToken": formToken(action),
                ]), r)
    }

    func startSession(_ r: Request, _ c: PortalContext) async throws -> Response {
        _ = try await form(r, c)
        let l = try link(.signIn, r, c)
        guard l.subject == "link", let email = l.email else {
            return failure(.notFound, r)
        }
        let lang = l.claims["lang"] ?? language(r)
        let session = links.signer.token(
            .signIn, subject: "session", email: email, claims: ["lang": lang], lifetime: Self.sessionLifetime)
        return redirect(Language.keep("/schule/\(session)", lang))
    }

    /// The session of `/schule/<session>/…`: the signed-in address; a ``LinkProblem`` (the page
    /// that says the sign-in ended) otherwise.
    func session(_ r: Request, _ c: PortalContext) throws(LinkProblem) -> (email: String, token: String) {
        let lang = language(r)
        let token = c.parameters.get("session") ?? ""
        guard let l = try? links.signer.verify(token, purpose: .signIn), l.subject == "session", let email = l.email
        else {
            throw LinkProblem(
                response: message(
                    r, status: .forbidden, heading: text("linkExpired", lang), text: text("linkExpiredText", lang),
                    error: true, back: (Language.keep("/schule", lang), text("signInTitle", lang))))
        }
        return (email, token)
    }

    /// The schools the signed-in address speaks for.
    func schools(of email: String) async -> Asked<[Registry.SchoolRef]> {
        await ask(Registry.FindContactSchools(email: email), Registry.ContactSchools.self).map(\.schools)
    }

    func schoolArea(_ r: Request, _ c: PortalContext) async throws -> Response {
        let s = try session(r, c)
        let lang = language(r)
        guard case .reply(let schools) = await schools(of: s.email) else { return failure(.serviceUnavailable, r) }
        let list: [[String: Any]] = schools.map {
            [
                "name": $0.name,
                "requestURL": Language.keep("/schule/\(s.token)/anfrage?schule=\($0.institutionID)", lang),
                "surveyURL": Language.keep("/schule/\(s.token)/umfrage/\($0.institutionID)", lang),
                "scoutsURL": Language.keep("/schule/\(s.token)/medienscouts/\($0.institutionID)", lang),
            ]
        }
        return respond(
            Page(.school, language: lang, title: text("schoolArea", lang), values: ["schools": list]), r)
    }
}
