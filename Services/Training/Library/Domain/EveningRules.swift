import Contracts
import Foundation
import ServiceKit

/// The catalogue of parent-evening topics and what makes an evening's schedule and a registration
/// well-formed.
public enum EveningRules {
    /// Topics of Eltern+Medien evenings, each mapped to sub-competences of the Medienkompetenzrahmen.
    public static let topics: [Training.Topic] = [
        .init(id: "altersgerecht", title: "Medien altersgerecht entdecken", competences: ["1.2", "5.4"]),
        .init(
            id: "cybermobbing", title: "Sexting, Cybermobbing, sexuelle Belästigung",
            competences: ["3.2", "3.4", "5.3"]),
        .init(id: "smartphone", title: "Das erste Smartphone", competences: ["1.4", "3.1", "5.4"]),
        .init(id: "games", title: "Computerspiele und Games in der Familie", competences: ["5.1", "5.4"]),
        .init(id: "social-media", title: "Social Media, Influencer und Meinungsbildung", competences: ["2.3", "5.2"]),
        .init(id: "datenschutz", title: "Datenschutz und Privatsphäre im Netz", competences: ["1.4", "4.4"]),
        .init(id: "ki", title: "Künstliche Intelligenz im Alltag von Kindern", competences: ["6.1", "6.4"]),
    ]

    /// What the Medienscouts qualification covers.
    public static let medienscoutsCompetences = ["1.4", "3.2", "3.4", "4.4", "5.4"]

    /// Online evenings take up to 300 parents; no room in person holds more.
    public static let maxPlaces = 300

    public static func topic(_ id: String) throws -> Training.Topic {
        guard let t = topics.first(where: { $0.id == id }) else {
            throw DomainError.invalid(
                "no topic '\(id)'; the catalogue has \(topics.map(\.id).joined(separator: ", "))", field: "topicID")
        }
        return t
    }

    /// The schedule of a scheduling command applied to the evening.
    public static func scheduled(_ e: Training.Evening, _ c: Training.ScheduleEvening) throws -> Training.Evening {
        guard CivilDay(c.date) != nil else { throw DomainError.invalid("the day looks like 2027-03-10", field: "date") }
        guard let s = RoundRules.minutes(c.starts), let end = RoundRules.minutes(c.ends), s < end else {
            throw DomainError.invalid("times look like 19:00 and end after they start", field: "starts")
        }
        let speaker = c.speaker.trimmingCharacters(in: .whitespaces)
        guard !speaker.isEmpty else { throw DomainError.invalid("an evening needs a speaker", field: "speaker") }
        guard (1...maxPlaces).contains(c.capacity) else {
            throw DomainError.invalid("an evening has 1 to \(maxPlaces) places", field: "capacity")
        }
        switch c.mode {
        case .inPerson where (c.place ?? "").trimmingCharacters(in: .whitespaces).isEmpty:
            throw DomainError.invalid("an evening in person needs a place", field: "place")
        case .online where (c.link ?? "").trimmingCharacters(in: .whitespaces).isEmpty:
            throw DomainError.invalid("an online evening needs a link", field: "link")
        default: break
        }
        var out = e
        out.status = .scheduled
        out.topic = try topic(c.topicID)
        out.speaker = speaker
        out.date = c.date
        out.starts = c.starts
        out.ends = c.ends
        out.mode = c.mode
        out.place = c.mode == .inPerson ? c.place : nil
        out.link = c.mode == .online ? c.link : nil
        out.capacity = c.capacity
        out.offerHoldHours = c.offerHoldHours ?? e.offerHoldHours
        return out
    }

    /// When the evening begins (Europe/Berlin), once scheduled.
    public static func start(_ e: Training.Evening) -> Date? {
        guard let d = e.date.flatMap(CivilDay.init), let m = e.starts.flatMap(RoundRules.minutes) else { return nil }
        return d.instant(minutes: m, in: CivilDay.berlin)
    }

    /// A parent's registration data, checked: a name, an address, and consent to be contacted.
    public static func registrant(
        _ r: Training.RegisterParent
    ) throws -> (name: String, email: String, question: String?, people: Int) {
        let name = r.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw DomainError.invalid("a registration needs a name", field: "name") }
        guard (try? MailAddress.displayName(name)) != nil else {
            throw DomainError.invalid("a name may not contain control characters such as line breaks", field: "name")
        }
        let email: String
        do throws(MailAddress.Invalid) {
            email = try MailAddress.normalized(r.email)
        } catch {
            throw DomainError.invalid(error.reason, field: "email")
        }
        guard r.consentToContact else {
            throw DomainError.invalid(
                "we can only register you if we may write to you about the evening (consentToContact)",
                field: "consentToContact")
        }
        let people = r.people ?? 1
        guard (1...Training.maxPeople).contains(people) else {
            throw DomainError.invalid(
                "a registration is for 1 to \(Training.maxPeople) people, not \(people)", field: "people")
        }
        let question = r.question?.trimmingCharacters(in: .whitespacesAndNewlines)
        return (name, email, question?.isEmpty == false ? question : nil, people)
    }
}
