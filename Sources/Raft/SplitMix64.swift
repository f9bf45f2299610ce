// A tiny seeded generator (Steele, Lea, Flood: "Fast splittable pseudorandom number
// generators", 2014). The core must be deterministic for the simulator, so it never
// touches the system's random source.

/// SplitMix64: 64-bit state, full period, good enough for election jitter and simulation.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; advancing it by the golden gamma gives the next output.
    public var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// Returns the next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (bound > 0), by Lemire's multiply-shift.
    @inlinable
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        return next().multipliedFullWidth(by: bound).high
    }

    /// A uniform integer in `range`.
    @inlinable
    public mutating func int(in range: Range<Int>) -> Int {
        range.lowerBound + Int(below(UInt64(range.count)))
    }

    /// True with probability `percent`/100.
    @inlinable
    public mutating func chance(percent: Int) -> Bool { Int(below(100)) < percent }
}
