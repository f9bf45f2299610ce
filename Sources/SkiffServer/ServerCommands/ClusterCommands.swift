import Cluster
import RESP

/// ROLE and the RAFT.* commands.
extension Server {
    /// Redis's ROLE: `master` with its replicas, or `slave` of the leader.
    func role(_ client: Client) {
        guard let cluster else {
            client.output.arrayHeader(3)
            client.output.bulk("master")
            client.output.integer(0)
            client.output.arrayHeader(0)
            return
        }
        if cluster.isLeader {
            let followers = cluster.peerMatchIndexes.filter { $0.id != cluster.configuration.nodeID }
            client.output.arrayHeader(3)
            client.output.bulk("master")
            client.output.integer(Int(cluster.lastAppliedIndex))
            client.output.arrayHeader(followers.count)
            for follower in followers {
                let member = cluster.configuration.member(follower.id)
                client.output.arrayHeader(3)
                client.output.bulk(member?.host ?? "?")
                client.output.bulk(String(member?.clientPort ?? 0))
                client.output.bulk(String(follower.matchIndex))
            }
            return
        }
        let leader = cluster.leaderClientAddress
        client.output.arrayHeader(5)
        client.output.bulk("slave")
        client.output.bulk(leader?.host ?? "?")
        client.output.integer(leader?.port ?? 0)
        client.output.bulk(leader == nil ? "connect" : "connected")
        client.output.integer(Int(cluster.lastAppliedIndex))
    }

    func raftCommand(_ name: String, _ client: Client) {
        guard let cluster else {
            client.output.error("ERR This node is not part of a Raft cluster (start it with appendonly yes or cluster-peers)")
            return
        }
        switch name {
        case "raft.info":
            client.output.verbatim(Array((infoSectionText("raft") ?? "").utf8))
        case "raft.transfer_leader":
            guard cluster.isLeader else {
                client.output.error("ERR This node is not the leader")
                return
            }
            let slot = client.reserveSlot()
            cluster.transferLeadership { [weak client, weak cluster] in
                guard let client else { return }
                var reply = ReplyWriter(protocolVersion: client.protocolVersion)
                if cluster?.isLeader == false { reply.ok() } else { reply.error("ERR Leadership transfer timed out") }
                client.fill(slot, with: reply.bytes)
            }
        default:
            client.output.error("ERR unknown command '\(name)'")
        }
    }
}
