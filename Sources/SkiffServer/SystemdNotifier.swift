import CLinux
import Glibc
import SystemCalls

/// Talks to systemd for a `Type=notify` unit: `READY=1`, `STATUS=...`,
/// `STOPPING=1`, and `WATCHDOG=1` at half the interval in `WATCHDOG_USEC`.
///
/// Without `NOTIFY_SOCKET` in the environment every call does nothing, so the
/// server runs the same under systemd, in Docker, or from a shell.
enum SystemdNotifier {
    nonisolated(unsafe) private static var lastWatchdogMs: Int64 = 0

    static var isSupervised: Bool { getenv("NOTIFY_SOCKET") != nil }

    /// Watchdog period in ms: half of `WATCHDOG_USEC`, as sd_watchdog_enabled advises.
    static let watchdogIntervalMs: Int64? = {
        guard let text = getenv("WATCHDOG_USEC"), let micros = Int64(String(cString: text)), micros > 0 else {
            return nil
        }
        return micros / 2000
    }()

    /// Sends one datagram to `$NOTIFY_SOCKET` (a path, or `@name` in the abstract namespace).
    @discardableResult
    static func send(_ message: String) -> Bool {
        guard let socketPath = getenv("NOTIFY_SOCKET") else { return false }
        let path = Array(String(cString: socketPath).utf8)
        guard !path.isEmpty, path.count < 108 else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.enumerated() { raw[i] = byte }
            if path[0] == UInt8(ascii: "@") { raw[0] = 0 }  // abstract namespace
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count)
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                sendto(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL), pointer, length)
            }
        }
        return sent == bytes.count
    }

    /// Called from the cron: pings the watchdog when it is due.
    static func watchdogTick(nowMs: Int64) {
        guard let interval = watchdogIntervalMs, nowMs - lastWatchdogMs >= interval else { return }
        lastWatchdogMs = nowMs
        send("WATCHDOG=1")
    }
}
