// Storage's own value types. The Raft module is written in parallel; the server maps
// Raft's `Entry` and `HardState` to these with a small adapter, so this module depends on
// nothing but their shapes.

/// One Raft log entry as stored: `kind` and `data` are opaque to storage.
public struct StoredEntry: Equatable, Sendable {
    /// The leader's term when the entry was created.
    public var term: UInt64
    /// Position in the log, from 1.
    public var index: UInt64
    /// The entry's kind (normal, configuration change, …) as the Raft module numbers it.
    public var kind: UInt8
    /// The command bytes, opaque to storage.
    public var data: [UInt8]

    /// An entry; `kind` 0 is whatever the Raft adapter calls a normal entry.
    public init(term: UInt64, index: UInt64, kind: UInt8 = 0, data: [UInt8]) {
        self.term = term
        self.index = index
        self.kind = kind
        self.data = data
    }
}

/// The state Raft must persist before answering any message (Raft §5.1, figure 2):
/// current term, the vote in it (0 = none), and the commit index as a hint for restart.
public struct StoredHardState: Equatable, Sendable {
    /// The latest term this node has seen.
    public var term: UInt64
    /// The node voted for in `term`; 0 for none.
    public var vote: UInt64
    /// The highest index known committed; recovery may start applying up to it.
    public var commit: UInt64

    /// A hard state.
    public init(term: UInt64, vote: UInt64, commit: UInt64) {
        self.term = term
        self.vote = vote
        self.commit = commit
    }

    /// A node that has never started: term 0, no vote, nothing committed.
    public static let initial = StoredHardState(term: 0, vote: 0, commit: 0)
}

/// Where a snapshot sits in the log, and the cluster configuration it includes
/// (opaque bytes the Raft adapter encodes).
public struct SnapshotMetadata: Equatable, Sendable {
    /// Index of the last entry the snapshot covers.
    public var index: UInt64
    /// Term of that entry.
    public var term: UInt64
    /// The cluster membership as of `index`, encoded by the Raft adapter.
    public var configuration: [UInt8]

    /// Snapshot metadata.
    public init(index: UInt64, term: UInt64, configuration: [UInt8] = []) {
        self.index = index
        self.term = term
        self.configuration = configuration
    }
}

/// What the event loop hands to the WAL in one `submit`: Raft's "persist these" of one
/// Ready. Entries must continue the log (first index ≤ last stored index + 1); an entry
/// at an index already stored replaces it and everything after it (Raft §5.3).
public struct WriteBatch: Sendable {
    /// New or replacing entries, in index order, contiguous.
    public var entries: [StoredEntry]
    /// The hard state to record after the entries, if it changed.
    public var hardState: StoredHardState?
    /// False for a batch nothing waits on, such as a new commit index alone (a restart
    /// hint: etcd's MustSync rule). Under `always`, a group holding only such batches is
    /// written without `fdatasync`; the next synced group makes it durable along with
    /// everything before it, and a crash before that loses only the hint.
    public var mustSync: Bool

    /// A batch; either part may be empty.
    public init(entries: [StoredEntry] = [], hardState: StoredHardState? = nil, mustSync: Bool = true) {
        self.entries = entries
        self.hardState = hardState
        self.mustSync = mustSync
    }
}

/// A snapshot read back from disk.
public struct RecoveredSnapshot: Sendable {
    /// Where the snapshot sits in the log.
    public var metadata: SnapshotMetadata
    /// The serialized keyspace exactly as it was streamed to `saveSnapshot`.
    public var data: [UInt8]
    /// File the snapshot came from, for the log.
    public var path: String
}

/// Everything a node needs to resume after a restart or a crash.
public struct Recovered: Sendable {
    /// The last hard state written, or `.initial` on a fresh data directory.
    public var hardState: StoredHardState
    /// The newest snapshot whose checksum verifies, if any.
    public var snapshot: RecoveredSnapshot?
    /// The log after the snapshot, contiguous, with overwritten entries already resolved.
    public var entries: [StoredEntry]
    /// What recovery did that an operator should see (torn tail truncated, stray files
    /// removed), one human-readable line each.
    public var logLines: [String]
}
