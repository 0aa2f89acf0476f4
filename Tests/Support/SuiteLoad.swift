import Contracts
import Foundation
import Messaging

/// The load that `make chaos` and `make bench` put on the whole suite. Operation `i` of a run opens
/// a ticket for school 193001 (even `i`) or registers a parent for an evening (odd `i`), with an
/// address of its own, `<run>-<i>@load.example`; each ends in one mail in the notification
/// service's maildir.
public enum SuiteLoad {
    /// Operation `i` of `run` as a command to publish (message id `<run>-<i>`).
    public static func command(_ i: Int, run: String, eveningID: Int) throws -> AMQPPublish {
        let email = address(i, run: run)
        var message: AMQPMessage
        if i % 2 == 0 {
            message = try EnvelopeCodec.message(
                for: Envelope(
                    SupportDesk.OpenTicket(
                        schulnummer: "193001", title: "\(run)-\(i) Beamer ohne Bild",
                        description: "Last auf der ganzen Suite.", category: .hardware, priority: .normal,
                        requester: .init(name: "Lehrkraft \(i)", email: email)),
                    id: "\(run)-\(i)"))
        } else {
            message = try EnvelopeCodec.message(
                for: Envelope(
                    Training.RegisterParent(
                        eveningID: eveningID, name: "Elternteil \(i)", email: email, consentToContact: true),
                    id: "\(run)-\(i)"))
        }
        message.properties.userID = "guest"
        let service = i % 2 == 0 ? SupportDesk.service : Training.service
        return AMQPPublish(exchange: RBNTopology.commandsExchange, routingKey: service, message: message)
    }

    /// The requester's or parent's address of operation `i`.
    public static func address(_ i: Int, run: String) -> String { "\(run)-\(i)@load.example" }

    /// The mails of `run` in a maildir folder (`…/maildir/new`): by operation (`<run>-<i>`), how
    /// many arrived.
    public static func mails(in folder: String, run: String) -> [String: Int] {
        var found: [String: Int] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            if let key = operation(ofMail: "\(folder)/\(name)", run: run) { found[key, default: 0] += 1 }
        }
        return found
    }

    /// The mail files of `run` in a maildir folder: by operation (`<run>-<i>`), the first file's name.
    public static func mailFiles(in folder: String, run: String) -> [String: String] {
        var found: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            if let key = operation(ofMail: "\(folder)/\(name)", run: run), found[key] == nil { found[key] = name }
        }
        return found
    }

    /// The operation (`<run>-<i>`) a mail file went to, from its `To:` header.
    static func operation(ofMail path: String, run: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let to = text.split(separator: "\r\n").first(where: { $0.hasPrefix("To: ") }),
            let start = to.range(of: "<\(run)-"), let end = to[start.upperBound...].firstIndex(of: "@")
        else { return nil }
        return String(to[to.index(after: start.lowerBound)..<end])
    }

    /// Loads the training seeds and returns the seeded evening of Stadt Münster (online, 300
    /// places), which the registrations go to.
    public static func evening(_ sys: SystemUnderTest) async throws -> Int {
        let seeded = try await sys.seedTraining()
        guard seeded.status == 0 else { throw TestSetupError("training seed failed: \(seeded.stderr)") }
        let list = try await sys.run("rbnctl", ["training", "evenings", "--json"])
        let evenings = try JSONDecoder().decode(Training.EveningList.self, from: Data(list.stdout.utf8)).evenings
        guard let e = evenings.first(where: { ($0.evening.capacity ?? 0) >= 300 }) else {
            throw TestSetupError("no seeded evening with 300 places: \(list.stdout) \(list.stderr)")
        }
        return e.evening.id
    }
}
