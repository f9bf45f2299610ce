import Raft

/// Test helper: a seeded generator.
enum SplitMix64Box {
    static func make(seed: UInt64) -> SplitMix64 { SplitMix64(seed: seed) }
}
