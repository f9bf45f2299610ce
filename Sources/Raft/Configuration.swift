// Cluster membership (thesis chapter 4). Skiff changes one voter at a time (§4.1): any two
// majorities of configurations that differ by one voter overlap, so no joint consensus is
// needed. Configurations take effect as soon as they are appended to a log, not when they
// commit, and a leader proposes a new one only when the previous one has committed.

/// The servers of the cluster: voters form quorums; learners only receive the log.
public struct Configuration: Sendable, Equatable {
    /// Servers whose acknowledgements count towards commit and election quorums, sorted.
    public private(set) var voters: [NodeID]
    /// Servers that replicate the log without voting (catching up before promotion), sorted.
    public private(set) var learners: [NodeID]

    /// Creates a configuration; duplicates are removed and a voter is never also a learner.
    public init(voters: [NodeID] = [], learners: [NodeID] = []) {
        let voterSet = Array(Set(voters)).sorted()
        self.voters = voterSet
        self.learners = Array(Set(learners).subtracting(voterSet)).sorted()
    }

    /// Number of acknowledgements that form a majority of the voters.
    @inlinable public var quorum: Int { voters.count / 2 + 1 }

    /// Whether `id` votes.
    @inlinable public func isVoter(_ id: NodeID) -> Bool { voters.contains(id) }

    /// Whether `id` is a learner.
    @inlinable public func isLearner(_ id: NodeID) -> Bool { learners.contains(id) }

    /// Whether `id` is part of the configuration at all.
    @inlinable public func contains(_ id: NodeID) -> Bool { isVoter(id) || isLearner(id) }

    /// All members, voters first.
    public var members: [NodeID] { voters + learners }

    /// The configuration after `change`, or nil if the change is not a valid single step.
    public func applying(_ change: ConfigChange) -> Configuration? {
        switch change {
        case .addLearner(let id):
            guard id != 0, !contains(id) else { return nil }
            return Configuration(voters: voters, learners: learners + [id])
        case .addVoter(let id):
            guard id != 0, !isVoter(id) else { return nil }
            return Configuration(voters: voters + [id], learners: learners.filter { $0 != id })
        case .remove(let id):
            guard contains(id) else { return nil }
            let next = Configuration(voters: voters.filter { $0 != id }, learners: learners.filter { $0 != id })
            return next.voters.isEmpty ? nil : next
        }
    }

    /// Serialises the configuration as the payload of a `.configChange` entry:
    /// `[u32 voterCount][u64 voter]...[u32 learnerCount][u64 learner]...`, little-endian.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + 8 * (voters.count + learners.count))
        for list in [voters, learners] {
            appendLittleEndian(UInt64(list.count), width: 4, to: &bytes)
            for id in list { appendLittleEndian(id, width: 8, to: &bytes) }
        }
        return bytes
    }

    /// Parses `encoded()` output; nil if the bytes are malformed.
    public init?(encoded bytes: [UInt8]) {
        var offset = 0
        var lists: [[NodeID]] = []
        for _ in 0..<2 {
            guard let count = readLittleEndian(bytes, &offset, width: 4), count <= 1 << 20 else { return nil }
            var list: [NodeID] = []
            for _ in 0..<count {
                guard let id = readLittleEndian(bytes, &offset, width: 8) else { return nil }
                list.append(id)
            }
            lists.append(list)
        }
        guard offset == bytes.count else { return nil }
        self.init(voters: lists[0], learners: lists[1])
    }
}

/// One membership step, as proposed by an operator (thesis §4.1, §4.2.1).
public enum ConfigChange: Sendable, Equatable {
    /// Adds a non-voting member that receives the log and can later be promoted.
    case addLearner(NodeID)
    /// Adds a voter, or promotes a learner (allowed only once it has caught up).
    case addVoter(NodeID)
    /// Removes a voter or learner; the leader may remove itself (thesis §4.2.2).
    case remove(NodeID)
}

@inline(__always)
func appendLittleEndian(_ value: UInt64, width: Int, to bytes: inout [UInt8]) {
    for shift in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(shift)))) }
}

@inline(__always)
func readLittleEndian(_ bytes: [UInt8], _ offset: inout Int, width: Int) -> UInt64? {
    guard offset + width <= bytes.count else { return nil }
    var value: UInt64 = 0
    for shift in 0..<width { value |= UInt64(bytes[offset + shift]) << (8 * UInt64(shift)) }
    offset += width
    return value
}
