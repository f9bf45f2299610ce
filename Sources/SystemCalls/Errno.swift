import CLinux
import Glibc

/// An error number from a failed system call, with the call's name for the log.
///
/// Like swift-system's `Errno` plus the function that failed (swift-nio's
/// `IOError(errno, function)`): a log line can say "accept: Too many open files".
public struct SystemError: Error, Equatable, CustomStringConvertible, Sendable {
    public var errno: Int32
    public var function: String

    public init(_ errno: Int32, _ function: String) {
        self.errno = errno
        self.function = function
    }

    /// The error of the last failed call on this thread.
    public static func last(_ function: String) -> SystemError {
        SystemError(skiff_errno(), function)
    }

    public var description: String {
        "\(function): \(String(cString: strerror(errno)))"
    }

    public var wouldBlock: Bool { errno == EAGAIN || errno == EWOULDBLOCK }
    public var interrupted: Bool { errno == EINTR }
}

/// Retries a system call while it fails with EINTR; throws on any other failure.
@inlinable
func retryingOnInterrupt(_ function: String, _ call: () -> Int) throws(SystemError) -> Int {
    while true {
        let result = call()
        if result >= 0 { return result }
        let error = SystemError.last(function)
        if !error.interrupted { throw error }
    }
}
