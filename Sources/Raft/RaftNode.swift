// RaftNode: the consensus core of one server as a pure state machine (etcd/raft's design).
//
// The application owns all I/O. It drives the node with four inputs:
//   - `tick()`             every heartbeat period of logical time (Skiff: 100 ms);
//   - `step(message)`      for each message received from a peer;
//   - `propose(data)`, `proposeMembershipChange(_:)`, `readIndex(context:)`,
//     `transferLeadership(to:)` for requests from clients and operators;
// and collects the node's decisions as a `Ready`:
//
//     while node.hasReady {
//         let rd = node.ready()
//         1. persist, in this order: rd.snapshotToPersist (replaces the whole log and state
//            machine), rd.entriesToPersist (overwrite semantics: an entry at index i replaces
//            the durable entry at i and every entry after it), then rd.hardState; fsync.
//         2. only then send rd.messages. Every message of a Ready may depend on the state
//            persisted in step 1 of the same or an earlier Ready (votes on the vote, append
//            acknowledgements on the entries, §5.2/§5.3, Figure 2 "respond after storing").
//            Readies must therefore be handled strictly in order. The exception: when
//            rd.messagesMayPrecedePersistence (a leader's appends and heartbeats), they may
//            go out as soon as the Ready is handed to storage, in parallel with step 1.
//         3. apply rd.committedEntries in order (they may include entries of step 1), and
//            answer reads of rd.readStates once their index is applied.
//         node.advance(rd)
//     }
//
// `advance` may come right after step 2, before step 3, so that the next Ready's
// persistence overlaps this one's applying: committed entries are handed out once, in
// order, and the application applies them in the order it received them.
//
// Between `ready()` and `advance(_:)` the application may keep calling `step`, `tick` and
// `propose` (for example while a WAL writer thread syncs); `hasReady` stays false until
// `advance`. The leader counts its own entries towards commit only once `advance` has
// confirmed them durable.
//
// Log compaction: once the state machine has applied index i and the application has saved
// a snapshot of it durably, it calls `compact(upTo: i, snapshotData:)`; the core drops its
// entries through i and sends that snapshot, in chunks, to followers that need them (§7).
//
// Restart: the application passes what it has durably (`RecoveredState`): hard state, the
// latest snapshot (index 0 with the bootstrap configuration for a new cluster) and the
// entries after it. The state machine restarts from the snapshot; committed entries after it
// are handed out again in `committedEntries`.

/// Durable state handed to a `RaftNode` at start.
public struct RecoveredState: Sendable {
    /// Last persisted hard state.
    public var hardState: HardState
    /// Latest durable snapshot; index 0 carries the bootstrap configuration.
    public var snapshot: Snapshot
    /// Durable entries after the snapshot, contiguous.
    public var entries: [Entry]

    /// Creates a recovered state.
    public init(hardState: HardState, snapshot: Snapshot, entries: [Entry]) {
        self.hardState = hardState
        self.snapshot = snapshot
        self.entries = entries
    }

    /// A brand-new cluster whose first configuration is `voters` (static bootstrap, DESIGN §6).
    public static func bootstrap(voters: [NodeID]) -> RecoveredState {
        let metadata = SnapshotMetadata(index: 0, term: 0, configuration: Configuration(voters: voters))
        return RecoveredState(hardState: HardState(), snapshot: Snapshot(metadata: metadata, data: []), entries: [])
    }

    /// A new server that will join an existing cluster: it knows no configuration and waits
    /// for the leader to replicate one to it (it never campaigns before that).
    public static var joining: RecoveredState { bootstrap(voters: []) }
}

