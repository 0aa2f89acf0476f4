/// The seven measures of the action field "Bildung im digitalen Wandel", as networks agree them.
enum MeasureCatalogue {
    static let titles: [Int: String] = [
        1: "Leitbild Bildung im digitalen Wandel",
        2: "Bedarfserhebung, Austauschforum und Vernetzung der Schulen mit 1st- und 2nd-Level-Support",
        3: "Cloudbasierte Lernplattform für die Schulen",
        4: "Verlässliche Standards digitaler Bildung entlang der Bildungskette",
        5: "Ganzheitliche Schul- und Unterrichtsentwicklung",
        6: "Ausbildung von Medienscouts",
        7: "Medienkompetenz von Eltern und Schüler*innen entlang des Medienkompetenzrahmens NRW",
    ]

    static var numbers: ClosedRange<Int> { 1...7 }
}
