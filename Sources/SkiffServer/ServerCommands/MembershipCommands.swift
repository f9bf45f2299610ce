import Cluster
import RESP

/// RAFT.CLUSTER INIT|JOIN and RAFT.NODE ADD|REMOVE: growing and shrinking a cluster at run
/// time, under RedisRaft's names and reply shapes.
///
///   RAFT.CLUSTER INIT              -> +OK <cluster-id>   (a fresh node: no keys, no cluster)
///   RAFT.CLUSTER JOIN host:port    -> +OK                 once this node is a voter
///   RAFT.NODE ADD id host:port[@peerport] -> *2 :id $<cluster-id>  once a learner (leader only)
///   RAFT.NODE REMOVE id            -> +OK                 once applied (leader only; may be itself)
///
/// A follower answers RAFT.NODE with `-ERR membership changes go to the leader (host:port)`.
extension Server {
    func membershipCommand(_ name: String, _ client: Client) {
        switch name {
        case "raft.cluster|init": clusterInit(client)
        case "raft.cluster|join": clusterJoinCommand(client)
        case "raft.node|add": nodeAdd(client)
        case "raft.node|remove": nodeRemove(client)
        default: client.output.error("ERR unknown subcommand '\(name)'")
        }
    }

    private func clusterInit(_ client: Client) {
        if let refusal = refusalToBecomeMember() { return client.output.error(refusal) }
        var clusterID: UInt64 = 0
        while clusterID == 0 { clusterID = UInt64.random(in: .min ... .max) }
        let identity = ClusterIdentity(nodeID: newNodeID(), clusterID: clusterID, origin: .initialized,
                                       host: announcedHost ?? "127.0.0.1")
        do {
            try ClusterSetup.become(self, identity)
        } catch {
            return client.output.error("ERR RAFT.CLUSTER INIT failed: \(error)")
        }
        logger.notice("initialised cluster \(ClusterNode.clusterIDText(clusterID)) as node \(identity.nodeID)")
        client.output.simpleString("OK \(ClusterNode.clusterIDText(clusterID))")
    }

    private func clusterJoinCommand(_ client: Client) {
        let address = client.arguments.string(2)
        guard let (host, port, _) = ClusterSetup.parseAddress(address) else {
            return client.output.error("ERR invalid address '\(address)': expected host:port")
        }
        // A node of the same cluster may run JOIN again (after a removal, or a join that
        // timed out); a node of another cluster is refused once the contact's id is known.
        if clusterIdentity == nil, let refusal = refusalToBecomeMember() { return client.output.error(refusal) }
        guard clusterJoin == nil else { return client.output.error("ERR a RAFT.CLUSTER JOIN is already in progress") }
        let slot = client.reserveSlot()
        clusterJoin = ClusterJoin(server: self, host: host, port: port) { [weak self, weak client] error in
            self?.clusterJoin = nil
            guard let client else { return }
            var reply = ReplyWriter(protocolVersion: client.protocolVersion)
            if let error { reply.error(error) } else { reply.ok() }
            client.fill(slot, with: reply.bytes)
        }
    }

    private func nodeAdd(_ client: Client) {
        guard let cluster = memberCluster(client) else { return }
        let address = client.arguments.string(3)
        guard let id = Self.parseNodeID(client.arguments.string(2)) else {
            return client.output.error("ERR invalid node id '\(client.arguments.string(2))'")
        }
        guard let (host, port, peerPort) = ClusterSetup.parseAddress(address) else {
            return client.output.error("ERR invalid address '\(address)': expected host:port[@peerport]")
        }
        let member = ClusterMember(id: id, host: host, clientPort: port, peerPort: peerPort)
        let slot = client.reserveSlot()
        let clusterID = ClusterNode.clusterIDText(cluster.configuration.clusterID)
        cluster.addMember(member, answerOnceLearner: true) { [weak client] error in
            guard let client else { return }
            var reply = ReplyWriter(protocolVersion: client.protocolVersion)
            if let error {
                reply.error(error)
            } else {
                reply.arrayHeader(2)
                reply.integer(Int(id))
                reply.bulk(clusterID)
            }
            client.fill(slot, with: reply.bytes)
        }
    }

    private func nodeRemove(_ client: Client) {
        guard let cluster = memberCluster(client) else { return }
        guard let id = Self.parseNodeID(client.arguments.string(2)) else {
            return client.output.error("ERR invalid node id '\(client.arguments.string(2))'")
        }
        let slot = client.reserveSlot()
        cluster.removeMember(id) { [weak client] error in
            guard let client else { return }
            var reply = ReplyWriter(protocolVersion: client.protocolVersion)
            if let error { reply.error(error) } else { reply.ok() }
            client.fill(slot, with: reply.bytes)
        }
    }

    /// The cluster RAFT.NODE changes, or nil after answering why there is none: a one-member
    /// node that never ran INIT has a cluster id derived from its node id alone, so two such
    /// nodes would look like one cluster.
    private func memberCluster(_ client: Client) -> ClusterNode? {
        guard let cluster, acceptsMembers else {
            client.output.error("ERR This node is not part of a Raft cluster yet: run RAFT.CLUSTER INIT or JOIN first")
            return nil
        }
        return cluster
    }

    /// Whether RAFT.NODE ADD works here: a cluster made by INIT/JOIN or `cluster-peers`, not a
    /// lone node whose cluster id derives from its node id alone.
    var acceptsMembers: Bool { clusterIdentity != nil || !config["cluster-peers"].isEmpty }

    /// Why this node cannot INIT or JOIN, or nil if it can.
    private func refusalToBecomeMember() -> String? {
        if let identity = clusterIdentity {
            return "ERR This node is already a member of cluster \(ClusterNode.clusterIDText(identity.clusterID))"
        }
        if !config["cluster-peers"].isEmpty { return "ERR This node is already a member of a cluster (cluster-peers)" }
        guard cluster != nil else {
            return "ERR A cluster member needs 'appendonly yes' (it must keep its log across restarts)"
        }
        if clusterJoin != nil { return "ERR a RAFT.CLUSTER JOIN is already in progress" }
        if (0..<keyspace.databaseCount).contains(where: { keyspace[$0].count > 0 }) {
            return "ERR This node holds keys; only an empty node can initialise or join a cluster"
        }
        return nil
    }

    /// `cluster-node-id` if set, else a random id (kept in the identity file from then on).
    func newNodeID() -> UInt64 {
        let configured = UInt64(config.integer("cluster-node-id"))
        return configured != 0 ? configured : UInt64.random(in: 1...UInt64(Int32.max))
    }

    /// The first specific `bind` address, which peers can dial; nil for a wildcard.
    var announcedHost: String? {
        guard let first = config["bind"].split(separator: " ").first else { return nil }
        let host = first.hasPrefix("-") ? String(first.dropFirst()) : String(first)
        return ["*", "::*", "0.0.0.0", "::"].contains(host) ? nil : host
    }

    static func parseNodeID(_ text: String) -> UInt64? {
        guard let id = UInt64(text), id > 0, id <= UInt64(Int32.max) else { return nil }
        return id
    }
}
