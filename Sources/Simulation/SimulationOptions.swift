import Raft

/// What one simulated run does. Everything not given here is drawn from the seed.
public struct SimulationOptions: Sendable {
    /// The seed that drives the whole run.
    public var seed: UInt64
    /// Initial voters (3 or 5); one more server is kept for membership changes.
    public var nodeCount: Int
    /// Mistakes injected into every server's core.
    public var bugs: TestingBugs
    /// Read mode of the cluster; nil draws it from the seed.
    public var readMode: ReadOnlyMode?
    /// Check-quorum and pre-vote of every server; nil draws them from the seed (a quarter of
    /// runs go without check-quorum, and then without leases, which need it).
    public var checkQuorum: Bool?
    public var preVote: Bool?
    /// The application's Ready handling: pipelined (ClusterNode's: a leader's appends leave
    /// before its fsync, the next Ready is written while the previous applies, durable
    /// committed entries apply at once) or strictly sequential (persist, send, apply,
    /// advance). Nil draws it from the seed: both orders must be safe, and each reaches
    /// schedules the other rarely does.
    public var pipelined: Bool?
    /// Simulated time with faults.
    public var faultDurationMs: Int64
    /// Simulated time after every fault healed, within which the cluster must recover.
    public var healDurationMs: Int64
    /// Concurrent clients.
    public var clientCount: Int
    /// Collect a readable trace.
    public var trace: Bool

    /// Creates options with the defaults of `skiff-sim`.
    public init(seed: UInt64, nodeCount: Int = 3, bugs: TestingBugs = [], readMode: ReadOnlyMode? = nil,
                checkQuorum: Bool? = nil, preVote: Bool? = nil,
                faultDurationMs: Int64 = 3000, healDurationMs: Int64 = 2500, clientCount: Int = 3, trace: Bool = false) {
        self.seed = seed
        self.checkQuorum = checkQuorum
        self.preVote = preVote
        self.nodeCount = nodeCount
        self.bugs = bugs
        self.readMode = readMode
        self.faultDurationMs = faultDurationMs
        self.healDurationMs = healDurationMs
        self.clientCount = clientCount
        self.trace = trace
    }
}

/// The outcome of one run.
public struct SimulationResult: Sendable {
    /// The run's seed.
    public var seed: UInt64
    /// Safety or liveness violations found (empty if none); the run stops at the first.
    public var violations: [String]
    /// Readable trace when `SimulationOptions.trace` was set.
    public var trace: [String]
    /// Counters for the curious.
    public var committedEntries: UInt64 = 0
    public var completedWrites = 0
    public var completedReads = 0
    public var indeterminateWrites = 0
    public var crashes = 0
    public var partitions = 0
    public var membershipChanges = 0
    public var leaderTransfers = 0
    public var snapshotsInstalled = 0
    public var maxTerm: UInt64 = 0
    public var linearizabilityUnknownKeys = 0
    /// One-line summary of the run's parameters.
    public var parameters = ""
}
