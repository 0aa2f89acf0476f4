import Contracts
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A local maildir (`tmp/`, `new/`, `cur/`): each message a file written to `tmp/` and renamed into
/// `new/`, named after its delivery, so writing it again replaces it instead of adding another.
/// What `make run` uses, so a newcomer can read what was sent.
///
/// A batch is made durable together (group durability), without weakening the promise that a
/// message recorded as sent is on disk: every file of the batch is written into `tmp/`, the file
/// system is synced once (`syncfs`), the files are renamed into `new/`, and `new/` is synced once.
/// Only then does the service record the outcomes. A crash before the renames are durable leaves at
/// most files in `tmp/` (which maildir readers ignore, and which the retry writes again under the
/// same name); a crash after them leaves the messages delivered but recorded as pending, and the
/// retry rewrites the same files: delivered exactly once either way.
public struct MaildirChannel: BatchChannel {
    public let kind = Notifications.Channel.maildir
    public let idempotent = true
    public let directory: String
    public let from: String
    public let fromName: String

    /// The disk work runs here, off the cooperative threads: an fsync may take milliseconds.
    private static let io = DispatchQueue(label: "rbn.notification.maildir")

    public init(
        directory: String, from: String = "no-reply@rbn.example", fromName: String = "Regionales Bildungsnetzwerk"
    ) {
        self.directory = directory
        self.from = from
        self.fromName = fromName
    }

    public func send(_ m: Outgoing) async -> Outcome { await send(batch: [m])[0] }

    public func send(batch: [Outgoing]) async -> [Outcome] {
        guard !batch.isEmpty else { return [] }
        return await withCheckedContinuation { c in Self.io.async { c.resume(returning: write(batch)) } }
    }

    /// The file a delivery is written to: the event id (letters, digits, dashes: a file name takes no
    /// path of anyone's) and the delivery id.
    static func name(_ m: Outgoing) -> String {
        let id = m.eventID.utf8.filter { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0 & 0xDF) || $0 == 0x2D }
        return "\(String(decoding: id, as: UTF8.self))-\(m.deliveryID).eml"
    }

    /// Writes, syncs, moves and syncs the batch; one outcome per message, in order.
    func write(_ batch: [Outgoing]) -> [Outcome] {
        var outcomes = [Outcome](repeating: .sent, count: batch.count)
        let tmp = "\(directory)/tmp"
        let new = "\(directory)/new"
        do {
            for sub in [tmp, new, "\(directory)/cur"] where access(sub, F_OK) != 0 {
                try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            }
        } catch {
            return batch.map { _ in .transient("cannot make the maildir \(directory): \(error.localizedDescription)") }
        }
        // 1. Every file into tmp/.
        var written: [(index: Int, name: String)] = []
        for (i, m) in batch.enumerated() {
            let text: String
            do {
                text = try MailMessage(m, from: from, fromName: fromName).rendered
            } catch {
                outcomes[i] = .permanent("not written: \(error.reason)")
                continue
            }
            let name = Self.name(m)
            if let problem = Self.writeFile("\(tmp)/\(name)", Array(text.utf8)) {
                // A full or read-only disk passes; try again later.
                outcomes[i] = .transient("cannot write to \(tmp): \(problem)")
            } else {
                written.append((i, name))
            }
        }
        guard !written.isEmpty else { return outcomes }
        // 2. Durable together: one sync of the file system for the whole batch.
        if let problem = Self.sync(tmp, whole: true) {
            for w in written { outcomes[w.index] = .transient("cannot make \(tmp) durable: \(problem)") }
            return outcomes
        }
        // 3. Into new/, 4. and new/ durable once.
        var moved: [Int] = []
        for w in written {
            if rename("\(tmp)/\(w.name)", "\(new)/\(w.name)") == 0 {
                moved.append(w.index)
            } else {
                outcomes[w.index] = .transient(
                    "cannot move the message into \(new): \(String(cString: strerror(errno)))")
            }
        }
        if !moved.isEmpty, let problem = Self.sync(new, whole: false) {
            for i in moved { outcomes[i] = .transient("cannot make \(new) durable: \(problem)") }
        }
        return outcomes
    }

    /// Writes the bytes to a new file (mode 0600), replacing one of the same name; nil when done.
    static func writeFile(_ path: String, _ bytes: [UInt8]) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += n
        }
        return nil
    }

    /// Syncs a directory: with `whole`, the file system it is on (every file written to it);
    /// otherwise the directory itself (its entries). Nil when done.
    static func sync(_ directory: String, whole: Bool) -> String? {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        let r = whole ? linuxSyncfs(fd) : fsync(fd)
        return r == 0 ? nil : String(cString: strerror(errno))
    }
}

/// `syncfs(2)` (Linux 2.6.39, glibc 2.14): declared by unistd.h only under _GNU_SOURCE, which
/// Swift's Glibc module does not define; the symbol is glibc's and takes and returns a C int.
@_silgen_name("syncfs")
private func linuxSyncfs(_ fd: Int32) -> Int32
