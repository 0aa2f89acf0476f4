import Foundation
import GRDB

/// What an erasure (DSGVO Art. 17) asks of every service beyond its own tables: free text that
/// quotes the person is redacted, the runtime's stored replies and published messages that name
/// them are dropped, and once the transaction commits the store's write-ahead log is truncated, so
/// no earlier page image with their data stays on disk. Stores run with `secure_delete`, so what
/// is deleted or overwritten is zeroed in the file, not left in free pages.
public enum Erasure {
    /// What replaces a quoted name or address.
    public static let placeholder = "[gelöscht]"

    /// The texts that identify a person in free text: the address and each name of three or more
    /// characters, without blanks at either end.
    public static func needles(email: String, names: [String?] = []) -> [String] {
        var result = [email.trimmingCharacters(in: .whitespaces)]
        for name in names.compactMap({ $0?.trimmingCharacters(in: .whitespaces) }) where name.count >= 3 {
            if !result.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { result.append(name) }
        }
        return result.filter { !$0.isEmpty }
    }

    /// Whether `text` quotes any of `needles`, in any case.
    public static func mentions(_ text: String, _ needles: [String]) -> Bool {
        needles.contains { text.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
    }

    /// `text` with every quote of `needles` (in any case) replaced by ``placeholder``; the address
    /// first, so a name inside it goes with it.
    public static func redact(_ text: String, _ needles: [String]) -> String {
        var t = text
        for needle in needles.sorted(by: { $0.count > $1.count }) {
            t = t.replacingOccurrences(
                of: needle, with: placeholder, options: [.caseInsensitive, .diacriticInsensitive])
        }
        return t
    }

    /// Drops what the runtime keeps that names the person: stored replies in the inbox (the
    /// duplicate is then told its reply was not kept) and published outbox rows (their broker
    /// copy is delivered already). Returns how many were dropped.
    static func scrubRuntimeTables(_ needles: [String], _ db: Database) throws -> Int {
        var dropped = 0
        for needle in needles.map({ $0.lowercased() }) {
            try db.execute(
                sql: """
                    UPDATE rbn_inbox SET reply = NULL, reply_type = NULL
                    WHERE reply IS NOT NULL AND instr(lower(CAST(reply AS TEXT)), ?) > 0
                    """, arguments: [needle])
            dropped += db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM rbn_outbox
                    WHERE published_at IS NOT NULL AND instr(lower(CAST(body AS TEXT)), ?) > 0
                    """, arguments: [needle])
            dropped += db.changesCount
        }
        return dropped
    }
}

extension MessageContext {
    /// Called by a handler that erased a person from its own tables: the runtime drops its stored
    /// replies and published messages that name them and, after the commit, truncates the WAL.
    /// Returns how many runtime rows went.
    @discardableResult
    public func erasedPerson(_ needles: [String]) throws -> Int {
        compactsAfterCommit = true
        return try Erasure.scrubRuntimeTables(needles, db)
    }

    /// Asks for the WAL to be truncated after the commit (an erasure that needs no scrub of its own).
    public func truncateLogAfterCommit() { compactsAfterCommit = true }
}
