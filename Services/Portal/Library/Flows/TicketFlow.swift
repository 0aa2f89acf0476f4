import Contracts
import Foundation
import Hummingbird
import PortalLinks

/// A requester's ticket page, opened by the signed link in every ticket mail: the public
/// conversation (never internal notes), a reply with files, "solved", reopening.
extension PortalApp {
    func registerTickets(_ router: Router<PortalContext>) {
        let prefix = PortalLinks.prefix(.ticket)
        router.get("/\(prefix)/:token") { r, c in try await self.ticketPage(r, c, errors: []) }
        router.post("/\(prefix)/:token/antwort") { r, c in try await self.replyOnTicket(r, c) }
        router.post("/\(prefix)/:token/geloest") { r, c in try await self.ticketAction(.solved, r, c) }
        router.post("/\(prefix)/:token/oeffnen") { r, c in try await self.ticketAction(.reopen, r, c) }
        router.post("/\(prefix)/:token/zufrieden") { r, c in try await self.answerSolved(r, c) }
        router.get("/\(prefix)/:token/datei/:file") { r, c in try await self.ticketFile(r, c) }
    }

    /// A file on the requester's own ticket, fetched from the desk in parts; a screenshot or PDF with
    /// its type, anything else as bytes to save. Always a download (`attachment`), never shown inline.
    func ticketFile(_ r: Request, _ c: PortalContext) async throws -> Response {
        let l = try ticketLink(r, c)
        guard let id = c.parameters.get("file").flatMap(Int.init), id > 0 else { return failure(.notFound, r) }
        var bytes = Data()
        var offset = 0
        var ref: SupportDesk.AttachmentRef?
        while true {
            let part = await ask(
                SupportDesk.GetRequesterAttachment(ticketID: l.id, email: l.email, attachmentID: id, offset: offset),
                SupportDesk.AttachmentPart.self)
            guard case .reply(let p) = part else {
                if case .unavailable = part { return failure(.serviceUnavailable, r) }
                return failure(.notFound, r)
            }
            ref = p.attachment
            bytes.append(Data(base64Encoded: p.base64) ?? Data())
            // The desk keeps files of at most 10 MiB: a longer answer is not a file of its.
            guard let next = p.nextOffset, next > offset, bytes.count <= 10 << 20 else { break }
            offset = next
        }
        guard let ref else { return failure(.notFound, r) }
        let type = RequesterFiles.allowed.contains(ref.type) ? ref.type : "application/octet-stream"
        return Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: RequesterFiles.disposition(ref.name)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The ticket a ticket link opens: its id and the requester's address.
    func ticketLink(_ r: Request, _ c: PortalContext) throws(LinkProblem) -> (id: Int, email: String) {
        let l = try link(.ticket, r, c)
        guard let id = Self.id(l.subject, "ticket"), let email = l.email else {
            throw LinkProblem(response: failure(.notFound, r))
        }
        return (id, email)
    }

    func ticketPage(_ r: Request, _ c: PortalContext, errors: [FieldError]) async throws -> Response {
        let l = try ticketLink(r, c)
        let lang = language(r)
        let t: SupportDesk.RequesterTicket
        switch await ask(
            SupportDesk.GetRequesterTicket(ticketID: l.id, email: l.email), SupportDesk.RequesterTicket.self)
        {
        case .reply(let v): t = v
        case .refused: return failure(.notFound, r)
        case .unavailable: return failure(.serviceUnavailable, r)
        }
        let base = "/\(PortalLinks.prefix(.ticket))/\(c.parameters.get("token") ?? "")"
        let open = [.new, .open, .pending].contains(t.status)
        var page = Page(
            .ticket, language: lang, title: t.title,
            values: [
                "title": t.title, "id": "\(t.ticketID)", "school": t.schoolName,
                "statusText": text(Self.statusKey(t.status), lang), "done": [.resolved, .closed].contains(t.status),
                "entries": t.conversation.map { e -> [String: Any] in
                    [
                        "who": e.fromRequester ? text("you", lang) : text("supportTeam", lang), "mine": e.fromRequester,
                        "at": Dates.instant(e.at, lang),
                        "paragraphs": (e.text ?? "").components(separatedBy: "\n\n").filter { !$0.isEmpty },
                    ]
                },
                "hasAttachments": !t.attachments.isEmpty,
                "attachments": t.attachments.map {
                    [
                        "name": $0.name, "url": Language.keep(base + "/datei/\($0.id)", lang),
                        "size": ByteCountFormatter.string(fromByteCount: Int64($0.size), countStyle: .file),
                    ]
                },
                "open": open, "resolvedNotClosed": t.status == .resolved, "reopenable": t.reopenable,
                "replyAction": Language.keep(base + "/antwort", lang), "replyToken": formToken(base + "/antwort"),
                "solvedAction": Language.keep(base + "/geloest", lang), "solvedToken": formToken(base + "/geloest"),
                "reopenAction": Language.keep(base + "/oeffnen", lang), "reopenToken": formToken(base + "/oeffnen"),
                // "Wurde Ihr Problem gelöst?": asked once there is a solution; the mail's yes or no
                // link opens the page with that answer to confirm (a link alone changes nothing).
                "asked": [.resolved, .closed].contains(t.status),
                "answerAction": Language.keep(base + "/zufrieden", lang), "answerToken": formToken(base + "/zufrieden"),
                "answeredYes": t.satisfied == true, "answeredNo": t.satisfied == false,
                "chose": ["ja", "nein"].contains(r.uri.queryParameters.get("geloest") ?? "") && t.satisfied == nil,
                "choseYes": r.uri.queryParameters.get("geloest") == "ja",
                "choseNo": r.uri.queryParameters.get("geloest") == "nein",
            ])
        page.errors = errors
        if !errors.isEmpty { page.status = 400 }
        return respond(page, r)
    }

    static func statusKey(_ s: SupportDesk.Status) -> String {
        switch s {
        case .new: "stNew"
        case .open: "stOpen"
        case .pending: "stPending"
        case .resolved: "stResolved"
        case .closed: "stClosed"
        case .merged: "stMerged"
        }
    }

    func replyOnTicket(_ r: Request, _ c: PortalContext) async throws -> Response {
        let l = try ticketLink(r, c)
        let parts = try await multipart(r, c, limit: Self.maxUploadBody)
        let lang = language(r)
        let text = parts.form.trimmed("text")
        let files = parts.files.filter { $0.field == "files" }
        var errors: [FieldError] = []
        if text.isEmpty && files.isEmpty {
            errors.append(FieldError(field: "text", message: self.text("errReply", lang)))
        }
        if !UploadCheck.acceptable(files) {
            errors.append(FieldError(field: "files", message: self.text("errFiles", lang)))
        }
        guard errors.isEmpty else { return try await ticketPage(r, c, errors: errors) }
        guard
            await withinLimits({ db in
                [RateLimit(bucket: "reply:" + (try PortalRows.pseudonym(l.email, db)), limit: 30, window: 3600)]
            })
        else { return failure(.tooManyRequests, r) }
        guard let uploads = await stage(files, email: l.email) else { return failure(.serviceUnavailable, r) }
        let action = SupportDesk.RequesterAction(
            ticketID: l.id, email: l.email, action: .reply, text: text, uploads: uploads)
        return await afterAction(action, r, c)
    }

    /// The answer to "Wurde Ihr Problem gelöst?": yes closes a solved ticket, no reopens it.
    func answerSolved(_ r: Request, _ c: PortalContext) async throws -> Response {
        let l = try ticketLink(r, c)
        let form = try await form(r, c)
        let action: SupportDesk.RequesterAction.Action
        switch form.trimmed("antwort") {
        case "ja": action = .satisfied
        case "nein": action = .unsatisfied
        default: return failure(.badRequest, r)
        }
        return await afterAction(SupportDesk.RequesterAction(ticketID: l.id, email: l.email, action: action), r, c)
    }

    func ticketAction(
        _ kind: SupportDesk.RequesterAction.Action, _ r: Request, _ c: PortalContext
    ) async throws -> Response {
        let l = try ticketLink(r, c)
        _ = try await form(r, c)
        return await afterAction(SupportDesk.RequesterAction(ticketID: l.id, email: l.email, action: kind), r, c)
    }

    /// Sends the requester's action; back to the ticket's page (a reply after the reopen window opens
    /// a new ticket, whose page it is then).
    private func afterAction(_ action: SupportDesk.RequesterAction, _ r: Request, _ c: PortalContext) async -> Response
    {
        let lang = language(r)
        switch await ask(action, SupportDesk.RequesterTicket.self) {
        case .reply(let t):
            if t.ticketID != action.ticketID {
                return redirect(Language.keep(ticketPath(t.ticketID, email: action.email, lang), lang))
            }
            return redirect(Language.keep("/\(PortalLinks.prefix(.ticket))/\(c.parameters.get("token") ?? "")", lang))
        case .refused(let e):
            return message(
                r, status: .conflict, heading: text("refused", lang), text: e.message, error: true,
                back: (
                    Language.keep("/\(PortalLinks.prefix(.ticket))/\(c.parameters.get("token") ?? "")", lang),
                    text("back", lang)
                ))
        case .unavailable: return failure(.serviceUnavailable, r)
        }
    }
}

/// How the portal hands a ticket's files back to their requester.
enum RequesterFiles {
    /// The types sent as what they are; everything else is plain bytes to save.
    static let allowed: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"]

    /// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII name without quotes or
    /// control characters, and the whole name percent-encoded.
    static func disposition(_ name: String) -> String {
        let ascii = String(
            name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" }
        )
        let encoded =
            name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_")))
            ?? "file"
        return "attachment; filename=\"\(ascii.prefix(150))\"; filename*=UTF-8''\(encoded.prefix(600))"
    }
}
