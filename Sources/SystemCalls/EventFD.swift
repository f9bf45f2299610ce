import CLinux
import Glibc

/// An eventfd used to wake the event loop from another thread (the WAL writer).
public struct EventFD: Sendable {
    public let descriptor: FileDescriptor

    public init() throws(SystemError) {
        let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        if fd < 0 { throw .last("eventfd") }
        descriptor = FileDescriptor(rawValue: fd)
    }

    /// Adds one to the counter, making the descriptor readable. Safe from any thread.
    public func signal() {
        var one: UInt64 = 1
        _ = Glibc.write(descriptor.rawValue, &one, 8)
    }

    /// Resets the counter after a wake-up.
    public func drain() {
        var value: UInt64 = 0
        _ = Glibc.read(descriptor.rawValue, &value, 8)
    }
}

/// A signalfd: SIGTERM and friends arrive as readable events on the loop, never as
/// asynchronous handlers, so shutting down is ordinary loop code.
public struct SignalFD: Sendable {
    public let descriptor: FileDescriptor

    public init(signals: [Int32]) throws(SystemError) {
        let fd = signals.withUnsafeBufferPointer { skiff_signalfd_for($0.baseAddress, Int32($0.count)) }
        if fd < 0 { throw .last("signalfd") }
        descriptor = FileDescriptor(rawValue: fd)
    }

    /// The next pending signal number, or nil if none.
    public func next() -> Int32? {
        var info = signalfd_siginfo()
        let n = Glibc.read(descriptor.rawValue, &info, MemoryLayout<signalfd_siginfo>.size)
        return n == MemoryLayout<signalfd_siginfo>.size ? Int32(info.ssi_signo) : nil
    }
}
