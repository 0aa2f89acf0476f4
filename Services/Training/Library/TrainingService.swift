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
    public static func definition(
        name: String = Training.service, offerCheckEvery: Double = 30, hourLength: Double = 3600
    ) -> ServiceDefinition {
        var handlers = HandlerRegistry()
        // Participants' data is the service's own; the directory's contacts are not needed here.
        Directory.register(&handlers) { _, _, _ in }
        RoundHandlers.register(&handlers)
        let applications = ApplicationHandlers(hourLength: hourLength)
        applications.register(&handlers)
        CertificateHandlers.register(&handlers)
        let evenings = EveningHandlers(hourLength: hourLength)
        evenings.register(&handlers)
        return ServiceDefinition(
            name: name, storeName: name,
            summary: "Medienscouts rounds and parent evenings, with registration, waiting lists and certificates",
            defaultHTTPPort: 8083, handlers: handlers,
            timers: [
                ServiceTimer("offers", every: offerCheckEvery) { ctx in
                    try applications.expireOffers(ctx)
                    try evenings.expireOffers(ctx)
                }
            ],
            migrations: TrainingMigrations.register)
    }
}
