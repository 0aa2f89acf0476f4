import Contracts
import Foundation
import GRDB
import ServiceKit
import Synchronization

// A small service on the runtime, for the runtime's tests: `create` inserts an item and emits
// `created`; a sink (the same program with RBN_TEST_ROLE=sink) consumes `created` into its store.

public struct CreateItem: MessagePayload {
    public static let messageType = MessageType(service: "testsvc", aggregate: "item", name: "create")
    public var key: String
    public init(key: String) { self.key = key }
}

public struct ItemAccepted: MessagePayload, Equatable {
    public static let messageType = MessageType(service: "testsvc", aggregate: "item", name: "accepted")
    public var key: String
    public var number: Int64
}

public struct ItemCreated: MessagePayload {
    public static let messageType = MessageType(service: "testsvc", aggregate: "item", name: "created")
    public var key: String
    public var number: Int64
    public init(key: String, number: Int64) {
        self.key = key
        self.number = number
    }
}

/// Another command on items, so a test can send the same message id with another type.
public struct TouchItem: MessagePayload {
    public static let messageType = MessageType(service: "testsvc", aggregate: "item", name: "touch")
    public var key: String
    public init(key: String) { self.key = key }
}

public struct GetItem: MessagePayload {
    public static let messageType = MessageType(service: "testsvc", aggregate: "item", name: "get")
    public var key: String
    public init(key: String) { self.key = key }
}

/// Keys that fail on purpose: `flaky-*` twice before succeeding, `broken-*` always, and
/// `outage-*` with SQLite's "disk full" while a file `outage` is in the data directory (the real
/// disk is filled in `make chaos`; here the runtime's answer to the error is tested).
let failures = Mutex<[String: Int]>([:])

struct InjectedFailure: Error, CustomStringConvertible {
    let description: String
}

public func itemService(name: String) -> ServiceDefinition {
    // The runtime's tests send as whatever broker user they have, with or without a user_id.
    var handlers = HandlerRegistry(requestSenders: .anyone)
    handlers.command(CreateItem.self) { command, context in
        let key = command.data.key
        if key.hasPrefix("refuse") { throw DomainError.conflict("items named refuse… are refused", field: "key") }
        if key.hasPrefix("forbidden") {
            // As a service refuses a sender outside their scope (the support desk's agents).
            throw DomainError.notPermitted("\(context.sender ?? "nobody") may not create \(key)", field: "key")
        }
        if key.hasPrefix("broken") { throw InjectedFailure(description: "\(key) always fails") }
        if key.hasPrefix("outage"),
            FileManager.default.fileExists(
                atPath: "\(ProcessInfo.processInfo.environment["RBN_DATA_DIR"] ?? ".")/outage")
        {
            throw DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full")
        }
        if key.hasPrefix("flaky"),
            failures.withLock({
                $0[key, default: 0] += 1; return $0[key]!
            }) <= 2
        {
            throw InjectedFailure(description: "\(key) fails twice")
        }
        try context.db.cachedStatement(sql: "INSERT INTO items (key, created_at) VALUES (?, ?)")
            .execute(arguments: [key, RFC3339.string(from: context.now)])
        let number = context.db.lastInsertedRowID
        try context.emit(ItemCreated(key: key, number: number), subject: key)
        return ItemAccepted(key: key, number: number)
    }
    handlers.command(TouchItem.self) { command, context in
        guard
            let number = try Int64.fetchOne(
                context.db, sql: "SELECT rowid FROM items WHERE key = ?", arguments: [command.data.key])
        else { throw DomainError.notFound("no item '\(command.data.key)'", field: "key") }
        return ItemAccepted(key: command.data.key, number: number)
    }
    handlers.query(GetItem.self) { query, context in
        guard
            let number = try Int64.fetchOne(
                context.db, sql: "SELECT rowid FROM items WHERE key = ?", arguments: [query.data.key])
        else { throw DomainError.notFound("no item '\(query.data.key)'", field: "key") }
        return ItemAccepted(key: query.data.key, number: number)
    }
    return ServiceDefinition(
        name: name, storeName: name, summary: "test service of the runtime", defaultHTTPPort: 0, handlers: handlers
    ) { migrator in
        migrator.registerMigration("1: items") { db in
            try db.create(table: "items") { t in
                t.column("key", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
        }
    }
}

public func sinkService(name: String) -> ServiceDefinition {
    var handlers = HandlerRegistry()
    handlers.event(ItemCreated.self) { event, context in
        try context.db.cachedStatement(sql: "INSERT INTO received (key, number, event_id) VALUES (?, ?, ?)")
            .execute(arguments: [event.data.key, event.data.number, event.id])
    }
    return ServiceDefinition(
        name: name, storeName: name, summary: "test sink of the runtime", defaultHTTPPort: 0, handlers: handlers
    ) { migrator in
        migrator.registerMigration("1: received") { db in
            try db.create(table: "received") { t in
                t.column("key", .text).notNull()
                t.column("number", .integer).notNull()
                t.column("event_id", .text).notNull()
            }
        }
    }
}
