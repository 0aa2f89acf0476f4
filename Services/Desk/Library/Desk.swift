import ArgumentParser
import CLIKit
import Contracts

/// `desk`: the support agents' tool for the support desk's tickets, knowledge base and needs survey.
///
/// Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, conflict or refused by the desk, 4 not
/// permitted, 5 the broker or the desk did not answer.
public struct Desk: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract: "Work the support desk's tickets: list, read, answer, assign, escalate, resolve.",
        discussion: """
            You connect with your own broker user, which is your agent id: --agent (or DESK_AGENT, or \
            agent in ~/.config/rbn/desk.toml) and DESK_PASSWORD or password_file in that file. Read \
            commands take --json for scripts; 'desk list --ids' prints ids only, and every command that \
            takes ids reads them from standard input with '-':

              desk list --ids --status new --unassigned | desk take -

            A change that timed out can be repeated safely: it goes out under the same message id, so \
            the desk acts once. Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, conflict or refused, \
            4 not permitted, 5 no answer.
            """,
        subcommands: [
            List.self, Show.self, Search.self, SLA.self, Report.self,
            Open.self, Reply.self, Note.self, Phone.self, Pending.self, Resolve.self, Close.self, Reopen.self,
            Escalate.self, Deescalate.self, SetFields.self,
            Take.self, Give.self, Unassign.self, Merge.self, Link.self,
            MacroCommand.self, KB.self, Needs.self, Quarantine.self, AttachmentCommand.self,
        ])

    public init() {}
}

/// `--json` on a command that answers with data.
struct JSONOption: ParsableArguments {
    @Flag(help: "Print the support desk's answer as JSON, for scripts.") var json = false
}

extension SupportDesk.Status: ExpressibleByArgument {}
extension SupportDesk.Priority: ExpressibleByArgument {}
extension SupportDesk.Category: ExpressibleByArgument {}
extension SupportDesk.ListTickets.Sort: ExpressibleByArgument {}
extension SupportDesk.NeedArea: ExpressibleByArgument {}
extension SupportDesk.Urgency: ExpressibleByArgument {}
