import Contracts
import Foundation
import ServiceKit

/// The rules an operator may set for a state's practice: which grades Medienscouts come from, and
/// how long participants' data is kept.
public struct TrainingRules: Sendable, Equatable {
    /// Grades a Medienscout may be in: 7 to 9 in NRW (medienscouts-nrw.de, Qualifizierung).
    public var grades: ClosedRange<Int>
    /// Beratungslehrkräfte of a round: teacher-training data, VO-DV II, one year.
    public var teachers: RetentionPeriod
    /// Medienscouts pupils: VO-DV I § 9, five years.
    public var pupils: RetentionPeriod
    /// Parents registered for an evening: the purpose ends with the evening, so the shortest period,
    /// one year (well within VO-DV I § 9's five).
    public var parents: RetentionPeriod

    public static let nrw = TrainingRules(
        grades: 7...9, teachers: .init(years: 1), pupils: .init(years: 5), parents: .init(years: 1))

    public init(grades: ClosedRange<Int>, teachers: RetentionPeriod, pupils: RetentionPeriod, parents: RetentionPeriod)
    {
        self.grades = grades
        self.teachers = teachers
        self.pupils = pupils
        self.parents = parents
    }

    /// The settings keys and their defaults.
    static let keys: [ServiceSettings.Key] = [
        .init(name: "medienscouts.grades", defaultValue: "7-9", help: "the grades Medienscouts come from, e.g. 7-9"),
        .init(
            name: "retention.teachers.years", defaultValue: "1",
            help: "years, to the end of that calendar year, that Beratungslehrkräfte's data is kept (VO-DV II)"),
        .init(
            name: "retention.pupils.years", defaultValue: "5",
            help: "years, to the end of that calendar year, that Medienscouts' data is kept (VO-DV I § 9)"),
        .init(
            name: "retention.parents.years", defaultValue: "1",
            help: "years, to the end of that calendar year, that parents' registrations are kept"),
    ]

    /// The rules the settings give, or a message naming the setting that is wrong.
    public static func read(_ extra: [String: String]) throws(SettingsError) -> TrainingRules {
        var rules = TrainingRules.nrw
        if let text = extra["medienscouts.grades"] {
            guard let range = gradeRange(text) else {
                throw SettingsError("medienscouts.grades must be two grades from 5 to 13 like 7-9, got '\(text)'")
            }
            rules.grades = range
        }
        func period(_ key: String) throws(SettingsError) -> RetentionPeriod? {
            guard let text = extra[key] else { return nil }
            return try RetentionPeriod(setting: key, text)
        }
        if let p = try period("retention.teachers.years") { rules.teachers = p }
        if let p = try period("retention.pupils.years") { rules.pupils = p }
        if let p = try period("retention.parents.years") { rules.parents = p }
        return rules
    }

    /// `7-9` as a range of grades within 5 to 13; a single grade `8` is `8-8`.
    static func gradeRange(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil,
            (5...13).contains(low), (5...13).contains(high), low <= high
        else { return nil }
        return low...high
    }
}
