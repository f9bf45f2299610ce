// Workaround: telling a follower the commit index it is missing.
//
// The Raft core sends a commit update to a follower when the commit index advances, but
// only to followers whose log is then complete. In a three-node cluster the commit index
// advances on the first follower's acknowledgement; the second one learns it only from the
// next heartbeat, a whole tick later (100 ms). When that follower holds the client waiting
// for the write, every follower write pays the tick.
//
// Until the core sends an empty append to such a follower (etcd/raft's `CanBumpCommit`),
// the leader asks for a ReadIndex round whenever an acknowledgement shows a follower
// behind on the commit index: the round's heartbeat carries min(match, commit) to every
// follower. The round's ReadState has a context no read waits for, so it is ignored.
// Rounds are batched by the core (one outstanding at a time), which bounds the traffic.

import Raft

extension ClusterNode {
    /// Contexts of bump rounds have the top bit set; client reads count up from 1.
    static let commitBumpContextBit: UInt64 = 1 << 63

    /// Records the commit index each outgoing message tells its receiver.
    func noteCommitTold(_ message: Message) {
        let told: UInt64
        switch message.kind {
        case .append(let prevIndex, _, let entries, let commit):
            told = min(commit, prevIndex + UInt64(entries.count))
        case .heartbeat(let commit, _):
            told = commit
        default:
            return
        }
        if told > commitTold[message.to, default: 0] { commitTold[message.to] = told }
    }

    /// After the leader stepped an acknowledgement from `peer`: start a heartbeat round if
    /// the peer could commit more than it was told.
    func bumpCommitIfBehind(_ peer: NodeID) {
        guard raft.role == .leader,
              let match = raft.peerProgress.first(where: { $0.id == peer })?.progress.match else { return }
        let committable = min(match, raft.commitIndex)
        guard committable > commitTold[peer, default: 0] else { return }
        commitTold[peer] = committable  // at most one bump per increase
        nextCommitBump += 1
        try? raft.readIndex(context: Self.commitBumpContextBit | nextCommitBump)
    }
}
