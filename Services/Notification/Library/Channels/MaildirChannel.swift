import Contracts
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A local maildir (`tmp/`, `new/`, `cur/`): each message a file that appears in `new/` only when
/// it is whole, named after its delivery, so writing it again replaces it instead of adding
/// another. What `make run` uses, so a newcomer can read what was sent.
///
/// A batch is made durable together (group durability), without weakening the promise that a
/// message recorded as sent is on disk: every file of the batch is written, the file system is
/// synced once (`syncfs`), the files are given their names in `new/`, and `new/` is synced once.
/// Only then does the service record the outcomes. Where the file system can (ext4, XFS, tmpfs), a
/// file is written without a name (`O_TMPFILE`) and linked into `new/` by name; elsewhere it is
/// written into `tmp/` and renamed, as Dovecot's maildir rules describe. A crash before the names
/// are durable leaves nothing visible (an unnamed file is gone; a file in `tmp/` is ignored by
/// readers and written again by the retry); a crash after them leaves the messages delivered but
/// recorded as pending, and the retry writes the same names again: delivered exactly once either
/// way.
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
        // 1. Every file written: unnamed where the file system can, otherwise into tmp/.
        var written: [(index: Int, name: String, fd: Int32?)] = []
        defer { for w in written { if let fd = w.fd { close(fd) } } }
        for (i, m) in batch.enumerated() {
            let text: String
            do {
                text = try MailMessage(m, from: from, fromName: fromName).rendered
            } catch {
                outcomes[i] = .permanent("not written: \(error.reason)")
                continue
            }
            let name = Self.name(m)
            let bytes = Array(text.utf8)
            if Self.unnamedFiles.load(ordering: .relaxed), let fd = Self.unnamedFile(in: new, bytes) {
                switch fd {
                case .success(let fd): written.append((i, name, fd))
                case .failure(let problem): outcomes[i] = .transient("cannot write to \(new): \(problem.text)")
                }
            } else if let problem = Self.writeFile("\(tmp)/\(name)", bytes) {
                // A full or read-only disk passes; try again later.
                outcomes[i] = .transient("cannot write to \(tmp): \(problem)")
            } else {
                written.append((i, name, nil))
            }
        }
        guard !written.isEmpty else { return outcomes }
        // 2. Durable together: one sync of the file system for the whole batch.
        if let problem = Self.sync(tmp, whole: true) {
            for w in written { outcomes[w.index] = .transient("cannot make \(tmp) durable: \(problem)") }
            return outcomes
        }
        // 3. Named in new/, 4. and new/ durable once.
        var moved: [Int] = []
        for w in written {
            if let problem = Self.place(w.fd, w.name, tmp: tmp, new: new) {
                outcomes[w.index] = .transient("cannot move the message into \(new): \(problem)")
            } else {
                moved.append(w.index)
            }
        }
        if !moved.isEmpty, let problem = Self.sync(new, whole: false) {
            for i in moved { outcomes[i] = .transient("cannot make \(new) durable: \(problem)") }
        }
        return outcomes
    }

    /// Whether unnamed files are used: until the file system or a missing `/proc` says no.
    static let unnamedFiles = Atomic(access("/proc/self/fd", F_OK) == 0)

    /// Writes the bytes to a new file without a name in `directory` (mode 0600) and returns it
    /// open; nil when the file system has no unnamed files (then never asked again).
    static func unnamedFile(in directory: String, _ bytes: [UInt8]) -> Result<Int32, Problem>? {
        let fd = open(directory, oTmpfile | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL {
                unnamedFiles.store(false, ordering: .relaxed)
                return nil
            }
            return .failure(Problem(String(cString: strerror(errno))))
        }
        if let problem = write(fd, bytes) {
            close(fd)
            return .failure(Problem(problem))
        }
        return .success(fd)
    }

    /// Gives a written file its name in `new/`, replacing one of that name (a retry after a crash):
    /// an unnamed file (`fd`) is linked, a file in `tmp/` renamed. Nil when done.
    static func place(_ fd: Int32?, _ name: String, tmp: String, new: String) -> String? {
        guard let fd else {
            return rename("\(tmp)/\(name)", "\(new)/\(name)") == 0 ? nil : String(cString: strerror(errno))
        }
        let linked = link(fd, to: "\(new)/\(name)")
        if linked == 0 { return nil }
        guard linked == EEXIST else { return String(cString: strerror(linked)) }
        // Linked into tmp/ and renamed over the one there: replaced at once, never missing.
        unlink("\(tmp)/\(name)")
        let again = link(fd, to: "\(tmp)/\(name)")
        guard again == 0 else { return String(cString: strerror(again)) }
        return rename("\(tmp)/\(name)", "\(new)/\(name)") == 0 ? nil : String(cString: strerror(errno))
    }

    /// Whether an unnamed file is linked by its descriptor (`AT_EMPTY_PATH`), which Linux allows
    /// the process that opened it since 6.10 (before, only with `CAP_DAC_READ_SEARCH`); until the
    /// kernel says no, then by its `/proc/self/fd` path, which costs a walk through `/proc`.
    static let linksByDescriptor = Atomic(true)

    /// Links the open unnamed file `fd` at `path`; 0 when done, otherwise the `errno`.
    static func link(_ fd: Int32, to path: String) -> Int32 {
        if linksByDescriptor.load(ordering: .relaxed) {
            if linkat(fd, "", AT_FDCWD, path, atEmptyPath) == 0 { return 0 }
            let error = errno
            // Refused for the flag itself (an older kernel, no capability): never asked again.
            guard error == ENOENT || error == EPERM || error == EINVAL else { return error }
            linksByDescriptor.store(false, ordering: .relaxed)
        }
        return linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 ? 0 : errno
    }

    /// Why a file could not be written.
    struct Problem: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    /// Writes the bytes to a new file (mode 0600), replacing one of the same name; nil when done.
    static func writeFile(_ path: String, _ bytes: [UInt8]) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        return write(fd, bytes)
    }

    /// Writes all the bytes to `fd`; nil when done.
    private static func write(_ fd: Int32, _ bytes: [UInt8]) -> String? {
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

/// `AT_EMPTY_PATH` (Linux 2.6.39), also declared only under _GNU_SOURCE.
private let atEmptyPath: Int32 = 0x1000

/// `O_TMPFILE` (Linux 3.11): `__O_TMPFILE | O_DIRECTORY`, which Swift's Glibc module does not
/// export for the same reason.
private let oTmpfile: Int32 = 0o20_000_000 | O_DIRECTORY
