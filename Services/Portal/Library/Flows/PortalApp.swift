import Contracts
import Crypto
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Messaging
import PortalLinks
import ServiceKit
import WebForms

/// The portal's pages and what their forms do. Every page asks the service that owns what it
/// shows; every form is checked (its token, its origin, its size, its fields) before it becomes a
/// command, and nothing about other people can be learnt from any answer.
final class PortalApp: Sendable {
    let settings: PortalSettings
    let pages: PageRenderer
    let worker: WorkerContext
    /// Answers to the public's read-only queries, kept a few seconds.
    let cache = AnswerCache()
    var links: PortalLinks { settings.links }

    init(settings: PortalSettings, pages: PageRenderer, worker: WorkerContext) {
        self.settings = settings
        self.pages = pages
        self.worker = worker
    }

    func routes(_ router: Router<PortalContext>) {
        router.get("/") { r, c in try await self.home(r, c) }
        router.get("/static/style.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: self.pages.stylesheet)))
        }
        router.get("/impressum") { r, _ in try await self.legal(.imprint, network: nil, r) }
        router.get("/datenschutz") { r, _ in try await self.legal(.privacy, network: nil, r) }
        registerEvenings(router)
        registerRegistrations(router)
        registerSignIn(router)
        registerTickets(router)
        registerPreferences(router)
        registerHelp(router)
        registerSurvey(router)
        registerApplications(router)
    }

    // MARK: Language and pages

    func language(_ r: Request) -> String {
        Language.of(query: r.uri.queryParameters.get("lang"), acceptLanguage: r.headers[.acceptLanguage])
    }

    func text(_ key: String, _ language: String) -> String { Texts.table(language)[key] ?? key }

