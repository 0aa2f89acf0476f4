import Contracts
import Foundation

/// Turns rows of the school master file into registrations: checks every row, reports bad ones
/// with their line number without stopping, skips (and reports) schools not in operation, and
/// decides per school whether to register it, update it, or leave it (importing the same file
/// twice changes nothing).
public struct SchoolImport: Sendable {
    /// Which network a school joins: one for the whole file, or by Kreis (the first five digits of
    /// the Gemeindeschlüssel, e.g. `05766` for Kreis Lippe).
    public var network: String?
    public var networkByKreis: [String: String] = [:]
    /// Which registered Schulträger a Trägernummer stands for: the registry's Schulträger by their
    /// `traegernummer` (the importer asks), or given by hand.
    public var schultraegerByNumber: [String: String] = [:]
    /// The official key of Schulträger, to tell an unknown number from one not registered yet.
    public var traeger: TraegerKey?

    /// `Schulbetriebsschluessel` of a school in operation; others (resting, closing, closed) are
    /// skipped.
    public static let inOperation = "1"

    public init(
        network: String? = nil, networkByKreis: [String: String] = [:], schultraegerByNumber: [String: String] = [:],
        traeger: TraegerKey? = nil
    ) {
        self.network = network
        self.networkByKreis = networkByKreis
        self.schultraegerByNumber = schultraegerByNumber
        self.traeger = traeger
    }

    /// A row turned into a registration, why it cannot be, or why it is left out.
    public enum Outcome: Sendable {
        case school(line: Int, Registry.RegisterInstitution)
        case bad(line: Int, String)
        case notInOperation(line: Int, String)
    }

    public func plan(_ csv: SchoolCSV) -> [Outcome] {
        var seen: [String: Int] = [:]
        return csv.rows.map { row in
            let state = row["Schulbetriebsschluessel"]
            if !state.isEmpty && state != Self.inOperation {
                let since = row["Schulbetriebsdatum"].isEmpty ? "" : " since \(row["Schulbetriebsdatum"])"
                return .notInOperation(
                    line: row.line,
                    "\(row["Schulnummer"]) \(row["Schulbezeichnung_1"]) is not in operation "
                        + "(Schulbetriebsschluessel \(state)\(since))")
            }
            do throws(ImportError) {
                let school = try registration(row)
                if let first = seen[school.id ?? ""] {
                    return .bad(line: row.line, "Schulnummer \(school.id ?? "") appears already in line \(first)")
                }
                seen[school.id ?? ""] = row.line
                return .school(line: row.line, school)
            } catch {
                return .bad(line: row.line, error.description)
            }
        }
    }

    func registration(_ row: SchoolCSV.Row) throws(ImportError) -> Registry.RegisterInstitution {
        let number = row["Schulnummer"]
        guard number.count == 6, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber), number.first == "1" else {
            throw ImportError("Schulnummer '\(number)' is not six digits starting with 1")
        }
        guard let form = Schulform.find(row["Schulform"]) else {
            throw ImportError("Schulform '\(row["Schulform"])' is not on the official key list")
        }
        let name = ["Schulbezeichnung_1", "Schulbezeichnung_2", "Schulbezeichnung_3"].map { row[$0] }
            .filter { !$0.isEmpty }.joined(separator: " ")
        guard !name.isEmpty else { throw ImportError("the school has no name (Schulbezeichnung_1)") }
        let isPublic: Bool
        switch row["Rechtsform"] {
        case "1": isPublic = true
        case "2": isPublic = false
        default: throw ImportError("Rechtsform '\(row["Rechtsform"])' is neither 1 (öffentlich) nor 2 (privat)")
        }
        let traeger = row["Traegernummer"]
        guard let schultraeger = schultraegerByNumber[traeger] else {
            guard let key = self.traeger else {
                throw ImportError("Traegernummer '\(traeger)' is not the number of a registered Schulträger")
            }
            guard let entry = key[traeger] else {
                throw ImportError("Traegernummer '\(traeger)' is not in the key of Schulträger (key_traeger.csv)")
            }
            throw ImportError(
                "the Schulträger \(entry.name) (Traegernummer \(traeger)) is not registered: register it with its "
                    + "IT group and traegernummer \(traeger), then import again")
        }
        let kreis = String(row["Gemeindeschluessel"].prefix(5))
        guard let networkID = network ?? networkByKreis[kreis] else {
            throw ImportError("no network for Kreis \(kreis.isEmpty ? "(no Gemeindeschluessel)" : kreis)")
        }
        let postcode = row["PLZ"]
        guard postcode.count == 5, postcode.allSatisfy(\.isNumber) else {
            throw ImportError("PLZ '\(postcode)' is not a German postcode")
        }
        guard !row["Strasse"].isEmpty, !row["Ort"].isEmpty else { throw ImportError("the address is incomplete") }
        // The school office's address, when the file has one that is an address.
        let email = try? MailAddress.normalized(row["E-Mail"])
        return Registry.RegisterInstitution(
            id: number, kind: .school, name: name, networkID: networkID,
            address: .init(street: row["Strasse"], postcode: postcode, city: row["Ort"]),
            school: .init(schulform: form.code, schultraegerID: schultraeger, isPublic: isPublic), email: email)
    }

    /// What to send for a school, given what the registry holds: nothing when it is the same.
    public static func change(
        _ wanted: Registry.RegisterInstitution, current: Registry.Institution?
    ) -> Change {
        guard let current else { return .register }
        guard current.active else { return .register }
        if current.name == wanted.name, current.networkID == wanted.networkID, current.address == wanted.address,
            current.school == wanted.school, current.email == wanted.email
        {
            return .none
        }
        return .update(
            Registry.UpdateInstitution(
                id: current.id, name: wanted.name, networkID: wanted.networkID, address: wanted.address,
                school: wanted.school, email: wanted.email))
    }

    public enum Change: Sendable {
        case none, register
        case update(Registry.UpdateInstitution)
    }
}
