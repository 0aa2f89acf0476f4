import Contracts
import Directory
import ServiceKit

/// Keeps the desk's copy of the registry's directory; an erased person's tickets keep no name or
/// address of theirs, and the erasure is confirmed with supportdesk.person.erased.
enum ReadModelHandlers {
    static func register(_ h: inout HandlerRegistry) {
        Directory.register(&h) { personID, email, ctx in
            try ctx.db.execute(
                sql: """
                    UPDATE tickets SET requester_name = 'gelöschte Person', requester_email = ?
                    WHERE requester_email = ?
                    """,
                arguments: ["erased-\(personID)@invalid", email])
            let tickets = ctx.db.changesCount
            try ctx.emit(SupportDesk.PersonErased(requestID: personID, entries: tickets), subject: personID)
        }
    }
}