/// What the application must do now; see the contract at the top of this file.
public struct Ready: Sendable {
    /// Role or leader changed since the last Ready.
    public var softState: SoftState?
    /// Hard state to persist, if it changed.
    public var hardState: HardState?
    /// A snapshot received from the leader: persist it, replace the log and the state machine.
    public var snapshotToPersist: Snapshot?
    /// Entries to persist, with overwrite semantics.
    public var entriesToPersist: [Entry]
    /// Messages to send once this Ready's state is durable — or at once, when
    /// `messagesMayPrecedePersistence` says so.
    public var messages: [Message]
    /// All of `messages` are a leader's appends and heartbeats in a term whose vote is
    /// already durable, so they may go out while this Ready is still being persisted: the
    /// leader writes its log in parallel with replicating it (Raft thesis §10.2.1). They
    /// depend on nothing this Ready persists — the commit index they carry counts the
    /// leader's own entries only once `advance` confirmed them durable.
    public var messagesMayPrecedePersistence = false
    /// Every entry of `committedEntries` is already durable here (persisted by earlier
    /// Readies; always so on a leader, whose entries count towards commit only once
    /// durable): they may be applied while this Ready is still being persisted.
    public var committedEntriesAreDurable = false
    /// Entries to apply, in order.
    public var committedEntries: [Entry]
    /// Reads that may be served once their index is applied.
    public var readStates: [ReadState]

    /// Creates a Ready (the core builds them; tests and storage layers may too).
    public init(softState: SoftState? = nil, hardState: HardState? = nil, snapshotToPersist: Snapshot? = nil,
                entriesToPersist: [Entry] = [], messages: [Message] = [], committedEntries: [Entry] = [],
                readStates: [ReadState] = []) {
        self.softState = softState
        self.hardState = hardState
        self.snapshotToPersist = snapshotToPersist
        self.entriesToPersist = entriesToPersist
        self.messages = messages
        self.committedEntries = committedEntries
        self.readStates = readStates
    }
}

/// The Raft consensus core of one server.
public struct RaftNode: Sendable {
    /// The server's configuration.
    public let config: RaftConfig
    /// Current term (§5.1).
    public internal(set) var term: UInt64
    /// Candidate voted for in `term`, 0 for none.
    public internal(set) var vote: NodeID
    /// Leader of `term` as far as this server knows, 0 if unknown.
    public internal(set) var leaderID: NodeID
    /// Current role.
    public internal(set) var role: Role
    /// Latest configuration in the log (used as soon as appended, thesis §4.1).
    public internal(set) var configuration: Configuration
    /// Logical time: ticks since this node was created.
    public internal(set) var nowTicks: UInt64
    /// Target of an ongoing leader transfer, 0 if none.
    public internal(set) var leadTransferee: NodeID
    /// Set instead of crashing when `testingBugs` produced a state the core's own
    /// preconditions forbid, so that the simulator reports it.
    public internal(set) var internalViolation: String?

    var log: RaftLog
    var baseConfiguration: Configuration
    var configHistory: [(index: UInt64, configuration: Configuration)] = []
    var progress: [Progress] = []
    var votesReceived: [NodeID: Bool] = [:]
    var electionElapsedTicks = 0
    var heartbeatElapsedTicks = 0
    var randomizedElectionTimeoutTicks = 0
    var transferElapsedTicks = 0
    var rng: SplitMix64
    var messages: [Message] = []
    var readStates: [ReadState] = []
    var reads = ReadOnlyState()
    var snapshot: Snapshot?
    var snapshotToPersist: Snapshot?
    var incomingSnapshot: Snapshot?
    var lastHardState: HardState
    var lastSoftState: SoftState
    var awaitingAdvance = false
    var needsBroadcast = false
    var scratch: [UInt64] = []

    /// Creates a node from its durable state.
    public init(config: RaftConfig, recovered: RecoveredState) {
        self.config = config
        let metadata = recovered.snapshot.metadata
        term = recovered.hardState.term
        vote = recovered.hardState.vote
        leaderID = 0
        role = .follower
        nowTicks = 0
        leadTransferee = 0
        log = RaftLog(snapshotIndex: metadata.index, snapshotTerm: metadata.term,
                      entries: recovered.entries, committed: recovered.hardState.commit)
        // A crash can keep a batch's entries but tear off the hard state written after them.
        // Nothing was sent for that batch (messages wait for the sync), so no vote was cast
        // in the entries' term; but the node must not campaign in that term, or a second
        // leader could append different entries with the same (index, term).
        if log.lastTerm > term {
            term = log.lastTerm
            vote = 0
        }
        baseConfiguration = metadata.configuration
        configuration = metadata.configuration
        rng = SplitMix64(seed: config.randomSeed ^ (config.id &* 0x9E37_79B9_7F4A_7C15))
        snapshot = metadata.index > 0 ? recovered.snapshot : nil
        lastHardState = recovered.hardState
        lastSoftState = SoftState(role: .follower, leader: 0)
        noteConfigurations(in: recovered.entries)
        resetElectionTimer()
    }

