import Foundation
import LMTP
import Logging
import ServiceKit

/// Where mail comes in: an LMTP listener for an MTA, and a maildir for `make run` and fetchmail.
/// Both hand each mail to ``MailIntake`` in a transaction of its own, and confirm it (a `250`, a
/// move to `cur/`) only after that committed.
extension MailIntake {
    /// Whether an address is one the desk receives at: `support@domain` or `support+…@domain`.
    func receives(_ address: String) -> Bool {
        let lower = address.lowercased()
        guard let at = lower.lastIndex(of: "@"), lower[lower.index(after: at)...] == settings.domain else {
            return false
        }
        let local = lower[..<at]
        return local == settings.localPart || local.hasPrefix("\(settings.localPart)+")
    }

    /// What an LMTP client is told about a taken mail.
    static func describe(_ r: IntakeResult) -> String {
        switch r.kind {
        case .ticket: "taken as ticket #\(r.ticketID ?? 0)"
        case .reply: "taken as a reply on ticket #\(r.ticketID ?? 0)"
        case .quarantine: "kept for review (\(r.reason ?? "quarantine"))"
        case .ignored: "recorded (\(r.reason ?? "automatic mail"))"
        case .duplicate: "taken before"
        }
    }

    /// The LMTP listener on `host:port`, while the service runs.
    func lmtpWorker(host: String, port: Int, limits: LMTPLimits) -> ServiceWorker {
        ServiceWorker("lmtp") { worker in
            // Listens again when the listener fails, until the service stops.
            while !worker.isStopped && !Task.isCancelled {
                do {
                    let server = try await LMTPServer.bind(
                        host: host, port: port, hostname: settings.domain, limits: limits, logger: worker.logger,
                        accepts: { receives($0) }
                    ) { message in await deliver(message, worker) }
                    worker.logger.info("lmtp listening", metadata: ["address": "\(host):\(server.port)"])
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await server.run() }
                        group.addTask {
                            while !worker.isStopped && !Task.isCancelled { await worker.sleep(3600) }
                            server.close()
                        }
                        _ = try await group.next()
                        server.close()
                        group.cancelAll()
                    }
                } catch {
                    worker.logger.warning("the lmtp listener failed; it listens again", metadata: ["error": "\(error)"])
                }
                if !worker.isStopped { try? await Task.sleep(for: .seconds(1)) }
            }
        }
    }

    /// Takes one mail from the LMTP listener: `250` once committed, `451` (the MTA keeps it and tries
    /// again) when the store could not commit it.
    private func deliver(_ message: LMTPMessage, _ worker: WorkerContext) async -> LMTPDelivery {
        do {
            let result = try await worker.write { ctx in
                try take(message.data, size: message.size, recipients: message.recipients, source: "lmtp", ctx)
            }
            return .accepted(Self.describe(result))
        } catch {
            worker.logger.warning(
                "a mail could not be stored; the MTA keeps it and tries again",
                metadata: ["error": "\(error)", "size": "\(message.size)"])
            return .retryLater("the desk could not store the mail now; try again later")
        }
    }

    /// The maildir at `directory`: each file in `new/` is taken, then moved to `cur/`.
    func maildirWorker(directory: String) -> ServiceWorker {
        ServiceWorker("maildir") { worker in
            let maildir = Maildir(directory)
            try maildir.create()
            let watch = DirectoryWatch(maildir.new) { worker.wake() }
            defer { watch?.stop() }
            worker.logger.info("maildir intake watching", metadata: ["directory": "\(maildir.new)"])
            while !worker.isStopped && !Task.isCancelled {
                for name in maildir.waiting() {
                    guard !worker.isStopped else { break }
                    let file: Maildir.File
                    do {
                        file = try maildir.read(name, limit: settings.maxBytes)
                    } catch {
                        // Gone (another reader took it) or unreadable: the next look decides.
                        worker.logger.warning(
                            "a maildir file could not be read", metadata: ["file": "\(name)", "error": "\(error)"])
                        continue
                    }
                    do {
                        let result = try await worker.write { ctx in
                            try take(file.bytes, size: file.size, source: "maildir", ctx)
                        }
                        try maildir.done(name)
                        worker.logger.debug(
                            "mail taken", metadata: ["file": "\(name)", "as": "\(Self.describe(result))"])
                    } catch {
                        worker.logger.warning(
                            "a mail could not be stored; it stays in new/ and is tried again",
                            metadata: ["file": "\(name)", "error": "\(error)"])
                        break
                    }
                }
                await worker.sleep(watch == nil ? 2 : 30)
            }
        }
    }
}
