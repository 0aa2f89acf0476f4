import Contracts
import CtlKit
import Foundation
import Testing

/// Reading the open-data school file and planning the import, without a broker.
@Suite("School file")
struct SchoolFileTests {
    static let header =
        "Schulnummer;Schulform;Schulbezeichnung_1;Schulbezeichnung_2;Schulbezeichnung_3;Kurzbezeichnung;"
        + "Bezirksregierung;PLZ;Ort;Strasse;E-Mail;Rechtsform;Traegernummer;Gemeindeschluessel"

    static let mapping = SchoolImport(
        networkByKreis: ["05766": "kreis-lippe"], schultraegerByNumber: ["5766020": "stadt-detmold"])

    /// The header of `schuldaten.csv` as published, with its `sep=;` line.
    static let official = "sep=;\r\n" + SchoolCSV.officialHeader.joined(separator: ";") + "\r\n"

    /// A row of the official file from the columns of `header` (the official file has more, and
    /// ends each line with `;`): in operation unless `betrieb` says otherwise.
    static func row(_ short: String, betrieb: String = "1", since: String = "01.08.1973") -> String {
        let values = Dictionary(
            uniqueKeysWithValues: zip(
                header.split(separator: ";").map(String.init),
                short.split(separator: ";", omittingEmptySubsequences: false).map(String.init)))
        var fields = SchoolCSV.officialHeader.map { values[$0] ?? "" }
        fields[SchoolCSV.officialHeader.firstIndex(of: "Schulbetriebsschluessel")!] = betrieb
        fields[SchoolCSV.officialHeader.firstIndex(of: "Schulbetriebsdatum")!] = since
        fields[SchoolCSV.officialHeader.firstIndex(of: "EPSG")!] = "EPSG:25832"
        return fields.joined(separator: ";")
    }

    @Test func quotedFieldsSepLineAndBothLineEndings() throws {
        let text =
            "sep=;\r\n\(Self.header)\r\n"
            + "193007;20;\"Gymnasium \"\"Am Wall\"\"; Detmold\";\"Zweig\nNord\";;GY;Detmold;32756;Detmold;Wall 1;"
            + "a@b.de;1;5766020;05766020\n"
            + "\n"
        let csv = try SchoolCSV(data: Data(text.utf8))
        #expect(csv.rows.count == 1)
        let row = try #require(csv.rows.first)
        #expect(row.line == 3)
        #expect(row["Schulbezeichnung_1"] == "Gymnasium \"Am Wall\"; Detmold")
        #expect(row["Schulbezeichnung_2"] == "Zweig\nNord")
        #expect(row["Traegernummer"] == "5766020")
    }

    @Test func windows1252IsRead() throws {
        var data = Data("\(Self.header)\n193001;02;Grundschule M".utf8)
        data.append(0xFC)  // ü in Windows-1252
        data.append(contentsOf: Array("ller;;;GS;Detmold;32756;Detmold;Weg 1;x@y.de;1;5766020;05766020\n".utf8))
        let csv = try SchoolCSV(data: data)
        #expect(csv.rows.first?["Schulbezeichnung_1"] == "Grundschule Müller")
    }

    @Test func aFileWithoutTheColumnsIsRefusedWholly() {
        #expect(throws: ImportError.self) { try SchoolCSV(data: Data("Name;Ort\nA;B\n".utf8)) }
        #expect(throws: ImportError.self) { try SchoolCSV(data: Data()) }
    }

