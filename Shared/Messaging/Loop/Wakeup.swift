import Glibc

/// A non-blocking pipe the connection thread polls beside its socket, so other threads can wake it.
final class Wakeup: @unchecked Sendable {
    /// The end to poll.
    let fd: Int32
    private let writeFD: Int32

    init() {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "pipe failed: errno \(errno)")
        for f in fds {
            _ = fcntl(f, F_SETFL, fcntl(f, F_GETFL) | O_NONBLOCK)
            _ = fcntl(f, F_SETFD, FD_CLOEXEC)
        }
        fd = fds[0]
        writeFD = fds[1]
    }

    deinit {
        Glibc.close(fd)
        Glibc.close(writeFD)
    }

    func signal() {
        var one: UInt8 = 1
        _ = write(writeFD, &one, 1)
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(fd, &buffer, 64) > 0 {}
    }
}

/// Monotonic time in nanoseconds.
enum Monotonic {
    static var now: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func after(_ seconds: Double) -> UInt64 { now + UInt64(max(0, seconds) * 1_000_000_000) }
}
