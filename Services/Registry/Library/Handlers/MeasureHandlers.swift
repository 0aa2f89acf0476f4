import Contracts
import GRDB
import ServiceKit

/// The measures of "Bildung im digitalen Wandel" per network, with history.
enum MeasureHandlers {
    static func register(_ h: inout HandlerRegistry) {
        h.command(Registry.SetMeasureStatus.self) { c, ctx in try setStatus(c.data, ctx) }
    }

    static func setStatus(_ s: Registry.SetMeasureStatus, _ ctx: MessageContext) throws -> Registry.MeasureDetails {
        let network = try NetworkHandlers.existing(s.networkID, ctx.db)
        guard let title = MeasureCatalogue.titles[s.measure] else {
            throw Refusal.invalid("there are seven measures, numbered 1 to 7", field: "measure")
        }
        let current = try NetworkRows.measures(network.id, ctx.db).first { $0.number == s.measure }
        let owner = try s.owner.flatMap { $0.isEmpty ? nil : try Check.name($0, field: "owner") }
        let note = s.note.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        if let current, current.status == s.status, current.owner == owner, current.note == note {
            return try details(network.id, s.measure, ctx.db)
        }
        let next = Registry.Measure(
            number: s.measure, title: title, status: s.status, owner: owner, note: note,
            changedAt: RFC3339.string(from: ctx.now))
        try NetworkRows.saveMeasure(network.id, next, messageID: ctx.message.id, ctx.db)
        try ctx.emit(
            Registry.MeasureStatusChanged(networkID: network.id, measure: next, previous: current?.status),
            subject: network.id)
        return try details(network.id, s.measure, ctx.db)
    }

    static func details(_ networkID: String, _ number: Int, _ db: Database) throws -> Registry.MeasureDetails {
        let measure = try NetworkRows.measures(networkID, db).first { $0.number == number }
        return Registry.MeasureDetails(
            networkID: networkID,
            measure: measure ?? Registry.Measure(number: number, title: MeasureCatalogue.titles[number] ?? ""),
            history: try NetworkRows.measureHistory(networkID, number, db))
    }
}
