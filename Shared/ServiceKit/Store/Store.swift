import Foundation
import GRDB

/// A service's SQLite store: one file in the data directory, WAL journal, a busy timeout,
/// versioned migrations, and write transactions that take the write lock up front
/// (`BEGIN IMMEDIATE`), so two writers never deadlock upgrading a read lock.
public final class Store: Sendable {
    /// How hard SQLite works to make a commit durable.
    public enum Synchronous: String, Sendable, CaseIterable {
        /// Durable across process crashes; a power loss may lose the last commits (WAL default).
        case normal = "NORMAL"
        /// Durable across power loss too, at the cost of an fsync per commit.
        case full = "FULL"
    }

    /// The GRDB pool: one writer, concurrent readers.
    public let pool: DatabasePool
    /// The file, e.g. `var/data/support-desk.sqlite`.
    public let path: String

    /// Opens (creating if needed) `<directory>/<name>.sqlite` and runs every migration not yet applied:
    /// first the runtime's own (outbox, inbox), then the service's.
    ///
    /// - Parameters:
    ///   - mappedBytes: how much of the file readers map into memory (`PRAGMA mmap_size`): pages are
    ///     read without a system call or a copy, which halves the time of lookups that jump across a
    ///     large store (a search checking thousands of tickets). The pages are the kernel's file cache,
    ///     shared and reclaimable, not the process's own memory. The writer does not map: what it
    ///     reads is the few pages a change touches, which SQLite's own cache holds, and mapped pages
    ///     would count in its resident memory for every page a busy day of changes went through.
    ///   - migrations: registers the service's migrations, in order; names must be unique and must
    ///     never change once released.
    public init(
        directory: String, name: String, synchronous: Synchronous = .normal, busyTimeout: Double = 5,
        mappedBytes: Int = 256 << 20, migrations: (inout DatabaseMigrator) -> Void = { _ in }
    ) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // Pupils' and parents' data: the directory is the service user's alone, whoever made it.
            try Self.restrict(directory, to: 0o700)
        } catch {
            throw StoreError(
                .unavailable, "cannot create the data directory '\(directory)': \(error.localizedDescription)")
        }
        path = (directory as NSString).appendingPathComponent("\(name).sqlite")
        var config = Configuration()
        config.label = name
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
            // Checkpoint every 16 MiB of WAL instead of 4 MiB: fewer fsyncs under load.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
            // Statement journals (savepoints) in memory, not in temporary files opened per statement.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try db.execute(sql: "PRAGMA mmap_size = \(db.configuration.readonly ? mappedBytes : 0)")
            // Deleted and overwritten content is zeroed in the file: an erased person's data does
            // not stay behind in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            var migrator = DatabaseMigrator()
            RuntimeMigrations.register(in: &migrator)
            migrations(&migrator)
            // A store a newer version migrated is not opened by an older one: it would misread it.
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError(
                    .failed,
                    "the store '\(path)' was migrated by a newer version of this service; run that version or restore a backup"
                )
            }
            try migrator.migrate(pool)
            // Files made before (under another umask, by an older version) are made private too.
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try Self.restrict(path + suffix, to: 0o600)
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError(error, doing: "open the store '\(path)'")
        }
    }

    /// Sets the mode of a file or directory of the store's when it allows more.
    static func restrict(_ path: String, to mode: Int) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let current = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        if current & 0o077 != 0 {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        }
    }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`); commits when it returns, rolls
    /// back when it throws.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// Copies the write-ahead log into the store and truncates it to nothing, so no earlier page
    /// image stays on disk (after an erasure). Readers may hold it for a moment: tried a few times.
    public func truncateLog() async {
        for attempt in 0..<20 {
            let done =
                (try? await pool.writeWithoutTransaction { db -> Bool in
                    let r = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                    return (r?[0] as Int?) == 0
                }) ?? false
            if done { return }
            try? await Task.sleep(for: .milliseconds(50 * (attempt + 1)))
        }
    }

    /// Runs `body` on a read-only snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }

    /// Whether the store answers a trivial query now (for readiness).
    public func isHealthy() async -> Bool {
        (try? await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }
}