    // MARK: Observability

    /// Highest index known committed.
    public var commitIndex: UInt64 { log.committed }
    /// Highest index handed to the application for applying.
    public var appliedIndex: UInt64 { log.applied }
    /// Index of the last entry in the log.
    public var lastIndex: UInt64 { log.lastIndex }
    /// Term of the last entry in the log.
    public var lastTerm: UInt64 { log.lastTerm }
    /// Highest index confirmed durable through `advance`.
    public var persistedIndex: UInt64 { log.persisted }
    /// The compaction point: entries through this index live only in the snapshot.
    public var snapshotIndex: UInt64 { log.snapshotIndex }
    /// Term of the entry at `index`, nil if compacted or absent.
    public func term(at index: UInt64) -> UInt64? { log.term(at: index) }
    /// The entry at `index`, nil if compacted or absent.
    public func entry(at index: UInt64) -> Entry? { log.entry(at: index) }
    /// Current hard state.
    public var hardState: HardState { HardState(term: term, vote: vote, commit: log.committed) }
    /// Current soft state.
    public var softState: SoftState { SoftState(role: role, leader: leaderID) }
    /// The leader's view of every other member (empty unless leader).
    public var peerProgress: [(id: NodeID, progress: Progress)] { progress.map { ($0.id, $0) } }
    /// Whether a lease read would be answered locally right now.
    public var isLeaseValid: Bool { leaseIsValid() }
    /// Whether this server may campaign: it is a voter of its latest configuration.
    public var isPromotable: Bool { configuration.isVoter(config.id) }

    // MARK: Ready / advance

    /// Whether `ready()` has anything to hand out (false while a Ready awaits `advance`).
    public var hasReady: Bool {
        if awaitingAdvance { return false }
        return needsBroadcast || !messages.isEmpty || log.unstableFrom <= log.lastIndex
            || log.committed > log.applied || snapshotToPersist != nil || !readStates.isEmpty
            || hardState != lastHardState || softState != lastSoftState
    }

    /// Hands out what to persist, send and apply. Call `advance(_:)` when done.
    public mutating func ready() -> Ready {
        precondition(!awaitingAdvance, "ready() called twice without advance()")
        if needsBroadcast {
            needsBroadcast = false
            if role == .leader { broadcastAppend() }
        }
        let hard = hardState
        let soft = softState
        var rd = Ready(
            softState: soft != lastSoftState ? soft : nil,
            hardState: hard != lastHardState ? hard : nil,
            snapshotToPersist: snapshotToPersist,
            entriesToPersist: log.takeUnstable(),
            messages: messages,
            committedEntries: log.takeCommitted(maxCount: 1 << 16),
            readStates: readStates)
        // Same term and vote as the previous Ready, which is durable before this one is
        // handed to storage (Readies persist in order): a leader throughout, whose term
        // needs nothing from this Ready.
        rd.messagesMayPrecedePersistence = role == .leader && !messages.isEmpty
            && hard.term == lastHardState.term && hard.vote == lastHardState.vote && rd.snapshotToPersist == nil
            && messages.allSatisfy(\.isLeaderReplication)
        rd.committedEntriesAreDurable = rd.snapshotToPersist == nil
            && (rd.committedEntries.last.map { $0.index <= log.persisted } ?? false)
        lastHardState = hard
        lastSoftState = soft
        snapshotToPersist = nil
        messages = []
        readStates = []
        awaitingAdvance = true
        return rd
    }

