/// The Medienkompetenzrahmen NRW: 6 areas with 4 sub-competences each, by code (`3.4`).
public enum Medienkompetenzrahmen {
    public struct Competence: Sendable, Hashable {
        /// E.g. `3.4`.
        public let code: String
        public let name: String
        /// The area's number, 1 … 6.
        public var area: Int { Int(code.prefix(1)) ?? 0 }
    }

    public static let areas: [Int: String] = [
        1: "Bedienen und Anwenden", 2: "Informieren und Recherchieren", 3: "Kommunizieren und Kooperieren",
        4: "Produzieren und Präsentieren", 5: "Analysieren und Reflektieren", 6: "Problemlösen und Modellieren",
    ]

    public static let competences: [Competence] = [
        .init(code: "1.1", name: "Medienausstattung (Hardware)"), .init(code: "1.2", name: "Digitale Werkzeuge"),
        .init(code: "1.3", name: "Datenorganisation"),
        .init(code: "1.4", name: "Datenschutz und Informationssicherheit"),
        .init(code: "2.1", name: "Informationsrecherche"), .init(code: "2.2", name: "Informationsauswertung"),
        .init(code: "2.3", name: "Informationsbewertung"), .init(code: "2.4", name: "Informationskritik"),
        .init(code: "3.1", name: "Kommunikations- und Kooperationsprozesse"),
        .init(code: "3.2", name: "Kommunikations- und Kooperationsregeln"),
        .init(code: "3.3", name: "Kommunikation und Kooperation in der Gesellschaft"),
        .init(code: "3.4", name: "Cybergewalt und -kriminalität"),
        .init(code: "4.1", name: "Medienproduktion und Präsentation"), .init(code: "4.2", name: "Gestaltungsmittel"),
        .init(code: "4.3", name: "Quellendokumentation"), .init(code: "4.4", name: "Rechtliche Grundlagen"),
        .init(code: "5.1", name: "Medienanalyse"), .init(code: "5.2", name: "Meinungsbildung"),
        .init(code: "5.3", name: "Identitätsbildung"), .init(code: "5.4", name: "Selbstregulierte Mediennutzung"),
        .init(code: "6.1", name: "Prinzipien der digitalen Welt"), .init(code: "6.2", name: "Algorithmen erkennen"),
        .init(code: "6.3", name: "Modellieren und Programmieren"),
        .init(code: "6.4", name: "Bedeutung von Algorithmen"),
    ]

    public static func competence(_ code: String) -> Competence? { competences.first { $0.code == code } }
}
