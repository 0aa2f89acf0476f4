import CAMQP
import Foundation

/// Scratch memory for the C structures of one broker call (strings, tables, properties). Everything
/// allocated is freed together by ``reset()``. Owned by the connection's thread only.
final class CArena {
    private var chunks: [UnsafeMutableRawPointer] = []
    private var current: UnsafeMutableRawPointer?
    private var used = 0
    private var capacity = 0
    private static let chunkSize = 64 * 1024

    deinit {
        reset()
        if let current { free(current) }
    }

    /// Memory for `count` bytes, aligned for any C type.
    func allocate(_ count: Int) -> UnsafeMutableRawPointer {
        let aligned = (count + 15) & ~15
        if aligned > Self.chunkSize / 4 {
            let p = malloc(max(aligned, 1))!
            chunks.append(p)
            return p
        }
        if current == nil || used + aligned > capacity {
            if let current { chunks.append(current) }
            current = malloc(Self.chunkSize)!
            capacity = Self.chunkSize
            used = 0
        }
        let p = current! + used
        used += aligned
        return p
    }

    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        allocate(MemoryLayout<T>.stride * max(count, 1)).bindMemory(to: T.self, capacity: max(count, 1))
    }

    /// Frees everything but the current chunk, which is reused.
    func reset() {
        for c in chunks { free(c) }
        chunks.removeAll(keepingCapacity: true)
        used = 0
    }

    func bytes(_ string: String) -> amqp_bytes_t {
        var s = string
        return s.withUTF8 { bytes($0) }
    }

    func bytes(_ buffer: UnsafeBufferPointer<UInt8>) -> amqp_bytes_t {
        guard buffer.count > 0 else { return amqp_bytes_t(len: 0, bytes: nil) }
        let p = allocate(buffer.count)
        p.copyMemory(from: buffer.baseAddress!, byteCount: buffer.count)
        return amqp_bytes_t(len: buffer.count, bytes: p)
    }

    func bytes(_ array: [UInt8]) -> amqp_bytes_t {
        array.withUnsafeBufferPointer { bytes($0) }
    }

    /// A NUL-terminated copy for C functions that take `const char *`.
    func cString(_ string: String) -> UnsafePointer<CChar> {
        let utf8 = Array(string.utf8)
        let p = allocate(utf8.count + 1).bindMemory(to: CChar.self, capacity: utf8.count + 1)
        utf8.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { UnsafeMutableRawPointer(p).copyMemory(from: base, byteCount: utf8.count) }
        }
        p[utf8.count] = 0
        return UnsafePointer(p)
    }
}

extension amqp_bytes_t {
    /// The bytes as a Swift string (invalid UTF-8 is repaired).
    var string: String {
        guard len > 0, let bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: len), as: UTF8.self)
    }

    var array: [UInt8] {
        guard len > 0, let bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: len))
    }

    var data: Data {
        guard len > 0, let bytes else { return Data() }
        return Data(bytes: bytes, count: len)
    }

}
