// ClusterNode: one replicated Skiff node on the event loop (DESIGN §3, §6, §8).
//
// It owns the Raft core and drives it: a repeating timer ticks it, peer frames step it,
// client writes become proposals (or forwards to the leader), and a `beforeSleep` hook
// handles each Ready exactly as `RaftNode` documents — persist through the log store
// (asynchronously), then send, apply, answer reads, advance. Everything runs on the loop
// thread; the only thing that crosses threads is the log store's completion, which the
// store delivers on the loop.
//
// At most once: every write carries (origin node, request id). The replicated state keeps
// per origin the ids recently applied and skips a duplicate, so a forward re-sent after a
// timeout or a leader change never applies twice, and the reply is written only by the
// origin node from its own apply, to the request waiting under that id.

import EventLoop
import Raft
import RESP
import SystemCalls

/// One node of a Skiff cluster (a single node is a one-member cluster on the same path).
public final class ClusterNode {
    /// Settings.
    public let configuration: ClusterConfiguration
    let loop: EventLoop
    let store: LogStore
    let log: (String) -> Void
    var raft: RaftNode
    let state: ReplicatedState
    var transport: PeerTransport!
    /// The wall clock that stamps proposals (replaceable in tests), through `entryClock`.
    var wallClockMs: () -> Int64 = Clock.wallMs
    var entryClock = EntryClock()
    /// The wall clock and `entryClock` differ by more than an election timeout (logged once).
    var wallClockJumped = false

    // Ready handling.
    var readyInFlight = false
    var processingReady = false
    /// Durable Readies whose committed entries, reads and role change wait to be applied.
    var persistedToApply: [Ready] = []
    var started = false
    var tickTimer: UInt64?
    /// Monotonic time up to which Raft has been ticked (see `catchUpTicks`).
    var tickedUntilMs: Int64 = 0
    /// Index and configuration of what the state machine reflects.
    var appliedIndex: UInt64
    var appliedConfiguration: Configuration
    var snapshotInFlight = false
    /// Bytes of entries applied since the last snapshot was taken.
    var bytesSinceSnapshot: UInt64 = 0
    /// Term and vote last handed to the store (the commit index is only a hint).
    var lastSubmittedHardState: HardState
    /// After a failed save, no new snapshot before this (monotonic ms).
    var snapshotRetryAtMs: Int64 = 0
    var pendingCompaction: (index: UInt64, data: [UInt8])?

    // Writes waiting for their entry to apply, by request id.
    var pendingWrites: [UInt64: PendingWrite] = [:]
    var nextRequestID: UInt64
    var lastExpiryIndex: UInt64 = 0
    /// Runs on the leader before it proposes a write forwarded by a follower: the server
    /// frees memory first, so the eviction entry precedes the write in the log.
    public var beforeProposingWrite: (() -> Void)?

    // Read barriers.
    var readsToRequest: [ReadWaiter] = []
    var readRounds: [UInt64: ReadRound] = [:]
    var readsAwaitingApply: [(index: UInt64, waiters: [ReadWaiter])] = []
    var nextReadContext: UInt64 = 1

    // Commit index each follower was last told, and bump rounds started (see CommitBump).
    var commitTold: [NodeID: UInt64] = [:]
    var nextCommitBump: UInt64 = 0

    // Membership operations in progress.
    var membershipTasks: [MembershipTask] = []

    /// Called after each batch of committed entries (or a snapshot) is applied here: the
    /// server wakes clients blocked on keys those entries created.
    public var afterApply: (() -> Void)?

    // Leadership transfer.
    var transferWaiters: [(deadlineMs: Int64, completion: () -> Void)] = []

