import Contracts
import Foundation
import Hummingbird
import PortalLinks

/// A recipient's choices, from the signed link in every mail: language and the kinds of message
/// they want; and the one-click unsubscribe (RFC 8058) that mail programs offer from the
/// `List-Unsubscribe` header.
extension PortalApp {
    static let categoryTexts: [(Notifications.Category, String)] = [
        (.tickets, "catTickets"), (.evenings, "catEvenings"), (.training, "catTraining"),
        (.reminders, "catReminders"), (.welcome, "catWelcome"), (.sla, "catSla"),
    ]

    func registerPreferences(_ router: Router<PortalContext>) {
        let prefs = PortalLinks.prefix(.preferences)
        let unsub = PortalLinks.prefix(.unsubscribe)
        router.get("/\(prefs)/:token") { r, c in try await self.preferencesPage(r, c) }
        router.post("/\(prefs)/:token") { r, c in try await self.savePreferences(r, c) }
        router.get("/\(unsub)/:token") { r, c in try await self.unsubscribePage(r, c) }
        router.post("/\(unsub)/:token") { r, c in try await self.unsubscribe(r, c) }
    }

    /// The recipient's preferences as the notification service keeps them; defaults for one it does
    /// not know yet.
    func recipient(_ email: String, language: String) async -> Asked<Notifications.Recipient> {
        switch await ask(Notifications.GetRecipient(email: email), Notifications.RecipientDetails.self) {
        case .reply(let d): return .reply(d.recipient)
        case .refused(let e) where e.code == "not-found":
            return .reply(Notifications.Recipient(email: email, language: language))
        case .refused(let e): return .refused(e)
        case .unavailable: return .unavailable
        }
    }

    func preferencesPage(_ r: Request, _ c: PortalContext) async throws -> Response {
        let l = try link(.preferences, r, c)
        guard let email = l.email else { return failure(.notFound, r) }
        let lang =
            r.uri.queryParameters.get("lang").flatMap { Texts.languages.contains($0) ? $0 : nil }
            ?? l.claims["lang"] ?? language(r)
        guard case .reply(let rec) = await recipient(email, language: lang) else {
            return failure(.serviceUnavailable, r)
        }
        let action = r.uri.path
        return respond(
            Page(
                .preferences, language: lang, title: text("prefsTitle", lang),
                values: [
                    "email": email, "de": rec.language != "en",
                    "saved": r.uri.queryParameters.get("gespeichert") != nil,
                    "action": Language.keep(action, lang), "formToken": formToken(action),
                    "categories": Self.categoryTexts.map {
                        ["id": $0.0.rawValue, "label": text($0.1, lang), "wanted": !rec.optOuts.contains($0.0)]
                            as [String: Any]
                    },
                ]), r)
    }

    func savePreferences(_ r: Request, _ c: PortalContext) async throws -> Response {
        let form = try await self.form(r, c)
        let l = try link(.preferences, r, c)
        guard let email = l.email else { return failure(.notFound, r) }
        let lang = form["language"] == "en" ? "en" : "de"
        let optOuts = Self.categoryTexts.map(\.0).filter { form["cat-\($0.rawValue)"] != "yes" }
        let set = Notifications.SetPreferences(email: email, language: lang, optOuts: optOuts)
        switch await ask(set, Notifications.RecipientDetails.self) {
        case .reply: return redirect(r.uri.path + "?gespeichert=1" + (lang == "en" ? "&lang=en" : ""))
        case .refused(let e):
            return message(r, status: .conflict, heading: text("refused", lang), text: e.message, error: true)
        case .unavailable: return failure(.serviceUnavailable, r)
        }
    }

    /// The kind of message an unsubscribe link names.
    func category(_ l: SignedLink) -> Notifications.Category? {
        guard l.subject.hasPrefix("category:") else { return nil }
        return Notifications.Category(rawValue: String(l.subject.dropFirst("category:".count)))
    }

    func unsubscribePage(_ r: Request, _ c: PortalContext) async throws -> Response {
        let l = try link(.unsubscribe, r, c)
        guard let email = l.email, let cat = category(l) else { return failure(.notFound, r) }
        let lang = l.claims["lang"] ?? language(r)
        let action = r.uri.path
        let label = Self.categoryTexts.first { $0.0 == cat }.map { text($0.1, lang) } ?? cat.rawValue
        return respond(
            Page(
                .unsubscribe, language: lang, title: text("unsubTitle", lang),
                values: [
                    "email": email, "category": label, "action": Language.keep(action, lang),
                    "formToken": formToken(action),
                ]), r)
    }

    /// A mail program's one-click POST (`List-Unsubscribe=One-Click`, no form token: the signed
    /// address is the authority), or the page's own form.
    func unsubscribe(_ r: Request, _ c: PortalContext) async throws -> Response {
        let oneClick: Bool
        if r.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true,
            r.headers[.origin] == nil
        {
            let body = (try? await r.body.collect(upTo: 1024)).map { String(buffer: $0) } ?? ""
            guard body.trimmingCharacters(in: .whitespacesAndNewlines) == "List-Unsubscribe=One-Click" else {
                return rejected(.expired, r)
            }
            oneClick = true
        } else {
            _ = try await form(r, c)
            oneClick = false
        }
        let l = try link(.unsubscribe, r, c)
        guard let email = l.email, let cat = category(l) else {
            return failure(.notFound, r)
        }
        let lang = l.claims["lang"] ?? language(r)
        guard case .reply(let rec) = await recipient(email, language: lang) else {
            return failure(.serviceUnavailable, r)
        }
        let set = Notifications.SetPreferences(email: email, optOuts: Array(Set(rec.optOuts + [cat])))
        guard case .reply = await ask(set, Notifications.RecipientDetails.self) else {
            return failure(.serviceUnavailable, r)
        }
        if oneClick {
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "unsubscribed\n")))
        }
        let prefs = links.url(.preferences, subject: "recipient", email: email, claims: ["lang": lang])
        return message(
            r, status: .ok, heading: text("unsubTitle", lang), text: text("unsubDone", lang),
            back: (String(prefs.dropFirst(links.base.count)), text("prefsLink", lang)))
    }
}
