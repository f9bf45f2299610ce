import Glibc
import SystemCalls

/// Log verbosity, as Redis's `loglevel` names it.
enum LogLevel: Int, Comparable, Sendable {
    case debug = 0, verbose, notice, warning

    init?(name: String) {
        switch name {
        case "debug": self = .debug
        case "verbose": self = .verbose
        case "notice": self = .notice
        case "warning": self = .warning
        default: return nil
        }
    }

    /// The mark Redis puts before the message: `.` `-` `*` `#`.
    var mark: String {
        switch self {
        case .debug: "."
        case .verbose: "-"
        case .notice: "*"
        case .warning: "#"
        }
    }

    static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// Writes log lines in Redis's format: `pid:role dd Mon yyyy hh:mm:ss.mmm <mark> message`.
///
/// To standard output by default (journald and Docker collect it), or appended to
/// `logfile`. The role letter is `M` (master) as Redis prints for a primary; a
/// follower logs `S`, a node with no role yet `C`.
final class Logger {
    var level: LogLevel
    var role: Character = "M"
    private var descriptor: FileDescriptor
    private let pid = getpid()

    init(level: LogLevel, path: String) throws(SystemError) {
        self.level = level
        if path.isEmpty {
            descriptor = .standardOutput
        } else {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            if fd < 0 { throw .last("open \(path)") }
            descriptor = FileDescriptor(rawValue: fd)
        }
    }

    func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
    func verbose(_ message: @autoclosure () -> String) { log(.verbose, message()) }
    func notice(_ message: @autoclosure () -> String) { log(.notice, message()) }
    func warning(_ message: @autoclosure () -> String) { log(.warning, message()) }

    func log(_ messageLevel: LogLevel, _ message: @autoclosure () -> String) {
        guard messageLevel >= level else { return }
        let line = "\(pid):\(role) \(Self.timestamp()) \(messageLevel.mark) \(message())\n"
        try? descriptor.writeAll(Array(line.utf8))
    }

    /// `23 Nov 2026 09:30:00.123` in local time, like Redis's `serverLogRaw`.
    static func timestamp() -> String {
        let nowUs = Clock.wallUs()
        var seconds = time_t(nowUs / 1_000_000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%d %b %Y %H:%M:%S", &parts)
        let millis = Int(nowUs / 1000 % 1000)
        let prefix = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return prefix + "." + (millis < 10 ? "00" : millis < 100 ? "0" : "") + String(millis)
    }
}

/// Versions the server reports. Skiff speaks Redis 7.0's protocol, so clients
/// that check `redis_version` to pick features see 7.0.15.
enum SkiffVersion {
    static let redisCompatible = "7.0.15"
    static let skiff = "0.1.0"
}
