import Foundation
import Testing
import WebForms

@testable import PortalService

@Suite("Forms and pages")
struct FormTests {
    @Test func aFormIsDecodedAsBrowsersSendIt() throws {
        let f = try Form(body: "name=Petra+Hahn&email=petra%40eltern.example&consent=yes&name=second")
        #expect(f["name"] == "Petra Hahn" && f["email"] == "petra@eltern.example" && f["consent"] == "yes")
        #expect(f["missing"] == "")
    }

    @Test func anOversizedOrBrokenFormIsRefused() {
        #expect(throws: Form.Invalid.self) {
            try Form(body: (0..<40).map { "f\($0)=x" }.joined(separator: "&"))
        }
        #expect(throws: Form.Invalid.self) { try Form(body: "name=%E0%A4%A") }
        #expect(throws: Form.Invalid.self) { try Form(body: "a=" + String(repeating: "x", count: 20_001)) }
    }

    @Test func theRegistrationFormSaysEveryMistakeAtOnce() {
        guard case .failure(let errors) = RegistrationForm.check(Form(["email": "no", "people": "9"]), "de") else {
            Issue.record("a form full of mistakes passed")
            return
        }
        #expect(errors.list.map(\.field) == ["name", "email", "people", "consent"])
        #expect(errors.list[1].message.contains("name@beispiel.de"))
        guard case .failure(let en) = RegistrationForm.check(Form(["name": "A\r\nBcc: x"]), "en") else { return }
        #expect(en.list.first?.message == "Enter your name.", "a line break in a name is refused, in English")
    }

    @Test func aGoodRegistrationIsTrimmedAndNormalised() throws {
        let form = Form([
            "name": "  Petra Hahn ", "email": " Petra.Hahn@Eltern.Example", "people": "2", "consent": "yes",
        ])
        #expect(
            try RegistrationForm.check(form, "de").get()
                == RegistrationForm.Entry(name: "Petra Hahn", email: "petra.hahn@eltern.example", people: 2))
    }

    @Test func theLanguageIsChosenByLinkThenBrowser() {
        #expect(Language.of(query: "en", acceptLanguage: "de-DE") == "en")
        #expect(Language.of(query: nil, acceptLanguage: "en-GB,en;q=0.9") == "en")
        #expect(Language.of(query: "fr", acceptLanguage: "fr-FR") == "de")
        #expect(Language.keep("/n/x", "en") == "/n/x?lang=en" && Language.keep("/n/x", "de") == "/n/x")
    }

    @Test func datesReadAsPeopleSayThem() {
        #expect(
            Dates.span(date: "2027-02-11", starts: "19:30", ends: "21:00", "de")
                == "Do., 11. Februar 2027, 19:30–21:00 Uhr")
        #expect(
            Dates.span(date: "2027-02-11", starts: "19:30", ends: "21:00", "en") == "Thu 11 February 2027, 19:30–21:00")
        #expect(Dates.instant("2027-03-02T18:00:00Z", "de") == "Di., 2. März 2027, 19:00 Uhr")
    }

    @Test func everyPageRendersInBothLanguagesWithEveryText() throws {
        let pages = try PageRenderer()
        for name in Page.Name.allCases {
            for lang in Texts.languages {
                let html = pages.render(Page(name, language: lang, title: "T"))
                #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<html lang=\"\(lang)\">"))
                #expect(!html.contains("{{") && !html.contains("nil"), "\(name) \(lang)")
            }
        }
        #expect(Set(Texts.de.keys) == Set(Texts.en.keys))
    }

    @Test func valuesAreEscaped() throws {
        let html = try PageRenderer().render(
            Page(
                .message, language: "de", title: "<b>",
                values: ["heading": "<script>alert(1)</script>", "text": "\"'&"]))
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;") && html.contains("&amp;"))
    }
}

@Suite("Impressum and Datenschutz texts")
struct LegalTextsTests {
    @Test func aNetworksOwnTextReplacesTheDefaultAndStarCoversTheRest() throws {
        let file = NSTemporaryDirectory() + "legal-\(UUID().uuidString).json"
        try """
        {"kreis-lippe": {"impressum": [{"title": "Anbieter", "paragraphs": ["Kreis Lippe"]}]},
         "*": {"datenschutz": [{"title": "Verantwortlich", "paragraphs": ["Das Land"]}]}}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let texts = try LegalTexts(file: file)
        #expect(
            texts.sections(.imprint, network: "kreis-lippe", office: nil, language: "de").first?.title == "Anbieter")
        #expect(
            texts.sections(.privacy, network: "stadt-muenster", office: nil, language: "de").first?.paragraphs
                == ["Das Land"])
        // What neither names keeps the default, which says who to ask.
        let fallback = texts.sections(
            .privacy, network: "kreis-lippe", office: ("Bildungsbüro Lippe", "bb@lippe.example"), language: "en")
        #expect(fallback.first?.paragraphs.first?.contains("bb@lippe.example") == true)
        #expect(fallback.map(\.title).contains("How long"))
        #expect(throws: (any Error).self) { try LegalTexts(file: "/nonexistent/legal.json") }
    }
}
