import ArgumentParser
import CLIKit
import Contracts
import Foundation

struct Open: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open a ticket for a school, on behalf of its requester.",
        discussion: "The description comes from -m, -F, standard input, or the editor.")
    @OptionGroup var desk: DeskOptions
    @Option(help: "The school's Schulnummer.") var school: String
    @Option(help: "A short title.") var title: String
    @Option(help: "Category.") var category: SupportDesk.Category
    @Option(help: "Priority.") var priority: SupportDesk.Priority = .normal
    @Option(help: "Who asks: 'Name <email>'.") var requester: String
    @OptionGroup var text: TextOptions
    @OptionGroup var output: JSONOption

    func validate() throws {
        _ = try Self.parse(requester: requester)
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--title cannot be empty")
        }
    }

    /// "Anna Becker <anna.becker@schule.example>".
    static func parse(requester: String) throws -> SupportDesk.Requester {
        let example = "--requester takes 'Name <email>', e.g. 'Anna Becker <a.becker@schule.example>'"
        let parsed: (name: String?, address: String)
        do throws(MailAddress.Invalid) {
            parsed = try MailAddress.parse(requester)
        } catch {
            throw ValidationError("\(error.reason); \(example)")
        }
        guard let name = parsed.name else { throw ValidationError(example) }
        return .init(name: name, email: parsed.address)
    }

    func run() async throws {
        let who = try Self.parse(requester: requester)
        let purpose = "The description of the new ticket '\(title)' for school \(school)."
        let description = try text.text(purpose: purpose)
        let d = try await withEditorRetry(description, purpose: purpose) { value in
            try await DeskSession.run(desk) { s in
                try await s.change(
                    SupportDesk.OpenTicket(
                        schulnummer: school, title: title, description: value, category: category, priority: priority,
                        requester: who), SupportDesk.TicketDetails.self)
            }
        }
        if output.json { return try printJSON(d) }
        print("#\(d.ticket.id) opened for \(d.ticket.schoolName)")
        if let similar = d.similar, !similar.isEmpty {
            print("Similar open tickets of this school:")
            for s in similar { print("  #\(s.id) \(s.title) (\(s.status.rawValue))") }
            print("If it is the same problem: desk merge \(d.ticket.id) \(similar[0].id)")
        }
    }
}
