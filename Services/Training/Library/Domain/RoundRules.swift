import Contracts
import Foundation
import ServiceKit

/// What makes a round well-formed, and its defaults: 10 schools, offers held 48 hours, a
/// certificate for attending every workshop. What is usual but not required (7 to 10 schools, the
/// hybrid workshop format) gives warnings, not refusals.
public enum RoundRules {
    public static let defaultCapacity = 10
    /// A round is planned for 7 to 10 schools (medienscouts-nrw.de).
    public static let plannedSchools = 7...10
    /// An Aufbauworkshop is a whole day: at least this many minutes.
    public static let allDayMinutes = 6 * 60
    public static let defaultOfferHoldHours = 48

    /// The round a create command describes, checked; the refusal names the field.
    public static func round(from c: Training.CreateRound) throws -> Training.Round {
        let network = c.networkID.trimmingCharacters(in: .whitespaces)
        guard !network.isEmpty else { throw DomainError.invalid("a round needs a network", field: "networkID") }
        guard SchoolYear.isValid(c.schoolYear) else {
            throw DomainError.invalid("the school year looks like 2026/27, not '\(c.schoolYear)'", field: "schoolYear")
        }
        guard let opens = CivilDay(c.applicationOpens), let closes = CivilDay(c.applicationCloses) else {
            throw DomainError.invalid("application days look like 2026-09-01", field: "applicationOpens")
        }
        guard opens <= closes else {
            throw DomainError.invalid("applications cannot close before they open", field: "applicationCloses")
        }
        let capacity = c.capacity ?? defaultCapacity
        guard capacity >= 1 else { throw DomainError.invalid("a round needs at least one place", field: "capacity") }
        let hold = c.offerHoldHours ?? defaultOfferHoldHours
        guard (1...24 * 30).contains(hold) else {
            throw DomainError.invalid("an offer is held between 1 hour and 30 days", field: "offerHoldHours")
        }
        let workshops = try c.workshops.sorted { $0.number < $1.number }.map { try checked($0, kind: c.kind) }
        guard workshops.map(\.number) == Array(1...max(1, workshops.count)), !workshops.isEmpty else {
            throw DomainError.invalid("workshops are numbered 1, 2, 3 … without gaps", field: "workshops")
        }
        let needed = c.workshopsForCertificate ?? workshops.count
        guard (1...workshops.count).contains(needed) else {
            throw DomainError.invalid(
                "the certificate rule asks for 1 to \(workshops.count) workshops", field: "workshopsForCertificate")
        }
        let slug =
            c.id?.trimmingCharacters(in: .whitespaces).lowercased()
            ?? "\(network)-\(c.schoolYear.replacingOccurrences(of: "/", with: "-"))\(c.kind == .aufbau ? "-aufbau" : "")"
        guard slug.allSatisfy({ $0.isLetter && $0.isASCII || $0.isNumber || $0 == "-" }), !slug.isEmpty else {
            throw DomainError.invalid("a round id has lower-case letters, digits and dashes", field: "id")
        }
        return Training.Round(
            id: slug, networkID: network, schoolYear: c.schoolYear, kind: c.kind, title: c.title, capacity: capacity,
            applicationOpens: opens.description, applicationCloses: closes.description, workshops: workshops,
            offerHoldHours: hold, workshopsForCertificate: needed)
    }

    /// One workshop, checked: its day and times, two trainers, a place or a link by its mode;
    /// Aufbauworkshops are in person.
    public static func checked(_ w: Training.Workshop, kind: Training.RoundKind) throws -> Training.Workshop {
        let field = "workshops[\(w.number)]"
        guard CivilDay(w.date) != nil else {
            throw DomainError.invalid("workshop \(w.number): the day looks like 2026-11-04", field: field)
        }
        guard let s = minutes(w.starts), let e = minutes(w.ends), s < e else {
            throw DomainError.invalid(
                "workshop \(w.number): times look like 09:00 and end after they start", field: field)
        }
        let trainers = w.trainers.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard trainers.count == 2 else {
            throw DomainError.invalid("workshop \(w.number) needs two trainers", field: field)
        }
        switch w.mode {
        case .inPerson where (w.place ?? "").trimmingCharacters(in: .whitespaces).isEmpty:
            throw DomainError.invalid("workshop \(w.number) is in person and needs a place", field: field)
        case .online where (w.link ?? "").trimmingCharacters(in: .whitespaces).isEmpty:
            throw DomainError.invalid("workshop \(w.number) is online and needs a link", field: field)
        default: break
        }
        if kind == .aufbau && w.mode == .online {
            throw DomainError.invalid("workshop \(w.number): Aufbauworkshops are held in person", field: field)
        }
        var out = w
        out.trainers = trainers
        return out
    }

    /// What departs from the usual plan, for the coordinator to confirm: a round for fewer than 7 or
    /// more than 10 schools; a qualification round of five workshops not in the hybrid format (since
    /// 2023: workshops 1 and 5 in person, 2 and 4 online, 3 either way); an Aufbauworkshop shorter
    /// than a day.
    public static func warnings(_ r: Training.Round) -> [String] {
        var out: [String] = []
        if !plannedSchools.contains(r.capacity) {
            out.append(
                "a round is planned for \(plannedSchools.lowerBound) to \(plannedSchools.upperBound) schools; "
                    + "this one has \(r.capacity) \(r.capacity == 1 ? "place" : "places")")
        }
        switch r.kind {
        case .qualification where r.workshops.count == 5:
            for w in r.workshops where !w.cancelled {
                let usual: Training.Mode? =
                    [1, 5].contains(w.number) ? .inPerson : [2, 4].contains(w.number) ? .online : nil
                if let usual, w.mode != usual {
                    out.append(
                        "workshop \(w.number) is usually \(usual == .online ? "online" : "in person") "
                            + "(1 and 5 in person, 2 and 4 online, 3 either way)")
                }
            }
        case .aufbau:
            for w in r.workshops where !w.cancelled {
                if let s = minutes(w.starts), let e = minutes(w.ends), e - s < allDayMinutes {
                    out.append("workshop \(w.number): an Aufbauworkshop is all-day; this one is \(w.starts)–\(w.ends)")
                }
            }
        default: break
        }
        return out
    }

    /// Minutes after midnight of `HH:mm`.
    public static func minutes(_ text: String) -> Int? {
        let p = text.split(separator: ":")
        guard p.count == 2, p[0].count == 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]),
            (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }
}