    /// Acknowledges that `rd` was persisted, sent and applied.
    public mutating func advance(_ rd: Ready) {
        precondition(awaitingAdvance, "advance() without ready()")
        awaitingAdvance = false
        if let snap = rd.snapshotToPersist, snap.metadata.index == log.snapshotIndex {
            log.persisted = max(log.persisted, snap.metadata.index)
        }
        if let last = rd.entriesToPersist.last, log.term(at: last.index) == last.term {
            log.persisted = max(log.persisted, min(last.index, log.unstableFrom - 1))
        }
        if role == .leader && maybeCommit() { commitAdvanced() }
    }

    // MARK: Compaction

    /// Drops log entries through `index`, which the application has applied and saved durably
    /// in a snapshot whose state-machine image is `snapshotData` (§7). The core keeps that
    /// snapshot to send to followers that fall behind the compaction point.
    /// Returns the snapshot now held (nil if `index` is not past the compaction point).
    @discardableResult
    public mutating func compact(upTo index: UInt64, snapshotData: [UInt8]) -> Snapshot? {
        guard index > log.snapshotIndex else { return nil }
        precondition(index <= log.applied && index <= log.persisted, "compact beyond applied or persisted index")
        let metadata = SnapshotMetadata(index: index, term: log.term(at: index)!,
                                        configuration: configuration(at: index))
        snapshot = Snapshot(metadata: metadata, data: snapshotData)
        baseConfiguration = metadata.configuration
        configHistory.removeAll { $0.index <= index }
        log.compact(through: index)
        return snapshot
    }

    // MARK: Time

    /// Advances logical time by one tick: elections on followers, heartbeats and
    /// check-quorum on leaders.
    public mutating func tick() {
        nowTicks += 1
        if role == .leader {
            tickLeader()
        } else {
            electionElapsedTicks += 1
            if isPromotable && electionElapsedTicks >= randomizedElectionTimeoutTicks {
                campaign(preVote: config.preVote, transfer: false)
            }
        }
    }

    mutating func tickLeader() {
        heartbeatElapsedTicks += 1
        electionElapsedTicks += 1
        if leadTransferee != 0 {
            transferElapsedTicks += 1
            // §3.10: abort a transfer that did not complete within an election timeout.
            if transferElapsedTicks >= config.electionTimeoutTicks { leadTransferee = 0 }
        }
        if electionElapsedTicks >= config.electionTimeoutTicks {
            electionElapsedTicks = 0
            // §6.2 check-quorum: a leader cut off from a majority steps down, so clients
            // can find the new leader and its lease cannot outlive its authority.
            if config.checkQuorum {
                if !quorumActive() {
                    becomeFollower(term: term, leader: 0)
                    return
                }
                for i in progress.indices { progress[i].recentActive = false }
            }
        }
        if heartbeatElapsedTicks >= config.heartbeatIntervalTicks {
            heartbeatElapsedTicks = 0
            broadcastHeartbeat()
        }
    }

    // MARK: Helpers shared by the extensions

    mutating func send(to: NodeID, _ kind: Message.Kind) {
        messages.append(Message(from: config.id, to: to, term: term, kind: kind))
    }

    mutating func resetElectionTimer() {
        electionElapsedTicks = 0
        let base = config.electionTimeoutTicks
        randomizedElectionTimeoutTicks = base + rng.int(in: 0..<base)
    }

    func progressIndex(of id: NodeID) -> Int? {
        for i in progress.indices where progress[i].id == id { return i }
        return nil
    }

    /// Whether a follower should ignore a vote request because it heard from a leader less
    /// than an election timeout ago (thesis §4.2.3, needed by the lease of §6.4.1). With
    /// lease reads, a server that just started treats its boot as such contact: it may have
    /// acknowledged a lease round just before crashing. (All servers of a cluster must use
    /// the same `readOnlyMode`.)
    var inLease: Bool {
        guard config.checkQuorum else { return false }
        if config.readOnlyMode == .leaseBased && nowTicks < UInt64(config.electionTimeoutTicks) { return true }
        return leaderID != 0 && electionElapsedTicks < config.electionTimeoutTicks
    }
}
