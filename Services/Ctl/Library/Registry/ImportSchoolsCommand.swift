import ArgumentParser
import CLIKit
import Contracts
import Foundation

struct ImportSchools: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-schools",
        abstract: "Register or update schools from the NRW open-data school file (schuldaten.csv).",
        discussion: """
            Every row is checked; bad rows are reported with their line number and the rest is imported; \
            schools not in operation (Schulbetriebsschluessel other than 1) are reported and left out. \
            Importing the same file again changes nothing. Each school needs a network (--network for all, \
            or --network-for KREIS=ID by the first five digits of the Gemeindeschluessel) and a Schulträger \
            registered with its Traegernummer; with --traeger key_traeger.csv an unregistered one is named. \
            Exit status 1 when a row was not imported.
            """)
    @OptionGroup var common: Common
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "Network of every school in the file.") var network: String?
    @Option(help: "Network by Kreis: KREISSCHLUESSEL=NETWORK (repeat), e.g. 05766=kreis-lippe.")
    var networkFor: [String] = []
    @Option(help: "The official key of Schulträger (key_traeger.csv), to name those not registered yet.")
    var traeger: String?
    @Option(help: "A Schulträger registered without its Trägernummer: NUMMER=ID (repeat).")
    var schultraeger: [String] = []

    func run() async throws {
        let mapping = SchoolImport(
            network: network, networkByKreis: try pairs(networkFor, "--network-for"),
            schultraegerByNumber: try pairs(schultraeger, "--schultraeger"), traeger: try traeger.map(TraegerKey.read))
        guard mapping.network != nil || !mapping.networkByKreis.isEmpty else {
            throw ValidationError("give --network or --network-for")
        }
        let csv = try SchoolCSV.read(file)
        let report = try await withClient(common.broker) { try await SchoolImporter(client: $0).run(csv, mapping) }
        if common.json {
            try printJSON(report)
        } else {
            for p in report.problems { print("line \(p.line): \(p.message)") }
            for p in report.notInOperation { print("line \(p.line): left out: \(p.message)") }
            print("\(file): \(report.summary)")
        }
        if !report.problems.isEmpty { throw CLIError(.failure, "\(report.problems.count) row(s) were not imported") }
    }
}

func pairs(_ values: [String], _ option: String) throws -> [String: String] {
    var out: [String: String] = [:]
    for v in values {
        let parts = v.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ValidationError("\(option) takes KEY=VALUE, got '\(v)'")
        }
        out[parts[0]] = parts[1]
    }
    return out
}

extension TraegerKey {
    /// Reads the key of Schulträger, with a clear error when it cannot.
    static func read(_ path: String) throws -> TraegerKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(.failure, "cannot read \(path)")
        }
        do {
            return try TraegerKey(data: data)
        } catch {
            throw CLIError(.failure, "\(path): \(error.description)")
        }
    }
}

extension SchoolCSV {
    /// Reads a school file, with a clear error when it cannot.
    static func read(_ path: String) throws -> SchoolCSV {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(.failure, "cannot read \(path)")
        }
        do {
            return try SchoolCSV(data: data)
        } catch {
            throw CLIError(.failure, "\(path): \(error.description)")
        }
    }
}
