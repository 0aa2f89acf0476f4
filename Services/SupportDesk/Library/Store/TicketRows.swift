import Contracts
import Foundation
import GRDB

/// A ticket as the store holds it.
struct TicketRecord {
    var id: Int64 = 0
    var title: String
    var description: String
    var status: TicketStatus
    var statusSince: Date
    var priority: TicketPriority
    var category: TicketCategory
    var level: Int
    var schulnummer: String
    var networkID: String
    var schultraegerID: String?
    var requester: SupportDesk.Requester
    var assignee: String?
    var openedAt: Date
    var mergedInto: Int64?
    var firstResponse: SLAClock
    var resolution: SLAClock
    /// Which SLA warnings and breaches were announced already.
    var notices: SLANotices = []
    /// Lower-case words agents file it under, sorted.
    var tags: [String] = []
    /// The requester's answer to "Wurde Ihr Problem gelöst?".
    var satisfied: Bool? = nil
}

/// The SLA notices a ticket has had, so each goes out once.
struct SLANotices: OptionSet, Sendable {
    let rawValue: Int
    static let firstResponseWarned = SLANotices(rawValue: 1)
    static let firstResponseBreached = SLANotices(rawValue: 2)
    static let resolutionWarned = SLANotices(rawValue: 4)
    static let resolutionBreached = SLANotices(rawValue: 8)
}

extension TicketRecord {
    /// The ticket moves to another level: its running clocks count by the old level's calendar up
    /// to now and by the new one's from now on.
    mutating func moveClocks(toLevel level: Int, at now: Date, _ calendars: DeskCalendars) {
        guard level != self.level else { return }
        let running = (firstResponse.runningSince != nil, resolution.runningSince != nil)
        firstResponse.pause(at: now, calendars[self.level])
        resolution.pause(at: now, calendars[self.level])
        self.level = level
        if running.0 { firstResponse.resume(at: now) }
        if running.1 { resolution.resume(at: now) }
    }

    /// When the next warning or breach falls due if nothing changes; nil when none can.
    func nextSLACheck(_ calendar: BusinessCalendar) -> Date? {
        var due: [Date] = []
        func add(_ clock: SLAClock, warned: SLANotices, breached: SLANotices) {
            if !notices.contains(warned), let d = clock.due(share: SLAClock.warningShare, calendar) { due.append(d) }
            if !notices.contains(breached), let d = clock.due(calendar) { due.append(d) }
        }
        add(firstResponse, warned: .firstResponseWarned, breached: .firstResponseBreached)
        add(resolution, warned: .resolutionWarned, breached: .resolutionBreached)
        return due.min()
    }
}

/// Reading and writing tickets and their history.
enum TicketRows {
    static func find(_ id: Int64, _ db: Database) throws -> TicketRecord? {
        // A cached statement: preparing one costs more than running it (GRDB inspects every column).
        try Row.first(db.cachedStatement(sql: "SELECT * FROM tickets WHERE id = ?"), arguments: [id], record)
    }

    private static func record(_ r: Row) throws -> TicketRecord {
        let decoder = JSONDecoder()
        return TicketRecord(
            id: r["id"], title: r["title"], description: r["description"],
            status: TicketStatus(rawValue: r["status"]) ?? .open, statusSince: date(r["status_since"]),
            priority: TicketPriority(rawValue: r["priority"]) ?? .normal,
            category: TicketCategory(rawValue: r["category"]) ?? .other, level: r["level"],
            schulnummer: r["schulnummer"], networkID: r["network_id"], schultraegerID: r["schultraeger_id"],
            requester: .init(name: r["requester_name"], email: r["requester_email"]), assignee: r["assignee"],
            openedAt: date(r["opened_at"]), mergedInto: r["merged_into"],
            firstResponse: try decoder.decode(SLAClock.self, from: Data((r["first_response"] as String).utf8)),
            resolution: try decoder.decode(SLAClock.self, from: Data((r["resolution"] as String).utf8)),
            notices: SLANotices(rawValue: r["sla_notices"]),
            tags: (r["tags"] as String?).flatMap { try? decoder.decode([String].self, from: Data($0.utf8)) } ?? [],
            satisfied: r["satisfied"])
    }

    private static func date(_ text: String) -> Date { RFC3339.date(from: text) ?? Date(timeIntervalSince1970: 0) }

