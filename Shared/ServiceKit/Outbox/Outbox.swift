import Contracts
import Foundation
import GRDB
import Messaging

/// A message waiting in (or published from) the outbox table.
struct OutboxRow: Sendable, FetchableRecord {
    let seq: Int64
    let messageID: String
    let exchange: String
    let routingKey: String
    let type: String
    let correlationID: String?
    let appID: String?
    let createdAt: Double
    let body: Data

    init(
        seq: Int64, messageID: String, exchange: String, routingKey: String, type: String, correlationID: String?,
        appID: String?, createdAt: Double, body: Data
    ) {
        self.seq = seq
        self.messageID = messageID
        self.exchange = exchange
        self.routingKey = routingKey
        self.type = type
        self.correlationID = correlationID
        self.appID = appID
        self.createdAt = createdAt
        self.body = body
    }

    /// From the columns of ``Outbox/unpublished(_:after:limit:)``, by position (cheaper than by name).
    init(row: Row) {
        seq = row[0]
        messageID = row[1]
        exchange = row[2]
        routingKey = row[3]
        type = row[4]
        correlationID = row[5]
        appID = row[6]
        createdAt = row[7]
        body = row[8]
    }

    /// The AMQP message, with properties mirroring the envelope, sent as `user` (the connection's
    /// login, which the broker checks and consumers trust).
    func publish(as user: String) -> AMQPPublish {
        let properties = AMQPProperties(
            contentType: EnvelopeAttributes.contentType, persistent: true, correlationID: correlationID,
            messageID: messageID, timestamp: Date(timeIntervalSince1970: createdAt), type: type, userID: user,
            appID: appID)
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
        _ = try insert(envelope, exchange: exchange, routingKey: routingKey, in: db)
    }

    /// Records an envelope and returns its row, which the relay can take without reading it back.
    static func insert<P>(
        _ envelope: Envelope<P>, exchange: String, routingKey: String,
        in db: Database
    ) throws -> OutboxRow {
        let body = try EnvelopeCodec.encode(envelope)
        let a = envelope.attributes
        let createdAt = (a.time ?? Date()).timeIntervalSince1970
        try db.cachedStatement(
            sql: """
                INSERT INTO rbn_outbox
                    (message_id, exchange, routing_key, type, correlation_id, app_id, body, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [a.id, exchange, routingKey, a.type, a.correlationID, a.service, body, createdAt])
        return OutboxRow(
            seq: db.lastInsertedRowID, messageID: a.id, exchange: exchange, routingKey: routingKey, type: a.type,
            correlationID: a.correlationID, appID: a.service, createdAt: createdAt, body: body)
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
