import CLinux
import Glibc

/// Readiness interests and results, as epoll's bits.
public struct IOEvents: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readable = IOEvents(rawValue: EPOLLIN.rawValue)
    public static let writable = IOEvents(rawValue: EPOLLOUT.rawValue)
    /// Hang-up or error: the handler should read (to see EOF or the error) and close.
    public static let hangUp = IOEvents(rawValue: EPOLLHUP.rawValue | EPOLLERR.rawValue | EPOLLRDHUP.rawValue)
}

/// An epoll instance (level-triggered, like Redis's `ae_epoll.c`).
public struct Epoll: Sendable {
    public let descriptor: FileDescriptor

    public init() throws(SystemError) {
        let fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        if fd < 0 { throw .last("epoll_create1") }
        descriptor = FileDescriptor(rawValue: fd)
    }

    public func add(_ fd: FileDescriptor, _ events: IOEvents) throws(SystemError) {
        try control(EPOLL_CTL_ADD, fd, events, "epoll_ctl(ADD)")
    }

    public func modify(_ fd: FileDescriptor, _ events: IOEvents) throws(SystemError) {
        try control(EPOLL_CTL_MOD, fd, events, "epoll_ctl(MOD)")
    }

    public func remove(_ fd: FileDescriptor) {
        _ = skiff_epoll_ctl(descriptor.rawValue, EPOLL_CTL_DEL, fd.rawValue, 0)
    }

    private func control(_ op: Int32, _ fd: FileDescriptor, _ events: IOEvents, _ name: String) throws(SystemError) {
        if skiff_epoll_ctl(descriptor.rawValue, op, fd.rawValue, events.rawValue) < 0 { throw .last(name) }
    }

    /// Waits up to `timeoutMs` (-1: forever) and fills the two buffers; returns the count.
    public func wait(
        descriptors: UnsafeMutableBufferPointer<Int32>,
        events: UnsafeMutableBufferPointer<UInt32>,
        timeoutMs: Int32
    ) throws(SystemError) -> Int {
        let n = skiff_epoll_wait(
            descriptor.rawValue, descriptors.baseAddress, events.baseAddress,
            Int32(min(descriptors.count, events.count)), timeoutMs)
        if n < 0 {
            let error = SystemError.last("epoll_wait")
            if error.interrupted { return 0 }
            throw error
        }
        return Int(n)
    }
}