    /// Inserts (id 0) or updates the ticket, with when its SLA must next be looked at; returns its id.
    @discardableResult
    static func save(_ t: TicketRecord, _ calendars: DeskCalendars, _ db: Database) throws -> Int64 {
        let nextCheck = t.nextSLACheck(calendars[t.level]).map(RFC3339.string(from:))
        let encoder = JSONEncoder()
        let fr = t.firstResponse.storedJSON
        let res = t.resolution.storedJSON
        let args: [(any DatabaseValueConvertible)?] = [
            t.title, t.description, t.status.rawValue, RFC3339.string(from: t.statusSince), t.priority.rawValue,
            t.category.rawValue, t.level, t.schulnummer, t.networkID, t.schultraegerID, t.requester.name,
            t.requester.email, t.assignee, RFC3339.string(from: t.openedAt), t.mergedInto, fr, res, t.notices.rawValue,
            nextCheck, t.tags.isEmpty ? nil : String(decoding: try encoder.encode(t.tags), as: UTF8.self), t.satisfied,
        ]
        if t.id == 0 {
            try db.cachedStatement(
                sql: """
                    INSERT INTO tickets (title, description, status, status_since, priority, category, level,
                        schulnummer, network_id, schultraeger_id, requester_name, requester_email, assignee, opened_at,
                        merged_into, first_response, resolution, sla_notices, next_sla_check, tags, satisfied)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: StatementArguments(args))
            return db.lastInsertedRowID
        }
        try db.cachedStatement(
            sql: """
                UPDATE tickets SET title = ?, description = ?, status = ?, status_since = ?, priority = ?, category = ?,
                    level = ?, schulnummer = ?, network_id = ?, schultraeger_id = ?, requester_name = ?,
                    requester_email = ?, assignee = ?, opened_at = ?, merged_into = ?, first_response = ?,
                    resolution = ?, sla_notices = ?, next_sla_check = ?, tags = ?, satisfied = ?
                WHERE id = ?
                """
        ).execute(arguments: StatementArguments(args + [t.id]))
        return t.id
    }

    /// Tickets whose SLA must be looked at by `now`, earliest first.
    static func slaDue(by now: Date, limit: Int, _ db: Database) throws -> [Int64] {
        try Int64.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id FROM tickets WHERE next_sla_check IS NOT NULL AND next_sla_check <= ?
                    ORDER BY next_sla_check LIMIT ?
                    """), arguments: [RFC3339.string(from: now), limit])
    }

    /// Resolved tickets resolved before `cutoff`.
    static func resolved(before cutoff: Date, limit: Int, _ db: Database) throws -> [Int64] {
        try Int64.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT id FROM tickets WHERE status = 'resolved' AND status_since <= ? ORDER BY status_since LIMIT ?"
            ), arguments: [RFC3339.string(from: cutoff), limit])
    }

    /// Makes a new ticket findable by its title and description.
    static func index(_ id: Int64, title: String, text: String, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO ticket_search (rowid, title, texts) VALUES (?, ?, ?)").execute(
            arguments: [id, title, text])
    }

    /// Adds a reply or note to what finds the ticket.
    static func index(_ id: Int64, adding text: String, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE ticket_search SET texts = texts || char(10) || ? WHERE rowid = ?").execute(
            arguments: [text, id])
    }

    /// Links two tickets (both ways); false when they were linked already.
    static func link(_ a: Int64, _ b: Int64, _ db: Database) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO links (a, b) VALUES (?, ?)").execute(arguments: [
            min(a, b), max(a, b),
        ])
        return db.changesCount > 0
    }

    static func links(_ id: Int64, _ db: Database) throws -> [SupportDesk.TicketRef] {
        try refs(
            db,
            sql: """
                SELECT id, title, status FROM tickets WHERE id IN (
                    SELECT b FROM links WHERE a = ?1 UNION SELECT a FROM links WHERE b = ?1) ORDER BY id
                """, arguments: [id])
    }

    /// Open tickets of the school opened since `since`, other than `id`: candidates for duplicates.
    static func recentOpen(
        school: String, since: Date, except id: Int64, _ db: Database
    ) throws
        -> [SupportDesk.TicketRef]
    {
        try refs(
            db,
            sql: """
                SELECT id, title, status FROM tickets
                WHERE schulnummer = ? AND status IN ('new', 'open', 'pending') AND opened_at >= ? AND id != ?
                ORDER BY id DESC LIMIT 200
                """, arguments: [school, RFC3339.string(from: since), id])
    }

    private static func refs(
        _ db: Database, sql: String, arguments: StatementArguments
    ) throws
        -> [SupportDesk.TicketRef]
    {
        try Row.all(db.cachedStatement(sql: sql), arguments: arguments) {
            SupportDesk.TicketRef(
                id: $0["id"], title: $0["title"], status: SupportDesk.Status(rawValue: $0["status"]) ?? .open)
        }
    }

    static func addHistory(
        _ ticketID: Int64, at: Date, by: String, action: String, text: String?, isPublic: Bool, messageID: String,
        recordedBy: String? = nil, _ db: Database
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO history (ticket_id, at, by, action, text, is_public, message_id, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [ticketID, RFC3339.string(from: at), by, action, text, isPublic, messageID, recordedBy])
    }

    static func history(_ ticketID: Int64, _ db: Database) throws -> [SupportDesk.HistoryEntry] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM history WHERE ticket_id = ? ORDER BY seq"), arguments: [ticketID]
        ).map {
            SupportDesk.HistoryEntry(
                at: $0["at"], by: $0["by"], action: $0["action"], text: $0["text"], isPublic: $0["is_public"],
                messageID: $0["message_id"], recordedBy: $0["recorded_by"])
        }
    }
}
