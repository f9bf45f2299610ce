// The time a node stamps on the entries it proposes and reads keys against (DESIGN §7).
//
// TTL deadlines are wall-clock times, and the leader's clock decides when keys die on every
// node: expiry entries delete a key only if its deadline is at or before the entry's time,
// and relative TTLs resolve against the write entry's time. A wall clock that jumps forward
// (an NTP step, an operator, a resumed VM) by X would delete live keys up to X early
// everywhere and, because the apply time is kept monotonic, make every entry of the next X
// seconds carry a time in the future. A backward jump by X freezes the apply time for X
// seconds, and every TTL written meanwhile is cut short by up to X on nodes whose clock is
// right. So the stamp runs at the monotonic clock's pace and is slewed towards the wall
// clock by at most 1% of the time elapsed, as ntpd slews rather than steps: a jump of
// either sign is adopted over 100 times its size, never at once.
//
// What holds (Tests/faults, ttl workload with the clock nemesis): after a wall-clock jump
// of any size while the process runs, the stamps stay within 1% of the elapsed time of
// the true time, so a key dies at most that much early or late (plus the expiry cycle),
// on every node. Not covered: a clock already wrong when the process starts.

import SystemCalls

/// A wall clock disciplined by the monotonic clock: between two readings it advances by
/// the monotonic time elapsed, give or take `slewPerMille` thousandths of it, towards the
/// wall clock.
public struct EntryClock: Sendable {
    /// How far the stamps may run faster or slower than the monotonic clock to follow the
    /// wall clock (1%: a 20 s jump is adopted over 2000 s). Far above real drift (ntpd's
    /// limit is 0.05%) and millisecond rounding over a tick.
    public static let slewPerMille: Int64 = 10

    private var previous: (stampMs: Int64, monotonicMs: Int64)?

    public init() {}

    /// The time to stamp now, given the wall and monotonic clocks read together.
    public mutating func stamp(wallMs: Int64, monotonicMs: Int64) -> Int64 {
        var stampMs = wallMs
        if let previous {
            let elapsedMs = max(0, monotonicMs - previous.monotonicMs)
            let paceMs = previous.stampMs + elapsedMs
            let slewMs = elapsedMs * Self.slewPerMille / 1000
            stampMs = min(max(wallMs, paceMs - slewMs), paceMs + slewMs)
        }
        previous = (stampMs, monotonicMs)
        return stampMs
    }
}

extension ClusterNode {
    /// The time stamped on proposals and used to hide expired keys on reads.
    public func entryTimeMs() -> Int64 {
        entryClock.stamp(wallMs: wallClockMs(), monotonicMs: Clock.monotonicMs())
    }

    /// Each tick: keeps the entry clock's reading fresh (a jump is caught while this node is a
    /// follower too, before it leads) and logs when the wall clock and it differ by more
    /// than an election timeout, and when they agree again.
    func noteWallClockJump() {
        let offsetMs = wallClockMs() - entryTimeMs()
        let limitMs = configuration.tickIntervalMs * Int64(configuration.electionTimeoutTicks)
        if abs(offsetMs) > limitMs && !wallClockJumped {
            wallClockJumped = true
            log("wall clock jumped \(offsetMs) ms away from the monotonic clock's count: TTLs and entry times "
                + "keep the monotonic pace and follow it by at most \(EntryClock.slewPerMille / 10)% of elapsed time")
        } else if abs(offsetMs) <= limitMs / 2 && wallClockJumped {
            wallClockJumped = false
            log("wall clock and entry clock agree again (\(offsetMs) ms apart)")
        }
    }
}