    /// A page as the response, with what every page's layout needs.
    func respond(_ page: Page, _ r: Request, network: String? = nil) -> Response {
        var page = page
        let lang = page.language
        let other = lang == "en" ? "de" : "en"
        page.values["en"] = lang == "en"
        page.values["switchURL"] = r.uri.path + "?lang=\(other)"
        let legalBase = network.map { "/n/\($0)" } ?? ""
        page.values["imprintURL"] = Language.keep(legalBase + "/impressum", lang)
        page.values["privacyURL"] = page.values["privacyURL"] ?? Language.keep(legalBase + "/datenschutz", lang)
        if !page.errors.isEmpty {
            page.values["errors"] = page.errors.map { ["field": $0.field, "message": $0.message, "anchor": $0.anchor] }
            page.values["hasErrors"] = true
            for e in page.errors { page.values["\(e.field)Error"] = e.message }
        }
        return Response(
            status: .init(code: page.status), headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: pages.render(page))))
    }

    /// A page that says one thing: a confirmation, a refusal, a problem.
    func message(
        _ r: Request, status: HTTPResponse.Status, heading: String, text: String, detail: String? = nil,
        error: Bool = false, back: (url: String, text: String)? = nil, network: String? = nil
    ) -> Response {
        let lang = language(r)
        var page = Page(
            .message, language: lang, title: heading,
            values: ["heading": heading, "text": text, "error": error])
        if let detail { page.values["detail"] = detail }
        if let back {
            page.values["backURL"] = back.url
            page.values["backText"] = back.text
        }
        page.status = Int(status.code)
        return respond(page, r, network: network)
    }

    /// The page for a failure the router or a flow met.
    func failure(_ status: HTTPResponse.Status, _ r: Request) -> Response {
        let lang = language(r)
        switch status {
        case .notFound, .methodNotAllowed:
            return message(
                r, status: .notFound, heading: text("notFound", lang), text: text("notFoundText", lang), error: true,
                back: ("/", text("networks", lang)))
        case .contentTooLarge:
            return message(
                r, status: status, heading: text("refused", lang), text: text("formExpiredText", lang), error: true)
        case .tooManyRequests:
            return message(
                r, status: status, heading: text("tooMany", lang), text: text("tooManyText", lang), error: true)
        default:
            return message(
                r, status: .serviceUnavailable, heading: text("unavailable", lang), text: text("unavailableText", lang),
                error: true)
        }
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    // MARK: Asking the services

    /// Why a page cannot be shown: the service is away, or it refused.
    enum Asked<R> {
        case reply(R)
        case refused(ErrorReply)
        case unavailable

        /// The reply made into what a page needs; a refusal or an absent service stays what it was.
        func map<T>(_ f: (R) -> T) -> Asked<T> {
            switch self {
            case .reply(let r): .reply(f(r))
            case .refused(let e): .refused(e)
            case .unavailable: .unavailable
            }
        }
    }

    /// Asks a service; `id` makes a repeated command safe (the same id gets the first reply).
    func ask<C: MessagePayload, R: MessagePayload>(
        _ payload: C, _ reply: R.Type, id: String = MessageID.make()
    ) async -> Asked<R> {
        do {
            switch try await worker.request(payload, expecting: R.self, id: id, timeout: 10) {
            case .reply(let r): return .reply(r)
            case .refused(let e): return .refused(e)
            }
        } catch {
            worker.logger.warning(
                "a service did not answer", metadata: ["service": "\(error.service)", "error": "\(error.description)"])
            return .unavailable
        }
    }

    /// Asks a read-only public query, answered from the cache while its answer is fresh.
    func askCached<C: MessagePayload, R: MessagePayload>(_ payload: C, _ reply: R.Type) async -> Asked<R> {
        await cache.answer(payload) { await ask(payload, R.self) }
    }

    /// A message id derived from `text` (a link's token): a link opened twice sends the same
    /// command twice, and its service answers the second from its inbox.
    static func derivedID(_ prefix: String, _ text: String) -> String {
        let digest = SHA256.hash(data: Data(text.utf8))
        return prefix + "-" + Hex.lowercase(digest.prefix(16))
    }

    // MARK: Forms

    /// A form token for a form posting to `action`: signed, for this path only, for two hours.
    func formToken(_ action: String) -> String { links.signer.token(.form, subject: Self.formSubject(action)) }

    /// A path as a form token names it: a digest, so a long path (with a link's token) keeps the
    /// form token short.
    static func formSubject(_ path: String) -> String {
        Base64URL.encode(Data(SHA256.hash(data: Data(path.utf8)).prefix(16)))
    }

    /// Why a posted form is not taken, before its fields are read.
    enum Rejected: Error {
        case notAForm, expired, crossSite, tooLarge
    }

    /// Reads and checks a posted form: a form body of at most ``WebServer/maxFormBytes``, from a page
    /// of ours (Origin and Sec-Fetch-Site), with the token we gave that page, still valid.
    func form(_ r: Request, _ c: PortalContext) async throws(Rejected) -> Form {
        try checkOrigin(r)
        guard r.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw .notAForm
        }
        let body: ByteBuffer
        do {
            body = try await r.body.collect(upTo: WebServer.maxFormBytes)
        } catch {
            throw .tooLarge
        }
        guard let form = try? Form(body: String(buffer: body)) else { throw .notAForm }
        try checkToken(form, r)
        return form
    }

    /// A posted form with files (`multipart/form-data`), checked as ``form(_:_:)`` checks a form,
    /// with a body of at most `limit` bytes.
    func multipart(_ r: Request, _ c: PortalContext, limit: Int) async throws(Rejected) -> Multipart {
        try checkOrigin(r)
        guard let boundary = Multipart.boundary(r.headers[.contentType]) else { throw .notAForm }
        let body: ByteBuffer
        do {
            body = try await r.body.collect(upTo: limit)
        } catch {
            throw .tooLarge
        }
        guard let parts = try? Multipart(body: Array(buffer: body), boundary: boundary) else { throw .notAForm }
        try checkToken(parts.form, r)
        return parts
    }

    private func checkOrigin(_ r: Request) throws(Rejected) {
        let site = r.headers[HTTPField.Name("Sec-Fetch-Site")!]
        if site == "cross-site" || site == "same-site" { throw .crossSite }
        // A browser that hides the origin ("null") still says whether the form was its own page's.
        if let origin = r.headers[.origin], origin != Self.origin(of: links.base),
            !(origin == "null" && site == "same-origin")
        {
            throw .crossSite
        }
    }

    private func checkToken(_ form: Form, _ r: Request) throws(Rejected) {
        guard let link = try? links.signer.verify(form["form"], purpose: .form),
            link.subject == Self.formSubject(r.uri.path)
        else { throw .expired }
    }

    /// The answer to a form that was not taken.
    func rejected(_ why: Rejected, _ r: Request) -> Response {
        let lang = language(r)
        worker.logger.notice(
            "a form was not taken",
            metadata: [
                "reason": "\(why)", "path": "\(r.uri.path.prefix(40))",
                "origin": "\(r.headers[.origin] ?? "-")",
            ])
        switch why {
        case .expired:
            return message(
                r, status: .badRequest, heading: text("formExpired", lang), text: text("formExpiredText", lang),
                error: true, back: (Language.keep(r.uri.path, lang), text("back", lang)))
        case .tooLarge: return failure(.contentTooLarge, r)
        case .crossSite, .notAForm:
            return message(
                r, status: .forbidden, heading: text("refused", lang), text: text("formExpiredText", lang), error: true)
        }
    }

    static func origin(of base: String) -> String {
        guard let u = URLComponents(string: base), let scheme = u.scheme, let host = u.host else { return base }
        return "\(scheme)://\(host)" + (u.port.map { ":\($0)" } ?? "")
    }

    /// The client's address: the peer, or what a trusted proxy says the peer was.
    func client(_ r: Request, _ c: PortalContext) -> String {
        guard settings.proxies.contains(c.peer), let forwarded = r.headers[HTTPField.Name("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        else { return c.peer }
        return last
    }

    /// Counts a use against each limit; false (and nothing counted) when one is reached.
    func withinLimits(_ limits: @escaping @Sendable (Database) throws -> [RateLimit]) async -> Bool {
        do {
            let now = Date()
            return try await worker.write { ctx in try PortalRows.hit(try limits(ctx.db), now: now, ctx.db) == nil }
        } catch {
            // A store that cannot count does not stop the public: the services still check everything.
            worker.logger.warning("rate limits could not be counted", metadata: ["error": "\(error)"])
            return true
        }
    }
}
