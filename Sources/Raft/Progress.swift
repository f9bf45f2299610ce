// The leader's view of one follower (etcd/raft's Progress; thesis §3.5 nextIndex and
// matchIndex, plus flow control of thesis §10.2.1).

/// How the leader currently replicates to a follower.
public enum ProgressState: UInt8, Sendable {
    /// Unknown match: send one append at a time and wait for the answer.
    case probe
    /// Known match: stream appends optimistically, at most `maxInflightMessages` unacknowledged.
    case replicate
    /// The follower needs entries the leader compacted away: send a snapshot in chunks.
    case snapshot
}

/// Replication state of one peer, kept by the leader.
public struct Progress: Sendable {
    /// The peer this progress describes.
    public internal(set) var id: NodeID = 0
    /// Highest index known replicated on the peer.
    public internal(set) var match: UInt64
    /// Next index to send.
    public internal(set) var next: UInt64
    /// Flow-control state.
    public internal(set) var state: ProgressState
    /// Whether the peer is a learner (does not count in quorums).
    public internal(set) var isLearner: Bool
    /// Whether the peer answered since the last check-quorum round (§6.2).
    public internal(set) var recentActive: Bool
    /// In probe state: an append was sent and no answer came yet.
    var probeSent: Bool
    /// Last indices of appends in flight, oldest first (replicate state).
    var inflight: Inflights
    /// In snapshot state: index of the snapshot being sent, and bytes acknowledged so far.
    var pendingSnapshotIndex: UInt64
    var snapshotNextOffset: Int
    var snapshotLastSentTick: UInt64
    /// Highest heartbeat round the peer echoed (ReadIndex and lease, thesis §6.4).
    var ackedRound: UInt64

    init(next: UInt64, isLearner: Bool, maxInflight: Int) {
        match = 0
        self.next = next
        state = .probe
        self.isLearner = isLearner
        recentActive = false
        probeSent = false
        inflight = Inflights(capacity: maxInflight)
        pendingSnapshotIndex = 0
        snapshotNextOffset = 0
        snapshotLastSentTick = 0
        ackedRound = 0
    }

    /// Whether the leader must wait before sending more appends.
    var isPaused: Bool {
        switch state {
        case .probe: return probeSent
        case .replicate: return inflight.isFull
        case .snapshot: return true
        }
    }

    mutating func becomeProbe() {
        if state == .snapshot {
            next = max(match + 1, pendingSnapshotIndex + 1)
        } else {
            next = match + 1
        }
        state = .probe
        probeSent = false
        inflight.reset()
        pendingSnapshotIndex = 0
    }

    mutating func becomeReplicate() {
        state = .replicate
        next = match + 1
        probeSent = false
        inflight.reset()
    }

    mutating func becomeSnapshot(index: UInt64) {
        state = .snapshot
        pendingSnapshotIndex = index
        snapshotNextOffset = 0
        inflight.reset()
    }

    /// Records an acknowledgement through `index`; returns whether it was news.
    mutating func maybeUpdate(_ index: UInt64) -> Bool {
        var updated = false
        if index > match {
            match = index
            updated = true
            probeSent = false
        }
        next = max(next, index + 1)
        return updated
    }
}

/// A bounded FIFO of the last index of each append in flight.
struct Inflights: Sendable {
    private var buffer: [UInt64]
    private var start = 0
    private(set) var count = 0

    init(capacity: Int) { buffer = Array(repeating: 0, count: capacity) }

    var isFull: Bool { count == buffer.count }

    mutating func add(_ lastIndex: UInt64) {
        precondition(!isFull, "inflight window overflow")
        buffer[(start + count) % buffer.count] = lastIndex
        count += 1
    }

    /// Forgets every message whose entries are acknowledged through `index`.
    mutating func free(through index: UInt64) {
        while count > 0 && buffer[start] <= index {
            start = (start + 1) % buffer.count
            count -= 1
        }
    }

    mutating func freeFirst() {
        guard count > 0 else { return }
        start = (start + 1) % buffer.count
        count -= 1
    }

    mutating func reset() {
        start = 0
        count = 0
    }
}
