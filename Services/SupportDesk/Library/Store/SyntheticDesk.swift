import Contracts
import Foundation
import GRDB

/// A desk's store as years of use leave it, for benchmarks and load tests: schools in networks,
/// tickets opened every few minutes with German titles and texts, the old ones closed with both
/// SLA clocks stopped, the recent ones still new, open or pending. Rows are written by the same
/// code the handlers use, so the store is what the service would have written.
public enum SyntheticDesk {
    /// The networks the generated schools belong to.
    public static let networks = ["rbn-bench-1", "rbn-bench-2", "rbn-bench-3"]
    /// Schools per network; Schulnummern are 9xxxxx, outside the real range of NRW keys.
    public static let schoolsPerNetwork = 60
    /// First-level agents of every network that take tickets: `bench-agent-1` … `bench-agent-20`.
    public static let agentCount = 20
    /// The coordinator of the first network.
    public static let coordinator = "bench-coordinator"

    /// The Schulnummer of school `index` (0-based) of network `network`.
    public static func schulnummer(network: Int, index: Int) -> String {
        String(900_000 + network * 1000 + index)
    }

    /// Adds `count` tickets, one every 5 minutes, the newest opened at `newest` (default `now`);
    /// schools, networks and agents first when missing. How far each got depends on its age at
    /// `now`. Returns the id of the newest ticket.
    @discardableResult
    public static func fill(
        _ db: Database, tickets count: Int, newest: Date? = nil, now: Date,
        calendar: BusinessCalendar = BusinessCalendar(),
        policies: [TicketPriority: SLAPolicy] = SLAPolicy.defaults, seed: UInt64 = 2026
    ) throws -> Int64 {
        try addSchools(db)
        try addAgents(db)
        var random = SplitMix(seed: seed)
        var last: Int64 = 0
        for i in 0..<count {
            let opened = (newest ?? now).addingTimeInterval(-Double(count - 1 - i) * 300)
            let ticket = make(opened: opened, now: now, calendar, policies, &random)
            last = try TicketRows.save(ticket.record, DeskCalendars(calendar), db)
            try TicketRows.index(last, title: ticket.record.title, text: ticket.texts, db)
            try TicketRows.addHistory(
                last, at: opened, by: ticket.record.requester.email, action: "opened", text: nil, isPublic: true,
                messageID: "synthetic-\(seed)-\(i)", db)
        }
        return last
    }

    private static func addAgents(_ db: Database) throws {
        try AgentRows.save(
            .init(id: coordinator, name: "Koordination Netzwerk 1", role: .coordinator, networks: [networks[0]]), db)
        for a in 1...agentCount {
            try AgentRows.save(
                .init(id: "bench-agent-\(a)", name: "Agent \(a)", role: .firstLevel, networks: networks), db)
        }
    }

