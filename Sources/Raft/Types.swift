// Value types of the Raft core: log entries, durable state, snapshots, read states.
// Everything here is plain data so it can cross threads (`Sendable`) and be encoded by
// the storage and transport layers without the core's involvement.

/// Identifies one server of the cluster. 0 is reserved for "none".
public typealias NodeID = UInt64

/// What a log entry carries (Raft thesis §3.5; §4.1 for configuration entries).
public enum EntryKind: UInt8, Sendable {
    /// Application data, applied to the replicated state machine.
    case normal = 0
    /// The empty entry a new leader appends at the start of its term (thesis §6.4, §5.4.2).
    case noop = 1
    /// A whole new `Configuration`, encoded by `Configuration.encoded()` (thesis §4.1).
    case configChange = 2
}

/// One log entry. `(index, term)` identifies it uniquely across the cluster (§5.3, Log Matching).
public struct Entry: Sendable, Equatable {
    /// Term of the leader that created the entry.
    public var term: UInt64
    /// Position in the log, starting at 1.
    public var index: UInt64
    /// What the entry carries.
    public var kind: EntryKind
    /// Opaque payload for `.normal`; an encoded `Configuration` for `.configChange`.
    public var data: [UInt8]

    /// Creates an entry.
    public init(term: UInt64, index: UInt64, kind: EntryKind = .normal, data: [UInt8] = []) {
        self.term = term
        self.index = index
        self.kind = kind
        self.data = data
    }

    /// Approximate size on the wire, used for batching limits (`maxMessageBytes`).
    @inlinable public var approximateBytes: Int { data.count + 24 }
}

/// The state that must be durable before messages that depend on it are sent (Figure 2).
public struct HardState: Sendable, Equatable {
    /// Latest term this server has seen.
    public var term: UInt64
    /// Candidate voted for in `term`, 0 for none.
    public var vote: NodeID
    /// Highest index known committed. Persisting it is an optimisation (restart applies sooner).
    public var commit: UInt64

    /// Creates a hard state.
    public init(term: UInt64 = 0, vote: NodeID = 0, commit: UInt64 = 0) {
        self.term = term
        self.vote = vote
        self.commit = commit
    }
}

/// Describes a snapshot: the last entry it covers and the configuration at that entry (§7).
public struct SnapshotMetadata: Sendable, Equatable {
    /// Index of the last entry covered by the snapshot.
    public var index: UInt64
    /// Term of that entry.
    public var term: UInt64
    /// Cluster configuration as of `index`.
    public var configuration: Configuration

    /// Creates snapshot metadata.
    public init(index: UInt64, term: UInt64, configuration: Configuration) {
        self.index = index
        self.term = term
        self.configuration = configuration
    }
}

/// A snapshot of the application's state machine plus its metadata.
public struct Snapshot: Sendable, Equatable {
    /// What the snapshot covers.
    public var metadata: SnapshotMetadata
    /// Opaque state-machine image produced by the application.
    public var data: [UInt8]

    /// Creates a snapshot.
    public init(metadata: SnapshotMetadata, data: [UInt8]) {
        self.metadata = metadata
        self.data = data
    }
}

/// The answer to a `readIndex(context:)` request (thesis §6.4): once the local state machine
/// has applied `index`, a read issued with `context` may be served linearizably.
public struct ReadState: Sendable, Equatable {
    /// The caller's request identifier, echoed back.
    public var context: UInt64
    /// The commit index the read must wait for.
    public var index: UInt64

    /// Creates a read state.
    public init(context: UInt64, index: UInt64) {
        self.context = context
        self.index = index
    }
}

/// The role a server plays (Figure 2, plus the pre-candidate of thesis §9.6).
public enum Role: UInt8, Sendable {
    case follower, preCandidate, candidate, leader
}

/// Volatile state worth reporting when it changes (observability, client redirection).
public struct SoftState: Sendable, Equatable {
    /// The server's current role.
    public var role: Role
    /// The leader this server follows in its current term, 0 if unknown.
    public var leader: NodeID

    /// Creates a soft state.
    public init(role: Role, leader: NodeID) {
        self.role = role
        self.leader = leader
    }
}

/// Why a proposal, read or membership change was refused. Each case says what to do next.
public enum ProposalError: Error, Sendable, Equatable {
    /// Only the leader accepts proposals; `leaderHint` is the known leader or 0.
    case notLeader(leaderHint: NodeID)
    /// Leadership is being handed over (TimeoutNow sent); retry at the new leader.
    case transferInProgress
    /// A configuration change is uncommitted, or this leader has not yet committed an
    /// entry of its term (thesis §4.1 and the 2015 raft-dev fix); retry shortly.
    case configChangeInProgress
    /// The change would alter more than one voter at a time, empty the voter set, or names
    /// an unknown/duplicate server.
    case invalidConfigChange
    /// A learner may be promoted only once its log has caught up (thesis §4.2.1).
    case learnerNotCaughtUp
    /// No leader is known, so a follower cannot forward a read.
    case noLeader
}
