import Contracts
import Foundation
import ServiceKit
import Testing

@testable import RegistryService

/// The registry's rules on plain values, without a broker.
@Suite("Registry domain")
struct RegistryDomainTests {
    @Test(arguments: ["193015", " 100001 ", "199999"])
    func schulnummernAreSixDigitsStartingWithOne(_ text: String) throws {
        #expect(try Schulnummer(text).value == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: ["", "19301", "1930150", "293015", "19a015", "１93015"])
    func otherNumbersAreRefused(_ text: String) {
        #expect(throws: DomainError.self) { try Schulnummer(text) }
    }

    @Test func datesMustExist() throws {
        #expect(try Check.date("2024-02-29", field: "d") == "2024-02-29")
        for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "29.11.2026", ""] {
            #expect(throws: DomainError.self) { try Check.date(bad, field: "d") }
        }
    }

    @Test func emailsAreTrimmedAndLowerCased() throws {
        #expect(try Check.email(" J.Krueger@Schule.NRW.de ", field: "e") == "j.krueger@schule.nrw.de")
        for bad in ["jkrueger", "j@", "@schule.de", "j k@schule.de", "j@schule"] {
            #expect(throws: DomainError.self) { try Check.email(bad, field: "e") }
        }
    }

    @Test func slugsComeFromNames() {
        #expect(Check.slug(from: "Kita Sonnenschein (Lemgo)") == "kita-sonnenschein-lemgo")
        #expect(Check.slug(from: "Medienzentrum Gütersloh – Außenstelle") == "medienzentrum-guetersloh-aussenstelle")
    }

    @Test func schulformenByCodeOrKey() {
        #expect(Schulform.find("gy")?.code == "GY")
        #expect(Schulform.find("20")?.name == "Gymnasium")
        #expect(Schulform.find("2")?.code == "G")
        #expect(Schulform.find("G")?.isSekundarstufeI == false)
        #expect(Schulform.find("XX") == nil)
    }

    @Test func rolloutMovesForwardOnly() throws {
        let start = Registry.Rollout(schulnummer: "193015", networkID: "kreis-lippe", state: .notStarted)
        let inUse = try #require(try RolloutHandlers.advanced(start, to: .inUse, on: "2025-09-01", school: "S"))
        #expect(
            inUse.requestedOn == "2025-09-01" && inUse.provisionedOn == "2025-09-01" && inUse.inUseOn == "2025-09-01")
        #expect(try RolloutHandlers.advanced(inUse, to: .inUse, on: "2025-09-02", school: "S") == nil)
        #expect(throws: DomainError.self) {
            try RolloutHandlers.advanced(inUse, to: .requested, on: "2025-09-02", school: "S")
        }
    }

    @Test func everyMeasureHasATitle() {
        #expect(MeasureCatalogue.numbers.allSatisfy { MeasureCatalogue.titles[$0] != nil })
    }
}
