import Contracts
import Foundation
import GRDB

extension HandlerRegistry {
    /// Runs one query the way the service's consumer does (decode the envelope, run the handler on
    /// a read-only snapshot, encode the reply), without a broker: for benchmarks that time the work
    /// inside the service. A domain refusal, and a sender who may not send it (see ``Senders``), is
    /// thrown as the ``DomainError``.
    ///
    /// - Returns: the reply envelope, encoded.
    public func runQuery(
        _ body: Data, sender: String?, roles: SenderRoles = SenderRoles(operators: [], portal: []), in db: Database,
        now: Date = Date()
    ) throws -> Data {
        let type = try EnvelopeCodec.attributes(of: body).type
        guard let entry = entry(for: type), entry.kind == .query else {
            throw ContractError(.unexpectedType, "this service has no query handler for '\(type)'")
        }
        let message = try entry.decode(body, EnvelopeAttributes.contentType)
        if let refusal = entry.senders.refusal(of: sender, type: type, roles: roles) { throw refusal }
        let context = MessageContext(
            db: db, message: message.attributes, sender: sender, role: roles.role(of: sender), now: now)
        guard let reply = try message.run(context) else {
            throw ContractError(.unexpectedType, "the handler of '\(type)' gave no reply")
        }
        return reply.body
    }
}
