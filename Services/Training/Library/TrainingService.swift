import Contracts
import Directory
import Foundation
import ServiceKit

/// The training service: Medienscouts rounds of the networks, the schools' applications with a
/// waiting list and held offers, attendance and certificates; parent evenings (Eltern+Medien) with
/// registrations, questions and feedback.
public enum TrainingService {
    /// - Parameters:
    ///   - name: the broker name; tests run instances side by side under names of their own.
    ///   - offerCheckEvery: seconds between looks for offers whose hold time is over.
    ///   - hourLength: seconds in an hour of an offer's hold time; tests make hours seconds long.
    ///   - rules: the grades Medienscouts come from and how long participants' data is kept.
    ///   - retentionCheckEvery: seconds between looks for data past its retention.
    public static func definition(
        name: String = Training.service, offerCheckEvery: Double = 30, hourLength: Double = 3600,
        rules: TrainingRules = .nrw, retentionCheckEvery: Double = 3600
    ) -> ServiceDefinition {
        var handlers = HandlerRegistry()
        let privacy = Privacy(rules: rules)
        Directory.register(&handlers) { personID, email, ctx in
            try privacy.erased(personID: personID, email: email, ctx)
        }
        privacy.register(&handlers)
        RoundHandlers.register(&handlers)
        let applications = ApplicationHandlers(hourLength: hourLength, grades: rules.grades)
        applications.register(&handlers)
        CertificateHandlers.register(&handlers)
        let evenings = EveningHandlers(hourLength: hourLength)
        evenings.register(&handlers)
        Reports.register(&handlers)
        var d = ServiceDefinition(
            name: name, storeName: name,
            summary: SuiteCatalogue.training.summary, defaultHTTPPort: SuiteCatalogue.training.httpPort,
            handlers: handlers,
            timers: [
                ServiceTimer("offers", every: offerCheckEvery) { ctx in
                    try applications.expireOffers(ctx)
                    try evenings.expireOffers(ctx)
                },
                ServiceTimer("retention", every: retentionCheckEvery) { ctx in try privacy.expire(ctx) },
            ],
            migrations: TrainingMigrations.register)
        // Rounds, evenings and registrations are read by index, a few rows at a time: no need to
        // map the store.
        d.mappedStoreBytes = 0
        return d
    }
}

extension TrainingService {
    /// The service with its settings read like the runtime's (flags, `RBN_*`, the config file).
    public static func configurable() -> ServiceDefinition {
        var d = definition()
        d.settingsKeys = TrainingRules.keys
        d.configure = { settings throws(SettingsError) in
            definition(rules: try TrainingRules.read(settings.extra))
        }
        return d
    }
}
