// INFO `replication` and `raft` fields (DESIGN §6): roles mapped onto Redis's words so
// existing tools read the topology, plus Raft's own numbers. The server prints each pair
// as `name:value`.

import Raft

extension ClusterNode {
    /// INFO `replication`: the leader is `role:master` with its followers as `slaveN`
    /// lines; a follower is `role:slave` with the leader's client address.
    public func replicationInfo() -> [(name: String, value: String)] {
        if raft.role == .leader {
            var fields: [(String, String)] = [("role", "master")]
            let peers = raft.peerProgress
            fields.append(("connected_slaves", "\(peers.count)"))
            for (i, peer) in peers.enumerated() {
                let member = self.member(peer.id)
                let state = peer.progress.recentActive ? "online" : "wait_bgsave"
                let lag = raft.lastIndex - min(raft.lastIndex, peer.progress.match)
                fields.append(("slave\(i)", "ip=\(member?.host ?? "?"),port=\(member?.clientPort ?? 0),state=\(state),"
                               + "offset=\(peer.progress.match),lag=\(lag)"))
            }
            fields.append(("master_repl_offset", "\(raft.lastIndex)"))
            return fields
        }
        let address = leaderClientAddress
        return [
            ("role", "slave"),
            ("master_host", address?.host ?? ""),
            ("master_port", "\(address?.port ?? 0)"),
            ("master_link_status", address != nil && transport?.isConnected(to: raft.leaderID) == true ? "up" : "down"),
            ("slave_repl_offset", "\(appliedIndex)"),
            ("slave_read_only", "1"),
            ("master_repl_offset", "\(raft.commitIndex)"),
        ]
    }

    /// INFO `raft`: term, leader, indexes, members and (on the leader) match indexes.
    public func raftInfo() -> [(name: String, value: String)] {
        let roleName: String
        switch raft.role {
        case .leader: roleName = "leader"
        case .follower: roleName = "follower"
        case .candidate: roleName = "candidate"
        case .preCandidate: roleName = "pre-candidate"
        }
        var fields: [(String, String)] = [
            ("raft_node_id", "\(configuration.nodeID)"),
            ("raft_role", roleName),
            ("raft_term", "\(raft.term)"),
            ("raft_leader_id", "\(raft.leaderID)"),
            ("raft_commit_index", "\(raft.commitIndex)"),
            ("raft_applied_index", "\(appliedIndex)"),
            ("raft_last_log_index", "\(raft.lastIndex)"),
            ("raft_snapshot_index", "\(raft.snapshotIndex)"),
            ("raft_voters", raft.configuration.voters.map(String.init).joined(separator: ",")),
            ("raft_learners", raft.configuration.learners.map(String.init).joined(separator: ",")),
            ("raft_pending_writes", "\(pendingWrites.count)"),
            ("raft_peer_frames_dropped", "\(transportStatistics.framesDropped)"),
        ]
        for peer in raft.peerProgress {
            fields.append(("raft_member_\(peer.id)", "match_index=\(peer.progress.match),state=\(peer.progress.state)"))
        }
        return fields
    }

    /// A cluster id as INFO, RAFT.CLUSTER INIT and the identity file print it: 16 hex digits.
    public static func clusterIDText(_ id: UInt64) -> String {
        let digits = String(id, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}