    private static func addSchools(_ db: Database) throws {
        for (n, network) in networks.enumerated() {
            try db.execute(
                sql: "INSERT OR IGNORE INTO networks (id, name) VALUES (?, ?)",
                arguments: [network, "Bildungsnetzwerk \(n + 1)"])
            for s in 0..<schoolsPerNetwork {
                let traeger = "traeger-\(n)-\(s % 6)"
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO schools (schulnummer, name, network_id, schulform, schultraeger_id,
                            schultraeger_name, it_group_name, it_group_email, active)
                        VALUES (?, ?, ?, 'Gymnasium', ?, ?, 'Schul-IT', ?, 1)
                        """,
                    arguments: [
                        schulnummer(network: n, index: s), "\(schoolNames[s % schoolNames.count]) \(s + 1)", network,
                        traeger, "Stadt \(n)-\(s % 6)", "schul-it@\(traeger).example",
                    ])
            }
        }
    }

    private static func make(
        opened: Date, now: Date, _ calendar: BusinessCalendar, _ policies: [TicketPriority: SLAPolicy],
        _ random: inout SplitMix
    ) -> (record: TicketRecord, texts: String) {
        let network = random.below(networks.count)
        let school = random.below(schoolsPerNetwork)
        let problem = problems[random.below(problems.count)]
        let room = "Raum \(100 + random.below(250))"
        let priority: TicketPriority = [.low, .normal, .normal, .normal, .high, .critical][random.below(6)]
        let policy = policies[priority] ?? SLAPolicy.defaults[.normal]!
        let age = now.timeIntervalSince(opened)
        var first = SLAClock(target: policy.firstResponse, startedAt: opened)
        var resolution = SLAClock(target: policy.resolution, startedAt: opened)
        let status: TicketStatus
        switch age {
        case ..<(2 * 86400): status = [.new, .open, .open, .pending][random.below(4)]
        case ..<(14 * 86400): status = [.open, .pending, .resolved, .resolved, .closed][random.below(5)]
        default: status = .closed
        }
        if status != .new { first.stop(at: opened.addingTimeInterval(Double(600 + random.below(40_000))), calendar) }
        if status == .resolved || status == .closed {
            resolution.stop(at: opened.addingTimeInterval(Double(3600 + random.below(400_000))), calendar)
        }
        if status == .pending { resolution.pause(at: min(now, opened.addingTimeInterval(3600)), calendar) }
        let level = random.below(10) == 0 ? 2 : 1
        let requester = requesters[random.below(requesters.count)]
        let description =
            "\(problem.text) Betroffen ist \(room). Gerät \(serial(&random)). "
            + "Seit \(["heute", "gestern", "Montag", "den Ferien"][random.below(4)]) besteht das Problem."
        var texts = description
        if status != .new {
            texts += "\n" + replies[random.below(replies.count)]
        }
        let record = TicketRecord(
            title: "\(problem.title) (\(room))", description: description, status: status,
            statusSince: status == .closed ? opened.addingTimeInterval(8 * 86400) : opened, priority: priority,
            category: problem.category, level: level, schulnummer: schulnummer(network: network, index: school),
            networkID: networks[network], schultraegerID: "traeger-\(network)-\(school % 6)",
            requester: .init(name: requester, email: mail(requester, school: school)),
            assignee: status == .new ? nil : "bench-agent-\(1 + random.below(agentCount))", openedAt: opened,
            mergedInto: nil, firstResponse: first, resolution: resolution)
        return (record, texts)
    }

    /// A device serial: a rare word, as searches for one thing look like.
    private static func serial(_ random: inout SplitMix) -> String {
        "SN\(String(random.next() % 100_000_000, radix: 36).uppercased())"
    }

    private static func mail(_ name: String, school: Int) -> String {
        name.lowercased().replacingOccurrences(of: " ", with: ".") + "@schule-\(school).example"
    }

    private static let schoolNames = [
        "Gymnasium am Markt", "Gesamtschule Nord", "Realschule Süd", "Hauptschule am Park", "Sekundarschule Mitte",
        "Grundschule Lindenweg",
    ]

    private static let requesters = [
        "Anna Becker", "Jonas Schulte", "Fatma Yılmaz", "Lukas Hoffmann", "Marie Wagner", "Tobias Krüger",
        "Sabine Neumann", "Mehmet Demir", "Julia Richter", "Peter Schmitz",
    ]

    private static let problems: [(title: String, text: String, category: TicketCategory)] = [
        ("WLAN fällt im Unterricht aus", "Das WLAN bricht mehrmals pro Stunde ab.", .network),
        ("Access Point blinkt rot", "Der Access Point im Flur blinkt rot, kein WLAN.", .network),
        ("Beamer zeigt kein Bild", "Der Beamer findet kein Signal über HDMI.", .hardware),
        ("Dokumentenkamera defekt", "Die Dokumentenkamera wird nicht erkannt.", .hardware),
        ("Drucker im Lehrerzimmer druckt nicht", "Druckaufträge bleiben in der Warteschlange.", .hardware),
        ("iPad lässt sich nicht einschreiben", "Das iPad erscheint nicht in der MDM-Verwaltung.", .devices),
        ("Tablet-Koffer lädt nicht", "Der Ladekoffer lädt die Tablets nicht mehr.", .devices),
        (
            "LOGINEO NRW Anmeldung schlägt fehl", "Die Anmeldung bei LOGINEO NRW meldet ein falsches Passwort.",
            .accounts
        ),
        ("Passwort zurücksetzen", "Eine Lehrkraft hat ihr Passwort vergessen.", .accounts),
        (
            "Moodle-Kurs nicht sichtbar", "Der Kurs in der Lernplattform ist für die Klasse nicht sichtbar.",
            .learningPlatform
        ),
        ("Lernplattform sehr langsam", "Die Lernplattform lädt minutenlang.", .learningPlatform),
        ("Office-Lizenz abgelaufen", "Word meldet eine abgelaufene Lizenz.", .software),
        ("Update der Lernsoftware", "Die Lernsoftware verlangt ein Update mit Administratorrechten.", .software),
        ("Einwilligung für Messenger", "Ist der Messenger datenschutzrechtlich freigegeben?", .dataProtection),
        ("Interaktive Tafel reagiert nicht", "Das Display reagiert nicht auf Berührung.", .hardware),
        ("Sonstiges Anliegen", "Bitte um Rückruf wegen einer Frage zur Ausstattung.", .other),
    ]

    private static let replies = [
        "Wir haben den Access Point neu gestartet, bitte erneut testen.",
        "Der Treiber wurde aktualisiert.", "Bitte senden Sie uns ein Foto der Fehlermeldung.",
        "Das Passwort wurde zurückgesetzt, die Zugangsdaten kommen per Post.",
        "Ein Techniker kommt am Donnerstag vorbei.", "Die Lizenz wurde verlängert.",
    ]
}

/// A small, fast, seeded generator (SplitMix64), so every run builds the same store.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
