// Messages exchanged between Raft servers. The core never sends anything itself: it puts
// messages in `Ready.messages` and the application delivers them (any transport, any order,
// possibly lost or duplicated: Raft tolerates all three, §5.1).

/// One message between two servers.
public struct Message: Sendable {
    /// Sender.
    public var from: NodeID
    /// Receiver.
    public var to: NodeID
    /// Sender's term (for `.preVote` the term it would campaign in, §9.6 of the thesis).
    public var term: UInt64
    /// What the message says.
    public var kind: Kind

    /// An append or a heartbeat: what a leader sends to replicate its log.
    public var isLeaderReplication: Bool {
        switch kind {
        case .append, .heartbeat: return true
        default: return false
        }
    }

    /// Creates a message.
    public init(from: NodeID, to: NodeID, term: UInt64, kind: Kind) {
        self.from = from
        self.to = to
        self.term = term
        self.kind = kind
    }

    /// The message kinds of the Raft paper and thesis, plus ReadIndex forwarding (§6.4).
    public enum Kind: Sendable {
        /// AppendEntries (§5.3): entries follow `prevIndex`/`prevTerm`; `commit` is the
        /// leader's commit index.
        case append(prevIndex: UInt64, prevTerm: UInt64, entries: [Entry], commit: UInt64)
        /// Reply to `.append` or a completed snapshot.
        case appendResponse(AppendResponse)
        /// Leader liveness plus commit index; `round` numbers the heartbeat round that
        /// confirms ReadIndex reads and the lease (thesis §6.4).
        case heartbeat(commit: UInt64, round: UInt64)
        /// Echoes the heartbeat round.
        case heartbeatResponse(round: UInt64)
        /// RequestVote (§5.2); `transfer` marks an election started by TimeoutNow (§3.10),
        /// which voters must not ignore because of the leader lease.
        case vote(lastIndex: UInt64, lastTerm: UInt64, transfer: Bool)
        /// Reply to `.vote`.
        case voteResponse(reject: Bool)
        /// Pre-vote (thesis §9.6): would you vote for me in `term`? Changes no state.
        case preVote(lastIndex: UInt64, lastTerm: UInt64)
        /// Reply to `.preVote`; a grant carries the proposed term.
        case preVoteResponse(reject: Bool)
        /// One chunk of InstallSnapshot (§7): bytes `offset..<offset+chunk.count`.
        case installSnapshot(metadata: SnapshotMetadata, offset: Int, chunk: [UInt8], done: Bool)
        /// Acknowledges snapshot chunks: the receiver has the first `nextOffset` bytes.
        case snapshotResponse(index: UInt64, nextOffset: Int)
        /// Leader transfer (thesis §3.10): start an election now.
        case timeoutNow
        /// A follower forwards a ReadIndex request to the leader.
        case readIndex(context: UInt64)
        /// The leader's answer: the read may be served once `index` is applied.
        case readIndexResponse(context: UInt64, index: UInt64)
    }

    /// Approximate encoded size, for accounting in transports and the simulator.
    public var approximateBytes: Int {
        switch kind {
        case .append(_, _, let entries, _):
            var total = 48
            for entry in entries { total += entry.approximateBytes }
            return total
        case .installSnapshot(_, _, let chunk, _): return 64 + chunk.count
        default: return 40
        }
    }
}

/// Reply to AppendEntries (§5.3) with the fast back-off hint of etcd/raft (thesis §5.3 end).
public struct AppendResponse: Sendable, Equatable {
    /// Accepted: the follower's log matches the leader's through `index`.
    /// Rejected: the `prevIndex` that did not match.
    public var index: UInt64
    /// Whether the log-matching check failed.
    public var reject: Bool
    /// On reject: the follower's largest index `i <= min(prevIndex, lastIndex)` whose term is
    /// at most `prevTerm`; the logs may agree up to there, so the leader can skip a whole term.
    public var hintIndex: UInt64
    /// On reject: the follower's term at `hintIndex`.
    public var hintTerm: UInt64

    /// Creates an append response.
    public init(index: UInt64, reject: Bool = false, hintIndex: UInt64 = 0, hintTerm: UInt64 = 0) {
        self.index = index
        self.reject = reject
        self.hintIndex = hintIndex
        self.hintTerm = hintTerm
    }
}
