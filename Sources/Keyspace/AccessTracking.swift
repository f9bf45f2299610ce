/// How a key records its accesses in `Entry.access`: Redis's 24-bit `robj.lru` field.
///
/// - LRU: the time of the last access in milliseconds modulo 2^32. Redis keeps seconds
///   in 24 bits (LRU_CLOCK_RESOLUTION 1000 ms, wrapping after 194 days); the entry has 32
///   bits here, and millisecond resolution lets eviction tell apart keys touched within
///   the same second, which at cache request rates is most of them. It wraps after 49.7
///   days: a key idle longer looks younger, as one idle past 194 days does in Redis.
/// - LFU: the last decrement time in minutes modulo 2^16 in the upper 16 bits and a
///   logarithmic access counter in the lower 8 (Redis's `updateLFU`).
///
/// Both live in the entry itself, so an access never allocates.
public struct AccessTracking: Sendable, Equatable {
    /// Whether an LFU policy is configured (otherwise LRU clocks are kept).
    public var usesLFU = false
    /// `lfu-log-factor`: how many hits it takes to saturate the counter.
    public var lfuLogFactor = 10
    /// `lfu-decay-time`: minutes per counter decrement while a key is idle (0: never).
    public var lfuDecayMinutes = 1

    public init(usesLFU: Bool = false, lfuLogFactor: Int = 10, lfuDecayMinutes: Int = 1) {
        self.usesLFU = usesLFU
        self.lfuLogFactor = lfuLogFactor
        self.lfuDecayMinutes = lfuDecayMinutes
    }
}

/// The LRU clock: milliseconds modulo 2^32 (Redis's evict.c keeps seconds modulo 2^24).
public enum LRUClock {
    /// The clock at `nowMs`.
    @inlinable public static func stamp(nowMs: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: nowMs)
    }

    /// Milliseconds since `access` (Redis's `estimateObjectIdleTime`, wrap included).
    @inlinable public static func idleMs(_ access: UInt32, nowMs: Int64) -> UInt64 {
        UInt64(stamp(nowMs: nowMs) &- access)
    }
}

/// Redis's Morris-style logarithmic access counter (evict.c, "LFU").
public enum LFUCounter {
    /// LFU_INIT_VAL: new keys start here so they are not evicted before they can be used.
    public static let initial: UInt8 = 5

    /// Minutes modulo 2^16 (Redis's `LFUGetTimeInMinutes`).
    @inlinable public static func minutes(nowMs: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: nowMs / 60_000) & 0xFFFF
    }

    /// The access field of a key created at `nowMs`.
    @inlinable public static func newKey(nowMs: Int64) -> UInt32 {
        minutes(nowMs: nowMs) << 8 | UInt32(initial)
    }

    /// The counter after decay for the idle periods since the field was stamped
    /// (Redis's `LFUDecrAndReturn`): one step per `decayMinutes` elapsed.
    @inlinable public static func decayed(_ access: UInt32, nowMs: Int64, decayMinutes: Int) -> UInt8 {
        let counter = UInt8(truncatingIfNeeded: access)
        guard decayMinutes > 0 else { return counter }
        let now = minutes(nowMs: nowMs)
        let then = access >> 8 & 0xFFFF
        let elapsed = now >= then ? now - then : 65535 - then + now
        let periods = Int(elapsed) / decayMinutes
        return periods >= Int(counter) ? 0 : counter - UInt8(periods)
    }

    /// The counter after one access (Redis's `LFULogIncr`): it grows with probability
    /// 1 / ((counter - initial) × logFactor + 1); `random` is uniform in [0, 1).
    @inlinable public static func incremented(_ counter: UInt8, logFactor: Int, random: Double) -> UInt8 {
        guard counter < 255 else { return 255 }
        let base = Double(max(0, Int(counter) - Int(initial)))
        let probability = 1.0 / (base * Double(logFactor) + 1)
        return random < probability ? counter + 1 : counter
    }

    /// The access field after an access at `nowMs` (Redis's `updateLFU`).
    @inlinable public static func touched(
        _ access: UInt32, nowMs: Int64, tracking: AccessTracking, random: Double
    ) -> UInt32 {
        let counter = decayed(access, nowMs: nowMs, decayMinutes: tracking.lfuDecayMinutes)
        let next = incremented(counter, logFactor: tracking.lfuLogFactor, random: random)
        return minutes(nowMs: nowMs) << 8 | UInt32(next)
    }
}
