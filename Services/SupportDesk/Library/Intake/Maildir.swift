import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A maildir the intake reads: a delivering program (Postfix, getmail6, fetchmail) writes each mail
/// into `tmp/` and renames it into `new/`; the intake takes it and then renames it into `cur/`
/// with the seen flag, as the maildir format has it, so any maildir reader can still open it.
struct Maildir: Sendable {
    let root: String
    var new: String { root + "/new" }
    var cur: String { root + "/cur" }
    var tmp: String { root + "/tmp" }

    init(_ root: String) { self.root = root }

    /// A mail's bytes, only the first `limit + 1` of a larger one, and its size.
    struct File {
        var bytes: [UInt8]
        var size: Int
    }

    /// Creates the three folders (mode 0700) where they are missing.
    func create() throws {
        for dir in [root, new, cur, tmp] {
            try FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// The names in `new/`, oldest delivery first (maildir names begin with the time).
    func waiting() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: new)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Reads a mail in `new/`: all of it up to `limit` bytes, else its first `limit + 1` bytes.
    func read(_ name: String, limit: Int) throws -> File {
        let fd = Glibc.open(new + "/" + name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { Glibc.close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { throw POSIXError(.EINVAL) }
        let size = Int(st.st_size)
        let wanted = min(size, limit + 1)
        var bytes = [UInt8](repeating: 0, count: wanted)
        var got = 0
        while got < wanted {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + got, wanted - got) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            got += n
        }
        bytes.removeLast(wanted - got)
        return File(bytes: bytes, size: max(size, got))
    }

    /// Moves a taken mail into `cur/`, marked seen.
    func done(_ name: String) throws {
        let target = cur + "/" + (name.contains(":2,") ? name : name + ":2,S")
        guard rename(new + "/" + name, target) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }
}

/// Watches a directory with inotify and calls `changed` when a file is moved or written into it.
/// A thread of its own waits on the descriptor, so no task of the cooperative pool blocks.
final class DirectoryWatch: Sendable {
    private let fd: Int32
    private let stopped = Atomic(false)

    /// Nil when inotify is not available; the caller then looks now and then instead.
    init?(_ path: String, changed: @escaping @Sendable () -> Void) {
        #if canImport(Glibc)
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return nil }
        guard inotify_add_watch(fd, path, UInt32(IN_MOVED_TO | IN_CLOSE_WRITE)) >= 0 else {
            Glibc.close(fd)
            return nil
        }
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !self.stopped.load(ordering: .acquiring) {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&p, 1, 250) > 0 else { continue }
                while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
                changed()
            }
            Glibc.close(fd)
        }
        thread.name = "maildir-watch"
        thread.start()
        #else
        return nil
        #endif
    }

    func stop() { stopped.store(true, ordering: .releasing) }
}
