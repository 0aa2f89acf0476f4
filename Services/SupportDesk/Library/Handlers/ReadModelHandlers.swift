import Contracts
import Directory
import ServiceKit

/// Keeps the desk's copy of the registry's directory; an erased person leaves no name or address
/// in tickets, texts, indexes or stored replies (``PersonErasure``), and the erasure is confirmed
/// with supportdesk.person.erased.
enum ReadModelHandlers {
    static func register(_ h: inout HandlerRegistry) {
        Directory.register(&h) { personID, email, ctx in
            let erased = try PersonErasure.erase(personID: personID, email: email, ctx.db)
            try ctx.erasedPerson(erased.needles)
            try ctx.emit(SupportDesk.PersonErased(requestID: personID, entries: erased.entries), subject: personID)
        }
    }
}
