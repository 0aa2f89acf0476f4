import Contracts
import Foundation
import GRDB
import ServiceKit

/// Training figures per network, counted by the store.
enum Reports {
    static func register(_ h: inout HandlerRegistry) {
        h.query(Training.TrainingReport.self) { q, ctx in try figures(q.data, ctx.db) }
    }

    static func figures(_ q: Training.TrainingReport, _ db: Database) throws -> Training.TrainingFigures {
        let rounds = try TrainingRows.rounds(network: q.networkID, schoolYear: q.schoolYear, db)
        var evenings = try EveningRows.evenings(network: q.networkID, db).filter { $0.status == .scheduled }
        if let year = q.schoolYear, let first = Int(year.prefix(4)) {
            // A school year runs from 1 August to 31 July.
            let (from, until) = ("\(first)-08-01", "\(first + 1)-07-31")
            evenings = evenings.filter { ($0.date ?? "") >= from && ($0.date ?? "") <= until }
        }
        let networks = Set(rounds.map(\.networkID) + evenings.map(\.networkID)).sorted()
        return Training.TrainingFigures(
            networks: try networks.map { network in
                let mine = rounds.filter { $0.networkID == network }
                let ids = mine.map(\.id)
                let marks = SQLConditions.marks(ids.count)
                func count(_ sql: String) throws -> Int {
                    ids.isEmpty ? 0 : try Int.fetchOne(db, sql: sql, arguments: StatementArguments(ids)) ?? 0
                }
                let taking = try count(
                    "SELECT COUNT(DISTINCT schulnummer) FROM applications WHERE status = 'confirmed' AND round_id IN (\(marks))"
                )
                let qualified = try count(
                    "SELECT COUNT(DISTINCT schulnummer) FROM certificates WHERE round_id IN (\(marks))")
                let scouts = try count(
                    "SELECT COUNT(*) FROM certificates WHERE participant LIKE 's%' AND round_id IN (\(marks))")
                let teachers = try count(
                    "SELECT COUNT(*) FROM certificates WHERE participant LIKE 't%' AND round_id IN (\(marks))")
                let held = evenings.filter { $0.networkID == network }
                var areas: [String: Int] = [:]
                for _ in mine {
                    for a in Set(EveningRules.medienscoutsCompetences.map { String($0.prefix(1)) }) {
                        areas[a, default: 0] += 1
                    }
                }
                for e in held {
                    for a in Set((e.topic?.competences ?? []).map { String($0.prefix(1)) }) {
                        areas[a, default: 0] += 1
                    }
                }
                return Training.TrainingFigures.Network(
                    networkID: network, rounds: mine.count, schoolsTaking: taking, schoolsQualified: qualified,
                    certifiedScouts: scouts, certifiedTeachers: teachers, evenings: try topics(held, db), areas: areas)
            })
    }

    private static func topics(
        _ evenings: [Training.Evening], _ db: Database
    ) throws -> [Training.TrainingFigures.EveningTopic] {
        let byTopic = Dictionary(grouping: evenings) { $0.topic?.id ?? "" }
        return try byTopic.keys.sorted().map { id in
            let group = byTopic[id] ?? []
            let ids = group.map(\.id)
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FILTER (WHERE status = 'confirmed'), COUNT(*) FILTER (WHERE attended = 1),
                        COUNT(rating), AVG(rating)
                    FROM registrations WHERE evening_id IN (\(SQLConditions.marks(ids.count)))
                    """, arguments: StatementArguments(ids))
            let mean: Double? = row?[3]
            return Training.TrainingFigures.EveningTopic(
                topicID: id, title: group.first?.topic?.title ?? id, evenings: group.count, registrations: row?[0] ?? 0,
                attended: row?[1] ?? 0, ratings: row?[2] ?? 0, meanRating: mean.map { ($0 * 10).rounded() / 10 })
        }
    }
}