    /// Creates a node over `stateMachine` (the keyspace and command table) and `store`.
    /// Nothing happens until `start()`.
    public init(configuration: ClusterConfiguration, loop: EventLoop, stateMachine: StateMachine, store: LogStore,
                log: @escaping (String) -> Void) throws {
        self.configuration = configuration
        self.loop = loop
        self.store = store
        self.log = log
        state = ReplicatedState(machine: stateMachine, capacityPerOrigin: configuration.recentRequestsPerOrigin)
        let bootstrap = Configuration(voters: configuration.members.map(\.id))
        let initial = configuration.joinExisting ? RecoveredState.joining : RecoveredState.bootstrap(voters: bootstrap.voters)
        var recovered = store.recoveredState() ?? initial
        if recovered.snapshot.metadata.index == 0 {
            // Static bootstrap (DESIGN §6): the configuration before the first entry is the
            // member list every node was started with. A server that joined later knows no
            // configuration but what its log holds (the entries that added it).
            recovered.snapshot.metadata.configuration = initial.snapshot.metadata.configuration
        } else {
            try state.restore(from: recovered.snapshot.data)
        }
        lastSubmittedHardState = recovered.hardState
        appliedIndex = recovered.snapshot.metadata.index
        appliedConfiguration = recovered.snapshot.metadata.configuration
        let raftConfig = RaftConfig(
            id: configuration.nodeID, electionTimeoutTicks: configuration.electionTimeoutTicks,
            heartbeatIntervalTicks: configuration.heartbeatIntervalTicks,
            readOnlyMode: configuration.readConsistency == .lease ? .leaseBased : .safe,
            randomSeed: configuration.randomSeed)
        raft = RaftNode(config: raftConfig, recovered: recovered)
        // Ids unique across restarts without persisting a counter: wall-clock ms × 2^20
        // leaves room for a million requests per millisecond of uptime.
        nextRequestID = UInt64(max(1, Clock.wallMs())) << 20
    }

    /// Opens the peer port, dials the peers and starts ticking.
    public func start() throws {
        precondition(!started && transport == nil, "start() called twice")
        started = true
        let peers = configuration.members.map { PeerAddress(id: $0.id, host: $0.host, port: $0.peerPort) }
        let me = configuration.member(configuration.nodeID)
        let transportConfiguration = PeerTransportConfiguration(
            nodeID: configuration.nodeID, clusterID: configuration.clusterID,
            listenHost: configuration.peerListenHost, listenPort: me?.peerPort ?? 0, secret: configuration.secret,
            maxFrameBytes: configuration.maxPeerFrameBytes, maxQueueBytesPerPeer: configuration.maxPeerQueueBytes)
        transport = PeerTransport(configuration: transportConfiguration, peers: peers, loop: loop, log: log) {
            [unowned self] peer, frame in self.receive(frame, from: peer)
        }
        transport.onPeerLost = { [unowned self] peer in raft.peerConnectionLost(peer) }
        // Ready handling goes first among the hooks: the transport's flush then sends this
        // turn's messages, and the server's flush writes the replies applied this turn.
        loop.beforeSleep.insert({ [weak self] in self?.processReady() }, at: 0)
        try transport.start()
        dialReplicatedAddresses()
        tickedUntilMs = Clock.monotonicMs()
        tickTimer = loop.addTimer(afterMs: configuration.tickIntervalMs, repeatMs: configuration.tickIntervalMs) {
            [weak self] in self?.tick()
        }
        log("cluster node \(configuration.nodeID) started: \(appliedConfiguration.voters.count) voters, term \(raft.term)")
    }

    /// Stops ticking and closes the peer links; pending requests get an error.
    public func stop() {
        started = false
        if let timer = tickTimer { loop.cancelTimer(timer) }
        tickTimer = nil
        transport?.stop()
        failAllPending(message: "CLUSTERDOWN This node is shutting down")
    }

    // MARK: Observability (INFO replication / raft)

    /// This node's role.
    public var role: Role { raft.role }
    /// The leader this node knows of, 0 if none.
    public var leaderID: NodeID { raft.leaderID }
    /// Whether this node is the leader.
    public var isLeader: Bool { raft.role == .leader }
    /// Whether reads must pass `readBarrier` first (every mode but `stale`).
    public var readsNeedBarrier: Bool { configuration.readConsistency != .stale }
    /// Client address of the leader (INFO `master_host`/`master_port`, redirects).
    public var leaderClientAddress: (host: String, port: Int)? {
        guard raft.leaderID != 0, let member = member(raft.leaderID) else { return nil }
        return (member.host, member.clientPort)
    }

