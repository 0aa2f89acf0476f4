import Contracts
import Hummingbird

/// The Impressum and the Datenschutzerklärung, of the portal or of one network.
extension PortalApp {
    func legal(_ kind: LegalTexts.Kind, network id: String?, _ r: Request) async throws -> Response {
        let lang = language(r)
        var office: (name: String, email: String?)? = nil
        if let id {
            switch await findNetwork(id) {
            case .reply(let n?):
                if let b = n.bodies?.first(where: { $0.kind == .bildungsbuero }) { office = (b.name, b.email) }
            case .reply(nil): return failure(.notFound, r)
            default: return failure(.serviceUnavailable, r)
            }
        }
        let heading = text(kind == .imprint ? "imprintTitle" : "privacyTitle", lang)
        let sections = settings.legal.sections(kind, network: id, office: office, language: lang).map {
            ["title": $0.title, "paragraphs": $0.paragraphs] as [String: Any]
        }
        return respond(
            Page(.legal, language: lang, title: heading, values: ["heading": heading, "sections": sections]), r,
            network: id)
    }
}
