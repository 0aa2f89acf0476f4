import Foundation

/// The Impressum and the Datenschutzerklärung, per network: from the JSON file of `portal.legal`
/// (`{"<network>": {"impressum": [...], "datenschutz": [...]}, "*": {...}}`, each a list of sections
/// `{"title": …, "paragraphs": […]}`), else a default that says what the portal processes, why,
/// for how long, and whom to ask.
public struct LegalTexts: Sendable {
    public struct Section: Codable, Sendable, Equatable {
        public var title: String
        public var paragraphs: [String]
    }

    struct Entry: Codable, Sendable {
        var impressum: [Section]?
        var datenschutz: [Section]?
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    init(file: String) throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Problem(description: "cannot read \(file)")
        }
        do {
            entries = try JSONDecoder().decode([String: Entry].self, from: data)
        } catch {
            throw Problem(
                description: "\(file) is not a JSON object of networks with impressum and datenschutz sections")
        }
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    enum Kind { case imprint, privacy }

    /// The sections of a page: the network's own, else the file's `*`, else the default.
    func sections(
        _ kind: Kind, network: String?, office: (name: String, email: String?)?, language: String
    ) -> [Section] {
        let entry = network.flatMap { entries[$0] } ?? entries["*"]
        let own = kind == .imprint ? entry?.impressum : entry?.datenschutz
        if let own, !own.isEmpty { return own }
        return kind == .imprint ? Self.imprint(office, language) : Self.privacy(office, language)
    }

    static func imprint(_ office: (name: String, email: String?)?, _ language: String) -> [Section] {
        let who = office?.name ?? "Bildungsbüro des Regionalen Bildungsnetzwerks"
        let mail = office?.email.map { "E-Mail: \($0)" } ?? ""
        if language == "en" {
            return [
                Section(title: "Responsible for this website", paragraphs: [who, mail].filter { !$0.isEmpty }),
                Section(
                    title: "Note",
                    paragraphs: [
                        "The operator has not yet entered the full details (address, representative, supervisory authority) required by § 5 DDG; they are set per network in the portal's settings."
                    ]),
            ]
        }
        return [
            Section(title: "Verantwortlich für diese Website", paragraphs: [who, mail].filter { !$0.isEmpty }),
            Section(
                title: "Hinweis",
                paragraphs: [
                    "Die vollständigen Angaben nach § 5 DDG (Anschrift, Vertretung, Aufsichtsbehörde) hat der Betreiber noch nicht eingetragen; sie werden je Bildungsnetzwerk in den Einstellungen des Portals gesetzt."
                ]),
        ]
    }

    static func privacy(_ office: (name: String, email: String?)?, _ language: String) -> [Section] {
        let who = office?.name ?? "das Bildungsbüro Ihres Regionalen Bildungsnetzwerks"
        let mail = office?.email ?? ""
        if language == "en" {
            return [
                Section(title: "Who is responsible", paragraphs: ["\(who)\(mail.isEmpty ? "" : ", \(mail)")."]),
                Section(
                    title: "What we process and why",
                    paragraphs: [
                        "When you register for a parent evening: your name, e-mail address and the number of people, to hold your place and to write to you about the evening (Art. 6(1)(a) and (e) GDPR, with § 120 SchulG NRW).",
                        "When a school contact signs in or a teacher asks for support: the e-mail address and what you write, to answer you.",
                        "The portal itself sets no cookies, loads nothing from other websites and keeps no log of your visits beyond counts to stop abuse, which hold no address in readable form and are deleted after a day.",
                    ]),
                Section(
                    title: "How long",
                    paragraphs: [
                        "A registration you do not confirm is not stored. Registrations are deleted after the evening according to the retention rules of the school data regulations (VO-DV I), at the latest at the end of the following calendar year."
                    ]),
                Section(
                    title: "Your rights",
                    paragraphs: [
                        "You may ask what we keep about you, have it corrected or erased, object, and complain to the Landesbeauftragte für Datenschutz und Informationsfreiheit NRW. Write to the office named above."
                    ]),
            ]
        }
        return [
            Section(title: "Verantwortlich", paragraphs: ["\(who)\(mail.isEmpty ? "" : ", \(mail)")."]),
            Section(
                title: "Was wir verarbeiten und wozu",
                paragraphs: [
                    "Wenn Sie sich zu einem Elternabend anmelden: Ihren Namen, Ihre E-Mail-Adresse und die Zahl der Personen, um Ihren Platz zu halten und Ihnen zum Abend zu schreiben (Art. 6 Abs. 1 lit. a und e DSGVO, mit § 120 SchulG NRW).",
                    "Wenn sich eine Schule anmeldet oder eine Lehrkraft Unterstützung anfragt: die E-Mail-Adresse und was Sie uns schreiben, um Ihnen zu antworten.",
                    "Das Portal setzt keine Cookies, lädt nichts von anderen Websites und protokolliert Ihre Besuche nicht; es zählt nur Anfragen, um Missbrauch zu verhindern. Diese Zählungen enthalten keine lesbare Adresse und werden nach einem Tag gelöscht.",
                ]),
            Section(
                title: "Wie lange",
                paragraphs: [
                    "Eine Anmeldung, die Sie nicht bestätigen, wird nicht gespeichert. Anmeldungen werden nach dem Abend nach den Aufbewahrungsregeln der VO-DV I gelöscht, spätestens am Ende des folgenden Kalenderjahres."
                ]),
            Section(
                title: "Ihre Rechte",
                paragraphs: [
                    "Sie können Auskunft verlangen, Berichtigung oder Löschung, der Verarbeitung widersprechen und sich bei der Landesbeauftragten für Datenschutz und Informationsfreiheit NRW beschweren. Schreiben Sie dazu an das oben genannte Bildungsbüro."
                ]),
        ]
    }
}
