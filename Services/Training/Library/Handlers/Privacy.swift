import Contracts
import Directory
import Foundation
import GRDB
import ServiceKit

/// Data protection: personal data goes after the retention period (default one year after the
/// round's last workshop or the evening, VO-DV II § 9), on the registry's person.erased and on an
/// erasure request; each erasure by person is confirmed with training.person.erased.
struct Privacy: Sendable {
    let retentionDays: Int

    func register(_ h: inout HandlerRegistry) {
        h.command(Training.ErasePerson.self) { c, ctx in
            let entries = try ErasureRows.erase(email: c.data.email, ctx.db)
            let confirmation = Training.PersonErased(requestID: c.data.requestID, entries: entries)
            try ctx.emit(confirmation, subject: c.data.requestID)
            return confirmation
        }
    }

    /// For the directory's person.erased: the same erasure, confirmed under the registry's person id.
    func erased(personID: String, email: String, _ ctx: MessageContext) throws {
        let entries = try ErasureRows.erase(email: email, ctx.db)
        try ctx.emit(Training.PersonErased(requestID: personID, entries: entries), subject: personID)
    }

    /// The timer's work: teams and registrations past the retention period lose their personal data.
    func expire(_ ctx: MessageContext) throws {
        let cutoff = CivilDay(ctx.now, in: CivilDay.berlin).adding(days: -retentionDays)
        for id in try ErasureRows.applicationsPast(cutoff, ctx.db) {
            try ErasureRows.eraseTeam(application: id, ctx.db)
        }
        for id in try ErasureRows.registrationsPast(cutoff, ctx.db) { try ErasureRows.eraseRegistration(id, ctx.db) }
    }
}
