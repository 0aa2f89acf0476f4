import Contracts
import Foundation
import GRDB
import Messaging

/// A message waiting in (or published from) the outbox table.
struct OutboxRow: Sendable, FetchableRecord, Decodable {
    let seq: Int64
    let messageID: String
    let exchange: String
    let routingKey: String
    let type: String
    let correlationID: String?
    let appID: String?
    let createdAt: Double
    let body: Data

    enum CodingKeys: String, CodingKey {
        case seq, body, exchange, type
        case messageID = "message_id"
        case routingKey = "routing_key"
        case correlationID = "correlation_id"
        case appID = "app_id"
        case createdAt = "created_at"
    }

    /// The AMQP message, with properties mirroring the envelope.
    func publish() -> AMQPPublish {
        let properties = AMQPProperties(
            contentType: EnvelopeAttributes.contentType, persistent: true, correlationID: correlationID,
            messageID: messageID, timestamp: Date(timeIntervalSince1970: createdAt), type: type, appID: appID)
        // An event nobody subscribes to is not an error; a command nobody takes is: it stays in the
        // outbox until its service has declared its queue.
        return AMQPPublish(
            exchange: exchange, routingKey: routingKey, message: AMQPMessage(body: body, properties: properties),
            mandatory: exchange != RBNTopology.eventsExchange)
    }
}

/// Writes messages to the outbox table inside the caller's transaction.
public enum Outbox {
    /// Records an envelope to publish once the transaction commits.
    public static func append<P>(
        _ envelope: Envelope<P>, exchange: String, routingKey: String,
        in db: Database
    ) throws {
        let body = try EnvelopeCodec.encode(envelope)
        try db.cachedStatement(
            sql: """
                INSERT INTO rbn_outbox
                    (message_id, exchange, routing_key, type, correlation_id, app_id, body, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            envelope.id, exchange, routingKey, envelope.type, envelope.attributes.correlationID,
            envelope.attributes.service, body, (envelope.attributes.time ?? Date()).timeIntervalSince1970,
        ])
    }

    /// Messages written and not yet confirmed by the broker.
    public static func backlog(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rbn_outbox WHERE published_at IS NULL") ?? 0
    }

    /// Unpublished rows after `cursor`, in commit order.
    static func unpublished(_ db: Database, after cursor: Int64 = 0, limit: Int) throws -> [OutboxRow] {
        try OutboxRow.fetchAll(
            db,
            sql: """
                SELECT seq, message_id, exchange, routing_key, type, correlation_id, app_id, created_at, body
                FROM rbn_outbox
                WHERE published_at IS NULL AND seq > ? ORDER BY seq LIMIT ?
                """,
            arguments: [cursor, limit])
    }

    static func markPublished(_ seqs: [Int64], _ db: Database) throws {
        guard !seqs.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        for chunk in stride(from: 0, to: seqs.count, by: 500).map({ seqs[$0..<min($0 + 500, seqs.count)] }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            try db.execute(
                sql: "UPDATE rbn_outbox SET published_at = ? WHERE seq IN (\(marks))",
                arguments: StatementArguments([now] + chunk.map { DatabaseValue(value: $0)! }))
        }
    }

    /// Deletes rows published before `cutoff`; returns how many.
    static func prune(publishedBefore cutoff: Date, _ db: Database) throws -> Int {
        try db.execute(
            sql: "DELETE FROM rbn_outbox WHERE published_at IS NOT NULL AND published_at < ?",
            arguments: [cutoff.timeIntervalSince1970])
        return db.changesCount
    }
}
