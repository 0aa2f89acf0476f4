import Contracts
import Foundation
import Hummingbird
import PortalLinks
import WebForms

/// A teacher's request for support: the form (school, category, title, description, up to three
/// screenshots or PDFs), its files staged with the support desk in parts, then the ticket.
extension PortalApp {
    /// The largest body of a form with files: three files of 5 MB and the text around them.
    static let maxUploadBody = 3 * SupportDesk.maxPortalFileBytes + 256 * 1024

    static let categories: [(SupportDesk.Category, String)] = [
        (.network, "catNetwork"), (.hardware, "catHardware"), (.devices, "catDevices"),
        (.learningPlatform, "catLearningPlatform"), (.accounts, "catAccounts"), (.software, "catSoftware"),
        (.dataProtection, "catDataProtection"), (.other, "catOther"),
    ]

    func registerRequests(_ router: Router<PortalContext>) {
        router.get("/schule/:session/anfrage") { r, c in
            let s = try self.session(r, c)
            guard case .reply(let schools) = await self.schools(of: s.email) else {
                return self.failure(.serviceUnavailable, r)
            }
            let chosen: String = r.uri.queryParameters.get("schule") ?? ""
            return self.requestPage(s.token, schools, form: Form(["school": chosen]), errors: [], r)
        }
        router.post("/schule/:session/anfrage") { r, c in try await self.submitRequest(r, c) }
    }

    func requestPage(
        _ session: String, _ schools: [Registry.SchoolRef], form: Form, errors: [FieldError], _ r: Request
    ) -> Response {
        let lang = language(r)
        let action = "/schule/\(session)/anfrage"
        let chosen = schools.count == 1 ? schools[0].institutionID : form["school"]
        var page = Page(
            .request, language: lang, title: text("requestTitle", lang),
            values: [
                "action": Language.keep(action, lang), "formToken": formToken(action),
                "backURL": Language.keep("/schule/\(session)", lang),
                "schools": schools.enumerated().map { i, s in
                    [
                        "id": s.institutionID, "name": s.name, "fieldID": "school-\(i)",
                        "checked": s.institutionID == chosen,
                    ]
                        as [String: Any]
                },
                "categories": Self.categories.enumerated().map { i, c in
                    [
                        "id": c.0.rawValue, "label": text(c.1, lang), "fieldID": "category-\(i)",
                        "checked": form["category"] == c.0.rawValue,
                    ] as [String: Any]
                },
                "form": ["title": form["title"], "description": form["description"]],
            ])
        page.errors = errors
        if !errors.isEmpty { page.status = 400 }
        return respond(page, r)
    }

    func submitRequest(_ r: Request, _ c: PortalContext) async throws -> Response {
        let s = try session(r, c)
        let parts = try await multipart(r, c, limit: Self.maxUploadBody)
        let lang = language(r)
        guard case .reply(let schools) = await schools(of: s.email) else { return failure(.serviceUnavailable, r) }
        let form = parts.form
        var errors: [FieldError] = []
        let school = schools.count == 1 ? schools.first : schools.first { $0.institutionID == form["school"] }
        if school == nil {
            errors.append(FieldError(field: "school", message: text("errSchool", lang), anchor: "school-0"))
        }
        let category = SupportDesk.Category(rawValue: form["category"])
        if category == nil {
            errors.append(FieldError(field: "category", message: text("errCategory", lang), anchor: "category-0"))
        }
        let title = form.trimmed("title")
        if title.isEmpty || title.count > 200 {
            errors.append(FieldError(field: "title", message: text("errTitle", lang)))
        }
        let description = form.trimmed("description")
        if description.isEmpty {
            errors.append(FieldError(field: "description", message: text("errDescription", lang)))
        }
        let files = parts.files.filter { $0.field == "files" }
        if !UploadCheck.acceptable(files) { errors.append(FieldError(field: "files", message: text("errFiles", lang))) }
        guard errors.isEmpty, let school, let category else {
            return requestPage(s.token, schools, form: form, errors: errors, r)
        }
        let who = client(r, c)
        let allowed = await withinLimits { db in
            [
                RateLimit(bucket: "ip:" + (try PortalRows.pseudonym(who, db)), limit: 30, window: 3600),
                RateLimit(bucket: "ticket:" + (try PortalRows.pseudonym(s.email, db)), limit: 10, window: 3600),
            ]
        }
        guard allowed else { return failure(.tooManyRequests, r) }
        guard let uploads = await stage(files, email: s.email) else { return failure(.serviceUnavailable, r) }
        let name = await contactName(s.email) ?? s.email
        let submit = SupportDesk.SubmitTicket(
            schulnummer: school.institutionID, requester: .init(name: name, email: s.email), category: category,
            title: title, description: description, uploads: uploads)
        switch await ask(
            submit, SupportDesk.RequesterTicket.self, id: Self.derivedID("portal-ticket", s.token + title + description)
        ) {
        case .reply(let t):
            return redirect(Language.keep(ticketPath(t.ticketID, email: s.email, lang), lang))
        case .refused(let e) where e.code == "not-a-contact":
            return requestPage(
                s.token, schools, form: form,
                errors: [FieldError(field: "school", message: text("notAContact", lang), anchor: "school-0")], r)
        case .refused(let e):
            return message(r, status: .conflict, heading: text("refused", lang), text: e.message, error: true)
        case .unavailable: return failure(.serviceUnavailable, r)
        }
    }

    /// The name the registry has for a contact.
    func contactName(_ email: String) async -> String? {
        guard case .reply(let c) = await ask(Registry.FindContactSchools(email: email), Registry.ContactSchools.self)
        else { return nil }
        return c.name
    }

    /// Hands the files to the support desk in parts of at most 512 KiB; nil when it did not take them.
    func stage(_ files: [Multipart.File], email: String) async -> [SupportDesk.UploadRef]? {
        var refs: [SupportDesk.UploadRef] = []
        for f in files {
            let id = UUID().uuidString.lowercased()
            let size = SupportDesk.maxUploadPartBytes
            let count = max(1, (f.bytes.count + size - 1) / size)
            for i in 0..<count {
                let part = Data(f.bytes[(i * size)..<min(f.bytes.count, (i + 1) * size)])
                let staged = await ask(
                    SupportDesk.StageUpload(
                        uploadID: id, email: email, index: i, count: count, data: part.base64EncodedString()),
                    SupportDesk.UploadStaged.self, id: "\(id)-\(i)")
                guard case .reply = staged else { return nil }
            }
            refs.append(SupportDesk.UploadRef(uploadID: id, filename: String(f.filename.prefix(200))))
        }
        return refs
    }

    /// The path of a requester's ticket page, signed for their address.
    func ticketPath(_ id: Int, email: String, _ language: String) -> String {
        let token = links.signer.token(.ticket, subject: "ticket:\(id)", email: email, claims: ["lang": language])
        return "/\(PortalLinks.prefix(.ticket))/\(token)"
    }
}

/// What files the portal takes: at most three, each at most 5 MB, screenshots or PDFs by their
/// first bytes (whatever their names or declared types say). The support desk checks again.
enum UploadCheck {
    static func acceptable(_ files: [Multipart.File]) -> Bool {
        files.count <= SupportDesk.maxPortalFiles
            && files.allSatisfy {
                !$0.bytes.isEmpty && $0.bytes.count <= SupportDesk.maxPortalFileBytes && type(of: $0.bytes) != nil
            }
    }

    /// The type the bytes are, among those taken; nil for anything else.
    static func type(of b: [UInt8]) -> String? {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + magic.count && Array(b[offset..<(offset + magic.count)]) == magic
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        return nil
    }
}
