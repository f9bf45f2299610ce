import CLinux
import Glibc

/// An owned-by-convention file descriptor: a thin, typed wrapper over the raw `Int32`.
///
/// It does not close itself; the owner (a connection, a segment file) calls `close()`
/// exactly once, so the event loop stays in control of when a descriptor dies.
public struct FileDescriptor: Hashable, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    public static let standardOutput = FileDescriptor(rawValue: 1)
    public static let standardError = FileDescriptor(rawValue: 2)

    /// Reads up to `buffer.count` bytes; returns 0 at end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        try retryingOnInterrupt("read") { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes some of `buffer`; returns how many bytes were taken.
    public func write(_ buffer: UnsafeRawBufferPointer) throws(SystemError) -> Int {
        try retryingOnInterrupt("write") { Glibc.write(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes all of `bytes`, looping over short writes (blocking descriptors only).
    public func writeAll(_ bytes: [UInt8]) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { all in
                Glibc.write(rawValue, all.baseAddress! + offset, all.count - offset)
            }
            if result >= 0 {
                offset += result
            } else if skiff_errno() != EINTR {
                throw .last("write")
            }
        }
    }

    /// Gathers several buffers into one write (`writev`).
    public func writev(_ vectors: UnsafeBufferPointer<iovec>) throws(SystemError) -> Int {
        try retryingOnInterrupt("writev") { Glibc.writev(rawValue, vectors.baseAddress, Int32(vectors.count)) }
    }

    public func setNonBlocking() throws(SystemError) {
        let flags = fcntl(rawValue, F_GETFL)
        if flags < 0 { throw .last("fcntl") }
        if fcntl(rawValue, F_SETFL, flags | O_NONBLOCK) < 0 { throw .last("fcntl") }
    }

    public func close() {
        _ = Glibc.close(rawValue)
    }
}
