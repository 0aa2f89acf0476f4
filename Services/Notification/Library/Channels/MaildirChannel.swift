import Contracts
import Foundation

/// A local maildir (`tmp/`, `new/`, `cur/`): each message a file written to `tmp/` and renamed into
/// `new/`, named after its delivery, so writing it again replaces it instead of adding another.
/// What `make run` uses, so a newcomer can read what was sent.
public struct MaildirChannel: Channel {
    public let kind = Notifications.Channel.maildir
    public let idempotent = true
    public let directory: String
    public let from: String
    public let fromName: String

    public init(
        directory: String, from: String = "no-reply@rbn.example", fromName: String = "Regionales Bildungsnetzwerk"
    ) {
        self.directory = directory
        self.from = from
        self.fromName = fromName
    }

    public func send(_ m: Outgoing) async -> Outcome {
        let mail = MailMessage(m, from: from, fromName: fromName)
        // The event id is a service's, but a file name takes no path of anyone's.
        let name = "\(m.eventID.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })-\(m.deliveryID).eml"
        let text: String
        do {
            text = try mail.rendered
        } catch {
            return .permanent("not written: \(error.reason)")
        }
        do {
            for sub in ["tmp", "new", "cur"] {
                try FileManager.default.createDirectory(
                    atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
            }
            let tmp = "\(directory)/tmp/\(name)"
            try Data(text.utf8).write(to: URL(fileURLWithPath: tmp))
            if rename(tmp, "\(directory)/new/\(name)") != 0 {
                return .transient("cannot move the message into \(directory)/new: \(String(cString: strerror(errno)))")
            }
            return .sent
        } catch {
            // A full or read-only disk passes; try again later.
            return .transient("cannot write to \(directory): \(error.localizedDescription)")
        }
    }
}
