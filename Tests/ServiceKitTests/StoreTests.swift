import Foundation
import GRDB
import ServiceKit
import Testing

@Suite("Store")
struct StoreTests {
    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rbn-store-\(UUID().uuidString)").path
    }

    static func v1(_ m: inout DatabaseMigrator) {
        m.registerMigration("1: schools") { db in
            try db.create(table: "schools") { t in
                t.primaryKey("schulnummer", .text)
                t.column("name", .text).notNull()
            }
        }
    }

    static func v2(_ m: inout DatabaseMigrator) {
        v1(&m)
        m.registerMigration("2: schulform") { db in
            try db.alter(table: "schools") { t in t.add(column: "schulform", .text).notNull().defaults(to: "G") }
        }
    }

    @Test func migratesAnEmptyStore() async throws {
        let dir = Self.directory()
        let store = try Store(directory: dir, name: "registry", migrations: Self.v2)
        #expect(store.path == dir + "/registry.sqlite")
        let tables = try await store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(Set(tables).isSuperset(of: ["schools", "rbn_outbox", "rbn_inbox", "grdb_migrations"]))
        let journal = try await store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func anOlderVersionRefusesAStoreANewerOneMigrated() throws {
        let dir = Self.directory()
        _ = try Store(directory: dir, name: "registry", migrations: Self.v2)
        let error = #expect(throws: StoreError.self) {
            _ = try Store(directory: dir, name: "registry", migrations: Self.v1)
        }
        #expect(error?.message.contains("migrated by a newer version") == true)
    }

    @Test func migratesAStoreFromThePreviousMigration() async throws {
        let dir = Self.directory()
        do {
            let old = try Store(directory: dir, name: "registry", migrations: Self.v1)
            try await old.write { db in
                try db.execute(sql: "INSERT INTO schools VALUES ('193015', 'Städtisches Gymnasium Lemgo')")
            }
        }
        let store = try Store(directory: dir, name: "registry", migrations: Self.v2)
        let row = try await store.read { db in
            try Row.fetchOne(db, sql: "SELECT name, schulform FROM schools").map {
                [$0["name"], $0["schulform"]] as [String]
            }
        }
        #expect(row == ["Städtisches Gymnasium Lemgo", "G"])
        let applied = try await store.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(applied.contains("2: schulform"))
    }

    @Test func synchronousModeFollowsTheSetting() async throws {
        let full = try Store(directory: Self.directory(), name: "t", synchronous: .full)
        #expect(try await full.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        let normal = try Store(directory: Self.directory(), name: "t")
        #expect(try await normal.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 1)
    }

    /// Readers map the file for searches across a large store; the writer does not, so a day of
    /// changes does not count in the service's resident memory (issue 22: the support desk's peak
    /// under load went from 61.5 to 54.8 MB).
    @Test func readersMapTheStoreAndTheWriterDoesNot() async throws {
        let store = try Store(directory: Self.directory(), name: "t", mappedBytes: 64 << 20)
        #expect(try await store.read { db in try Int.fetchOne(db, sql: "PRAGMA mmap_size") } == 64 << 20)
        #expect(try await store.write { db in try Int.fetchOne(db, sql: "PRAGMA mmap_size") } == 0)
    }

    @Test func aFailedWriteLeavesNothingBehind() async throws {
        let store = try Store(directory: Self.directory(), name: "t", migrations: Self.v1)
        await #expect(throws: (any Error).self) {
            try await store.write { db in
                try db.execute(sql: "INSERT INTO schools VALUES ('100001', 'A')")
                try db.execute(sql: "INSERT INTO schools VALUES ('100001', 'again')")
            }
        }
        #expect(try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM schools") } == 0)
    }

    @Test func unwritableDirectoryIsAClearError() {
        #expect {
            try Store(directory: "/proc/rbn-cannot-create", name: "t")
        } throws: { error in
            (error as? StoreError)?.code == .unavailable && "\(error)".contains("/proc/rbn-cannot-create")
        }
    }
}