    @Test func badRowsAreReportedWithTheirLineAndTheRestPlanned() throws {
        let rows = [
            "193001;02;Grundschule am Werreufer;;;GS;Detmold;32756;Detmold;Werrestraße 12;a@b.de;1;5766020;05766020",
            "93002;02;Zu kurz;;;GS;Detmold;32756;Detmold;Weg 1;a@b.de;1;5766020;05766020",
            "193003;99;Unbekannte Form;;;X;Detmold;32756;Detmold;Weg 1;a@b.de;1;5766020;05766020",
            "193004;10;Realschule;;;RS;Detmold;32756;Detmold;Weg 1;a@b.de;3;5766020;05766020",
            "193005;10;Realschule;;;RS;Detmold;32756;Detmold;Weg 1;a@b.de;1;9999999;05766020",
            "193006;10;Realschule;;;RS;Münster;48143;Münster;Weg 1;a@b.de;1;5766020;05515000",
            "193001;02;Doppelt;;;GS;Detmold;32756;Detmold;Weg 1;a@b.de;1;5766020;05766020",
            "193008;20;Gymnasium;(fiktiv);;GY;Detmold;3275;Detmold;Weg 1;a@b.de;2;5766020;05766020",
        ]
        let closed = Self.row(
            "193009;04;Hauptschule;;;HS;Detmold;32756;Detmold;Weg 9;a@b.de;1;5766020;05766020", betrieb: "3",
            since: "31.07.2024")
        let text = Self.official + (rows.map { Self.row($0) } + [closed]).joined(separator: "\r\n") + "\r\n"
        let csv = try SchoolCSV(data: Data(text.utf8))
        #expect(csv.columns == SchoolCSV.officialHeader)
        let plan = Self.mapping.plan(csv)
        var good: [String] = []
        var bad: [(Int, String)] = []
        var left: [(Int, String)] = []
        for outcome in plan {
            switch outcome {
            case .school(_, let r): good.append(r.id ?? "")
            case .bad(let line, let message): bad.append((line, message))
            case .notInOperation(let line, let message): left.append((line, message))
            }
        }
        // A school not in operation is left out and said so, not refused.
        #expect(left.map(\.0) == [11])
        #expect(left.first?.1.contains("193009") == true && left.first?.1.contains("since 31.07.2024") == true)
        #expect(good == ["193001"])
        // The school office's address comes along, checked and lowered.
        for case .school(_, let r) in plan { #expect(r.email == "a@b.de") }
        #expect(bad.map(\.0) == [4, 5, 6, 7, 8, 9, 10])
        #expect(bad[0].1.contains("Schulnummer") && bad[1].1.contains("Schulform") && bad[2].1.contains("Rechtsform"))
        #expect(bad[3].1.contains("Traegernummer") && bad[4].1.contains("05515") && bad[5].1.contains("line 3"))
        #expect(bad[6].1.contains("PLZ"))
    }

    @Test func anUnchangedSchoolNeedsNothing() throws {
        let wanted = Registry.RegisterInstitution(
            id: "193001", kind: .school, name: "GS", networkID: "kreis-lippe",
            address: .init(street: "Weg 1", postcode: "32756", city: "Detmold"),
            school: .init(schulform: "G", schultraegerID: "stadt-detmold", isPublic: true))
        var current = Registry.Institution(
            id: "193001", kind: .school, name: "GS", networkID: "kreis-lippe", joinedOn: "2020-01-01",
            address: wanted.address, school: wanted.school, schultraegerName: "Stadt Detmold")
        guard case .none = SchoolImport.change(wanted, current: current) else { Issue.record("expected none"); return }
        current.name = "Alt"
        guard case .update(let u) = SchoolImport.change(wanted, current: current) else {
            Issue.record("expected an update")
            return
        }
        #expect(u.name == "GS")
        current.name = "GS"
        var withOffice = wanted
        withOffice.email = "193001@schule.nrw.de"
        guard case .update(let e) = SchoolImport.change(withOffice, current: current) else {
            Issue.record("a new official address is an update")
            return
        }
        #expect(e.email == "193001@schule.nrw.de")
        current.active = false
        guard case .register = SchoolImport.change(wanted, current: current) else {
            Issue.record("expected a new registration")
            return
        }
    }

    /// The Schulträger come from the Trägernummer: the registry's Schulträger by their number, the
    /// official key to name one not registered yet, and a number in neither is refused.
    @Test func theKeyOfSchultraegerNamesWhatIsMissing() throws {
        let key = try TraegerKey(
            data: Data(
                """
                sep=;\r
                Traegernummer;Traegerbezeichnung_1;Traegerbezeichnung_2;Traegerbezeichnung_3;Kurzbezeichnung;PLZ;Ort;Strasse;Telefonvorwahl;Telefon;Faxvorwahl;Fax;\r
                5766020;Stadt Detmold;;;Detmold, Stadt;32756;Detmold;Marktplatz 5;05231;977-0;;;\r
                5766030;Stadt;Lage;;Lage, Stadt;32791;Lage;Marktplatz 1;05232;601-0;;;\r
                """.utf8))
        #expect(key["5766030"]?.name == "Stadt Lage")
        var mapping = Self.mapping
        mapping.traeger = key
        let rows = [
            "193001;02;Grundschule;;;GS;Detmold;32756;Detmold;Weg 1;a@b.de;1;5766020;05766020",
            "193002;02;Grundschule Lage;;;GS;Detmold;32791;Lage;Weg 2;a@b.de;1;5766030;05766020",
            "193003;02;Grundschule X;;;GS;Detmold;32791;Lage;Weg 3;a@b.de;1;9999999;05766020",
        ]
        let csv = try SchoolCSV(data: Data((Self.official + rows.map { Self.row($0) }.joined(separator: "\r\n")).utf8))
        let messages = mapping.plan(csv).map { outcome -> String in
            switch outcome {
            case .school(_, let r): return r.school?.schultraegerID ?? ""
            case .bad(_, let m), .notInOperation(_, let m): return m
            }
        }
        #expect(messages[0] == "stadt-detmold")
        #expect(messages[1].contains("Stadt Lage (Traegernummer 5766030) is not registered"))
        #expect(messages[2].contains("not in the key of Schulträger"))
        #expect(throws: ImportError.self) { try TraegerKey(data: Data("sep=;\nNummer;Name\n1;A\n".utf8)) }
    }

    /// The demo files are in the official format: its header, each line ending with `;`.
    @Test func theSeedFilesHaveTheOfficialHeader() throws {
        for region in ["lippe", "muenster", "guetersloh"] {
            let path = "\(SeedAndImportTests.seeds)/schulen-\(region).csv"
            let csv = try SchoolCSV(data: try #require(FileManager.default.contents(atPath: path)))
            #expect(csv.columns == SchoolCSV.officialHeader, "\(path)")
            #expect(csv.rows.allSatisfy { $0.fields.count == 25 }, "\(path)")
        }
        #expect(
            try TraegerKey(
                data: try #require(FileManager.default.contents(atPath: "\(SeedAndImportTests.seeds)/key_traeger.csv"))
            ).entries.count == 6)
    }
}
