// Tunables of one Raft server. Every limit has a name and a unit (STYLE.md rule 7).

/// How linearizable reads are confirmed (thesis §6.4).
public enum ReadOnlyMode: Sendable, Equatable {
    /// ReadIndex: each read waits for a heartbeat round acknowledged by a quorum.
    case safe
    /// Leader lease (thesis §6.4.1): while a quorum acknowledged a heartbeat sent less than
    /// `leaseDurationTicks` ago, the leader answers at once; otherwise falls back to `.safe`.
    /// Correct only if clocks drift by less than `RaftConfig.maxClockDriftPercent`.
    case leaseBased
}

/// Known mistakes the simulator can inject to prove that it finds them. All off by default;
/// never enable outside tests.
public struct TestingBugs: OptionSet, Sendable {
    public let rawValue: UInt32
    /// Creates a bug set.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Commit any entry replicated on a majority, ignoring the current-term rule of §5.4.2.
    public static let commitOldTermByCounting = TestingBugs(rawValue: 1 << 0)
    /// Grant a vote even after voting for another candidate in the same term (§5.2).
    public static let doubleVote = TestingBugs(rawValue: 1 << 1)
    /// Treat the lease as valid forever once a quorum acknowledged one heartbeat (§6.4.1).
    public static let leaseReadAfterQuorumLoss = TestingBugs(rawValue: 1 << 2)
    /// Answer ReadIndex with the commit index without confirming leadership (§6.4 step 3).
    public static let readIndexWithoutQuorum = TestingBugs(rawValue: 1 << 3)
    /// Skip the up-to-date log check when granting votes (§5.4.1).
    public static let voteIgnoresLog = TestingBugs(rawValue: 1 << 4)
}

/// Configuration of one Raft server.
public struct RaftConfig: Sendable {
    /// This server's id (never 0).
    public var id: NodeID
    /// Base election timeout T; each timeout is drawn uniformly from [T, 2T) ticks (§5.2).
    public var electionTimeoutTicks: Int
    /// Ticks between heartbeats sent by the leader.
    public var heartbeatIntervalTicks: Int
    /// Append messages in flight to one follower in the replicate state.
    public var maxInflightMessages: Int
    /// Byte limit of entries batched into one append message (at least one entry is sent).
    public var maxMessageBytes: Int
    /// Bytes of snapshot data per InstallSnapshot chunk.
    public var maxSnapshotChunkBytes: Int
    /// A leader that has not heard from a quorum within an election timeout steps down, and
    /// followers that heard from a leader within the minimum timeout ignore votes (§6.2, §4.2.3).
    public var checkQuorum: Bool
    /// Run a pre-vote before incrementing the term (thesis §9.6).
    public var preVote: Bool
    /// How reads are confirmed.
    public var readOnlyMode: ReadOnlyMode
    /// Clock drift between servers that the lease tolerates, in percent of a tick.
    public var maxClockDriftPercent: Int
    /// Seed of the election-timeout generator; mixed with `id` so servers differ.
    public var randomSeed: UInt64
    /// Injected mistakes for the simulator; empty in production.
    public var testingBugs: TestingBugs

    /// Creates a configuration with Skiff's defaults.
    public init(
        id: NodeID,
        electionTimeoutTicks: Int = 10,
        heartbeatIntervalTicks: Int = 1,
        maxInflightMessages: Int = 256,
        maxMessageBytes: Int = 1 << 20,
        maxSnapshotChunkBytes: Int = 1 << 20,
        checkQuorum: Bool = true,
        preVote: Bool = true,
        readOnlyMode: ReadOnlyMode = .safe,
        maxClockDriftPercent: Int = 10,
        randomSeed: UInt64 = 0,
        testingBugs: TestingBugs = []
    ) {
        precondition(id != 0, "node id 0 is reserved")
        precondition(electionTimeoutTicks > heartbeatIntervalTicks && heartbeatIntervalTicks > 0)
        precondition(maxInflightMessages > 0 && maxMessageBytes > 0 && maxSnapshotChunkBytes > 0)
        self.id = id
        self.electionTimeoutTicks = electionTimeoutTicks
        self.heartbeatIntervalTicks = heartbeatIntervalTicks
        self.maxInflightMessages = maxInflightMessages
        self.maxMessageBytes = maxMessageBytes
        self.maxSnapshotChunkBytes = maxSnapshotChunkBytes
        self.checkQuorum = checkQuorum
        self.preVote = preVote
        self.readOnlyMode = readOnlyMode
        self.maxClockDriftPercent = maxClockDriftPercent
        self.randomSeed = randomSeed
        self.testingBugs = testingBugs
    }

    /// Lease length in the leader's ticks. A follower that acknowledged a heartbeat refuses
    /// votes for `electionTimeoutTicks` of its own ticks after receiving it (at least T-1
    /// full ticks); the lease must end before that on the fastest-drifting clock:
    /// `lease * (100 + drift) <= (T - 1) * (100 - drift)`.
    public var leaseDurationTicks: Int {
        let drift = max(0, min(maxClockDriftPercent, 50))
        return max(0, (electionTimeoutTicks - 1) * (100 - drift) / (100 + drift))
    }
}
