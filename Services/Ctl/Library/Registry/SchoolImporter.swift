import CLIKit
import Contracts
import Foundation

/// Sends the registrations and updates a school file calls for, row by row, and reports what
/// happened to each: a refused row is reported with its line and the import goes on.
public struct SchoolImporter: Sendable {
    public struct Report: Sendable, Encodable {
        public var registered = 0
        public var updated = 0
        public var unchanged = 0
        /// Line number and problem of every row not imported.
        public var problems: [Problem] = []
        /// Schools of the file not in operation, left out.
        public var notInOperation: [Problem] = []

        public struct Problem: Sendable, Encodable {
            public let line: Int
            public let message: String
        }

        public var summary: String {
            "\(registered) registered, \(updated) updated, \(unchanged) unchanged, \(problems.count) not imported, "
                + "\(notInOperation.count) not in operation"
        }
    }

    public let client: RequestClient

    public init(client: RequestClient) { self.client = client }

    /// Imports the file; the Schulträger are found by the Trägernummer the registry holds for them
    /// (a number given in `mapping` wins).
    public func run(_ csv: SchoolCSV, _ mapping: SchoolImport) async throws(CLIError) -> Report {
        var report = Report()
        var mapping = mapping
        mapping.schultraegerByNumber = try await registeredSchultraeger().merging(mapping.schultraegerByNumber) {
            $1
        }
        for outcome in mapping.plan(csv) {
            switch outcome {
            case .bad(let line, let message):
                report.problems.append(.init(line: line, message: message))
            case .notInOperation(let line, let message):
                report.notInOperation.append(.init(line: line, message: message))
            case .school(let line, let wanted):
                do {
                    switch SchoolImport.change(wanted, current: try await current(wanted.id ?? "")) {
                    case .none:
                        report.unchanged += 1
                    case .register:
                        _ = try await client.request(wanted, expecting: Registry.InstitutionDetails.self)
                        report.registered += 1
                    case .update(let update):
                        _ = try await client.request(update, expecting: Registry.InstitutionDetails.self)
                        report.updated += 1
                    }
                } catch  where error.exit == .refused {
                    report.problems.append(.init(line: line, message: error.message))
                }
            }
        }
        return report
    }

    /// The registry's Schulträger by their Trägernummer.
    private func registeredSchultraeger() async throws(CLIError) -> [String: String] {
        let list = try await client.request(
            Registry.ListInstitutions(kind: .schultraeger), expecting: Registry.InstitutionList.self)
        var out: [String: String] = [:]
        for t in list.institutions { if let n = t.traegernummer { out[n] = t.id } }
        return out
    }

    private func current(_ schulnummer: String) async throws(CLIError) -> Registry.Institution? {
        do {
            return try await client.request(
                Registry.LookUpSchool(schulnummer: schulnummer), expecting: Registry.InstitutionDetails.self
            ).institution
        } catch  where error.exit == .refused && error.message.contains("[unknown-school]") {
            return nil
        }
    }
}
