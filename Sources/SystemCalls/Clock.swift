import CLinux
import Glibc

/// The two clocks the server reads, and only at the edge: commands get time as a parameter.
public enum Clock {
    /// Wall-clock Unix time in milliseconds (TTL deadlines, TIME, log lines).
    public static func wallMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Wall-clock Unix time in microseconds (TIME, SLOWLOG-style stamps).
    public static func wallUs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
    }

    /// Monotonic milliseconds (timers, timeouts): never jumps with the wall clock.
    public static func monotonicMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Monotonic microseconds (latency measurements).
    public static func monotonicUs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
    }
}
