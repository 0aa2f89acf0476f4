import ArgumentParser
import CLIKit
import Contracts
import Foundation

/// `rbnctl training …`: the coordinators' side of Medienscouts rounds and parent evenings.
struct TrainingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Medienscouts rounds, applications, attendance and certificates; parent evenings; figures.",
        subcommands: [
            Rounds.self, Round.self, Workshop.self, Application.self, Attendance.self, Certificates.self,
            Evenings.self, Evening.self, Registration.self, Topics.self, Report.self, TrainingSeed.self,
        ])
}

extension Training.Mode: ExpressibleByArgument {}

/// Reads a JSON file into a message, naming the file and the problem when it does not fit.
func readJSON<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIError(.usage, "cannot read \(path)")
    }
    do {
        return try JSONDecoder().decode(T.self, from: data)
    } catch let DecodingError.keyNotFound(key, _) {
        throw CLIError(.usage, "\(path): '\(key.stringValue)' is missing")
    } catch let DecodingError.typeMismatch(_, context) {
        throw CLIError(
            .usage, "\(path): \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
    } catch {
        throw CLIError(.usage, "\(path) is not the JSON this command takes: \(error.localizedDescription)")
    }
}