    /// Where member `id` is reached: from the log for servers added later, else from the
    /// bootstrap list.
    public func member(_ id: NodeID) -> ClusterMember? {
        state.addresses[id] ?? configuration.member(id)
    }
    /// Current term.
    public var term: UInt64 { raft.term }
    /// Highest index known committed.
    public var commitIndex: UInt64 { raft.commitIndex }
    /// Highest index applied to the state machine.
    public var lastAppliedIndex: UInt64 { appliedIndex }
    /// Last index in the log.
    public var lastLogIndex: UInt64 { raft.lastIndex }
    /// Voters and learners of the latest configuration.
    public var members: Configuration { raft.configuration }
    /// Voters and learners of the configuration applied here (committed).
    public var appliedMembers: Configuration { appliedConfiguration }
    /// The leader's view of each follower's log (empty unless leader): INFO raft's match index.
    public var peerMatchIndexes: [(id: NodeID, matchIndex: UInt64)] {
        raft.peerProgress.map { ($0.id, $0.progress.match) }
    }
    /// Writes waiting for commit on this node.
    public var pendingWriteCount: Int { pendingWrites.count }
    /// Peer transport counters.
    public var transportStatistics: PeerTransportStatistics { transport?.statistics ?? PeerTransportStatistics() }

    /// Fault injection for tests: cut this node off from every peer (both directions).
    public var isIsolated: Bool {
        get { transport?.isIsolated ?? false }
        set { transport?.isIsolated = newValue }
    }

    // MARK: Leadership transfer

    /// Hands leadership to the most up-to-date voter (graceful shutdown, DESIGN §9) and calls
    /// `completion` once this node is no longer leader or an election timeout has passed.
    /// Calls it at once when this node is not the leader.
    public func transferLeadership(completion: @escaping () -> Void) {
        guard raft.role == .leader else { return completion() }
        let candidates = raft.peerProgress.filter { raft.configuration.isVoter($0.id) }
        guard let target = candidates.max(by: { $0.progress.match < $1.progress.match }) else {
            return completion()
        }
        do {
            try raft.transferLeadership(to: target.id)
        } catch {
            log("leadership transfer to \(target.id) refused: \(error)")
            return completion()
        }
        log("transferring leadership to node \(target.id)")
        let waitMs = configuration.tickIntervalMs * Int64(configuration.electionTimeoutTicks) * 2
        transferWaiters.append((loop.nowMs + waitMs, completion))
    }

    // MARK: Ticking

    /// Ticks Raft once per tick interval of monotonic time since the last tick. The loop's
    /// repeating timer fires once after any stall, so a process that was stopped (SIGSTOP,
    /// a paused VM) would otherwise come back believing no time had passed: its leader
    /// lease, counted in ticks, would outlive the followers' election timeouts, and it
    /// would serve stale lease reads (found by Tests/faults, register-lease).
    func catchUpTicks() {
        let dueTicks = (Clock.monotonicMs() - tickedUntilMs) / configuration.tickIntervalMs
        guard dueTicks > 0 else { return }
        tickedUntilMs += dueTicks * configuration.tickIntervalMs
        // Past two election timeouts more ticks change nothing: the lease and every timeout
        // have run out.
        for _ in 0..<min(dueTicks, Int64(2 * configuration.electionTimeoutTicks)) { raft.tick() }
    }

    func tick() {
        catchUpTicks()
        noteWallClockJump()
        let nowMs = Clock.monotonicMs()
        retryPendingWrites(nowMs: nowMs)
        retryReads(nowMs: nowMs)
        advanceMembershipTasks(nowMs: nowMs)
        promoteOrphanLearners()
        if !transferWaiters.isEmpty {
            let done = raft.role != .leader
            let waiters = transferWaiters
            transferWaiters.removeAll()
            for waiter in waiters {
                if done || nowMs >= waiter.deadlineMs { waiter.completion() } else { transferWaiters.append(waiter) }
            }
        }
    }

    // MARK: Peer frames

    func receive(_ frame: PeerFrame, from peer: NodeID) {
        switch frame {
        case .raft(let message):
            raft.step(message)
            if case .appendResponse(let response) = message.kind, !response.reject { bumpCommitIfBehind(peer) }
        case .forwardRequest(let request):
            acceptForward(request)
        case .forwardAck(let requestID, _):
            pendingWrites[requestID]?.acknowledged = true
        case .forwardError(let requestID, _, let message):
            guard var write = pendingWrites[requestID] else { return }
            // Route again at the next tick, to whoever leads then.
            write.sentTo = 0
            pendingWrites[requestID] = write
            log("write \(requestID) refused by node \(peer): \(message)")
        case .hello, .challenge, .authResponse, .welcome:
            break
        }
    }
}
