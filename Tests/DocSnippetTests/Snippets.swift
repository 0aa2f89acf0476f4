import Contracts
import Foundation
import GRDB
import Messaging
import ServiceKit

// Every code example of the docs (README.md, docs/*.md) and of the doc comments in Shared/ and
// Services/, compiled: the text between `// snippet NAME` and `// snippet end` is what a document
// shows, and DocSnippetTests fail when a document shows code that is not here. The functions are
// never called; the compiler is the test.

// MARK: - Types the examples use

/// Opens a ticket in the example service.
struct OpenTicket: MessagePayload {
    static let messageType = MessageType(service: "helpdesk", aggregate: "ticket", name: "open")
    var schulnummer: String
    var title: String
}

/// The reply to `OpenTicket`.
struct TicketAccepted: MessagePayload {
    static let messageType = MessageType(service: "helpdesk", aggregate: "ticket", name: "accepted")
    var id: Int64
}

// MARK: - README.md, "Writing a service on the runtime"

func writingAService() async {
    // snippet writing-a-service
    var handlers = HandlerRegistry()
    handlers.command(OpenTicket.self) { command, context in
        let school = command.data.schulnummer
        guard
            try Bool.fetchOne(context.db, sql: "SELECT 1 FROM schools WHERE schulnummer = ?", arguments: [school])
                != nil
        else {
            throw DomainError.notFound("no school \(school)", field: "schulnummer")  // an error reply
        }
        try context.db.execute(  // the same transaction as …
            sql: "INSERT INTO tickets (schulnummer, title) VALUES (?, ?)", arguments: [school, command.data.title])
        let id = context.db.lastInsertedRowID
        try context.emit(TicketOpened(ticketID: "\(id)"), subject: "\(id)")  // … the outbox row and the inbox row
        return TicketAccepted(id: id)  // the reply, kept for retries
    }
    await ServiceRuntime.main(
        ServiceDefinition(
            name: "helpdesk", storeName: "helpdesk", summary: "IT support tickets", defaultHTTPPort: 8090,
            handlers: handlers,
            migrations: { migrator in
                migrator.registerMigration("helpdesk 1") { db in
                    try db.execute(sql: "CREATE TABLE schools (schulnummer TEXT PRIMARY KEY)")
                    try db.execute(sql: "CREATE TABLE tickets (id INTEGER PRIMARY KEY, schulnummer TEXT, title TEXT)")
                }
            }))
    // snippet end
}

// MARK: - README.md, "Using the AMQP client"

func usingTheClient(message: AMQPMessage) async throws {
    // snippet using-the-client
    let connection = try await AMQPConnection.connect(uri: "amqp://guest:guest@127.0.0.1:5672")
    try await connection.declare(RBNTopology.service("supportdesk", eventPatterns: ["registry.school.*"]))

    // Returns once the broker confirmed the message; unroutable or refused messages throw.
    try await connection.publish(
        message, exchange: RBNTopology.eventsExchange, routingKey: "supportdesk.ticket.opened")

    let consumer = try await connection.consume(queue: "supportdesk.commands", prefetch: 50)
    for try await delivery in consumer {
        // … handle …
        try await consumer.ack(delivery)
    }
    // snippet end
}

// MARK: - Doc comments

// snippet message-payload
public struct TicketOpened: MessagePayload {
    public static let messageType = MessageType(service: "supportdesk", aggregate: "ticket", name: "opened")
    public var ticketID: String
}
// snippet end

func connectionExample(message: AMQPMessage) async throws {
    // snippet amqp-connection
    let connection = try await AMQPConnection.connect(AMQPConfiguration(uri: "amqp://127.0.0.1"))
    try await connection.declare(RBNTopology.service("supportdesk"))
    try await connection.publish(message, exchange: "rbn.events", routingKey: "supportdesk.ticket.opened")
    // snippet end
}

func conditionsExample(db: Database, networkID: String?) throws {
    // snippet sql-conditions
    var w = SQLConditions()
    w.add("network_id = ?", networkID)  // skipped when networkID is nil
    w.add("active = 1")
    let rows = try Row.fetchAll(db, sql: "SELECT * FROM institutions \(w.sql)", arguments: w.arguments)
    // snippet end
    _ = rows
}

/// Something a worker hands on, outside any transaction (a mail, say).
struct Outgoing: Sendable {
    let id: Int64
    func send() async -> Bool { true }
}

func workerExample() -> ServiceWorker {
    // snippet service-worker
    ServiceWorker("deliver") { worker in
        while !worker.isStopped {
            let due = try await worker.read { db in
                try Int64.fetchAll(db, sql: "SELECT id FROM outgoing WHERE sent_at IS NULL LIMIT 50")
            }
            for id in due where await Outgoing(id: id).send() {
                try await worker.write { context in
                    try context.db.execute(
                        sql: "UPDATE outgoing SET sent_at = ? WHERE id = ?", arguments: [Date(), id])
                }
            }
            await worker.sleep(0.5)
        }
    }
    // snippet end
}

func registryExample() {
    // snippet handler-registry
    var handlers = HandlerRegistry()
    handlers.command(OpenTicket.self) { command, context in
        try context.db.execute(
            sql: "INSERT INTO tickets (schulnummer, title) VALUES (?, ?)",
            arguments: [command.data.schulnummer, command.data.title])
        let id = context.db.lastInsertedRowID
        try context.emit(TicketOpened(ticketID: "\(id)"), subject: "\(id)")
        return TicketAccepted(id: id)
    }
    // snippet end
    _ = handlers
}
