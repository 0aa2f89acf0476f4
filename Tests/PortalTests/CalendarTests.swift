import Contracts
import Foundation
import Testing

@testable import PortalService

@Suite("Calendar file")
struct CalendarTests {
    static let evening = Training.PublicEvening(
        id: 3, networkID: "kreis-lippe", institutionName: "Grundschule am Wall, Detmold", status: .scheduled,
        topic: .init(id: "t", title: "Das erste Smartphone; Tipps", competences: []), speaker: "Dr. Nora Feld",
        date: "2027-03-04", starts: "19:00", ends: "20:30", mode: .inPerson, place: "Aula, Schulstraße 1",
        capacity: 40, freePlaces: 3, waiting: 0, open: true)

    @Test func anEveningIsOneEventInUTCWithItsTextEscaped() throws {
        let reg = Training.ParentRegistration(
            registrationID: 12, name: "Petra Hahn", status: .confirmed, people: 2, waitlistPosition: nil,
            offerExpiresAt: nil, evening: Self.evening, link: nil)
        let ics = try #require(
            ICalendar.event(reg, host: "https://portal.rbn.example", now: Date(timeIntervalSince1970: 0)))
        let lines = ics.components(separatedBy: "\r\n")
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.contains("END:VCALENDAR") && ics.hasSuffix("\r\n"))
        // 19:00 in Berlin in March is 18:00 UTC.
        #expect(lines.contains("DTSTART:20270304T180000Z") && lines.contains("DTEND:20270304T193000Z"))
        #expect(lines.contains("SUMMARY:Elternabend: Das erste Smartphone\\; Tipps"))
        #expect(lines.contains("LOCATION:Aula\\, Schulstraße 1"))
        #expect(lines.contains("UID:registration-12@portal.rbn.example"))
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
    }

    @Test func longLinesAreFoldedBetweenCharacters() {
        let folded = ICalendar.fold("DESCRIPTION:" + String(repeating: "ä", count: 60))
        #expect(folded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(
            folded.replacingOccurrences(of: "\r\n ", with: "") == "DESCRIPTION:" + String(repeating: "ä", count: 60))
    }
}

@Suite("Files back to their requester")
struct RequesterFilesTests {
    @Test func aFileNameCannotBreakTheHeader() {
        let d = RequesterFiles.disposition("Bild \"1\"\r\nSet-Cookie: x.png")
        #expect(d.hasPrefix("attachment; filename=\"Bild _1___Set-Cookie: x.png\"; filename*=UTF-8''"))
        #expect(!d.contains("\r") && !d.contains("\n"))
        #expect(RequesterFiles.disposition("Übersicht.pdf").hasSuffix("filename*=UTF-8''%C3%9Cbersicht.pdf"))
        #expect(!RequesterFiles.allowed.contains("text/html"), "a page a file claims to be is never shown as one")
    }
}
