import CLinux
import Glibc

/// TCP sockets: listen, accept, connect, options, and addresses as Redis prints them.
public enum Socket {
    /// Opens a non-blocking listening socket on `host:port` (`*` and `::*` mean any).
    public static func listen(host: String, port: Int, backlog: Int32 = 511) throws(SystemError) -> FileDescriptor {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var name: String? = host
        if host == "*" || host == "0.0.0.0" {
            name = "0.0.0.0"
        } else if host == "::*" {
            name = "::"
        }
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, String(port), &hints, &result)
        if status != 0 { throw SystemError(EADDRNOTAVAIL, "getaddrinfo(\(host))") }
        defer { freeaddrinfo(result) }
        guard let info = result else { throw SystemError(EADDRNOTAVAIL, "getaddrinfo(\(host))") }

        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw .last("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if info.pointee.ai_family == AF_INET6 {
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        if Glibc.bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) < 0 {
            let error = SystemError.last("bind \(host):\(port)")
            Glibc.close(fd)
            throw error
        }
        if Glibc.listen(fd, backlog) < 0 {
            let error = SystemError.last("listen")
            Glibc.close(fd)
            throw error
        }
        return FileDescriptor(rawValue: fd)
    }

    /// Accepts one connection as a non-blocking descriptor; nil when none is pending.
    public static func accept(_ listener: FileDescriptor) throws(SystemError) -> FileDescriptor? {
        while true {
            let fd = skiff_accept(listener.rawValue)
            if fd >= 0 { return FileDescriptor(rawValue: fd) }
            let error = SystemError.last("accept")
            if error.interrupted { continue }
            if error.wouldBlock || error.errno == ECONNABORTED { return nil }
            throw error
        }
    }

    /// Starts a non-blocking connect to `host:port`; completion shows as writability.
    public static func connect(host: String, port: Int) throws(SystemError) -> FileDescriptor {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        if getaddrinfo(host, String(port), &hints, &result) != 0 {
            throw SystemError(EADDRNOTAVAIL, "getaddrinfo(\(host))")
        }
        defer { freeaddrinfo(result) }
        guard let info = result else { throw SystemError(EADDRNOTAVAIL, "getaddrinfo(\(host))") }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw .last("socket") }
        if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) < 0 && skiff_errno() != EINPROGRESS {
            let error = SystemError.last("connect \(host):\(port)")
            Glibc.close(fd)
            throw error
        }
        return FileDescriptor(rawValue: fd)
    }

    /// Disables Nagle's algorithm: replies leave as soon as they are written.
    public static func setNoDelay(_ fd: FileDescriptor) {
        var one: Int32 = 1
        setsockopt(fd.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Turns on TCP keepalive with an interval in seconds (Redis's `tcp-keepalive`).
    public static func setKeepAlive(_ fd: FileDescriptor, intervalSeconds: Int32) {
        var one: Int32 = 1
        setsockopt(fd.rawValue, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
        var idle = intervalSeconds
        setsockopt(fd.rawValue, Int32(IPPROTO_TCP), TCP_KEEPIDLE, &idle, socklen_t(MemoryLayout<Int32>.size))
        var interval = max(1, intervalSeconds / 3)
        setsockopt(fd.rawValue, Int32(IPPROTO_TCP), TCP_KEEPINTVL, &interval, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The pending error of a non-blocking connect (0 when it succeeded).
    public static func pendingError(_ fd: FileDescriptor) -> Int32 {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd.rawValue, SOL_SOCKET, SO_ERROR, &error, &length)
        return error
    }

    /// The remote address as `ip:port` (CLIENT LIST's `addr=`).
    public static func peerAddress(_ fd: FileDescriptor) -> String {
        address(fd, peer: true)
    }

    /// The local address as `ip:port` (CLIENT LIST's `laddr=`).
    public static func localAddress(_ fd: FileDescriptor) -> String {
        address(fd, peer: false)
    }

    private static func address(_ fd: FileDescriptor, peer: Bool) -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                peer ? getpeername(fd.rawValue, $0, &length) : getsockname(fd.rawValue, $0, &length)
            }
        }
        guard status == 0 else { return "?:0" }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var ip = address.pointee.sin_addr
                    inet_ntop(AF_INET, &ip, &text, socklen_t(text.count))
                    return "\(String(cString: text)):\(UInt16(bigEndian: address.pointee.sin_port))"
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var ip = address.pointee.sin6_addr
                    inet_ntop(AF_INET6, &ip, &text, socklen_t(text.count))
                    return "\(String(cString: text)):\(UInt16(bigEndian: address.pointee.sin6_port))"
                }
            }
        default:
            return "?:0"
        }
    }
}
